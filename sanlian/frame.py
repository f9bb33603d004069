"""What every page calls first: page config, database check, navigation, filters, as-of stamp.

The filters live in one non-widget session key (`filters`) and in the URL. Widgets are seeded
from that key whenever Streamlit has dropped their state (legacy `pages/` mode drops widget state
on every page switch), and every run writes the filters back to the URL, so page links, reloads
and copied links all reproduce the view.
"""

from dataclasses import dataclass, replace

import streamlit as st

from sanlian import auth, data, labels, settings, users
from sanlian.audit import Event
from sanlian.filters import COMPARISONS, LINKS, PRESETS, Filters, preset_of, preset_range


@dataclass(frozen=True)
class Page:
    """One entry of the sidebar navigation."""

    path: str
    label: str
    icon: str
    roles: tuple[str, ...] | None = None  # who may open it (None = everyone; auth.OPEN_DEMO = the open demo)


PAGES = (
    Page("app.py", "总览", ":material/dashboard:"),
    Page("pages/map.py", "结对地图", ":material/map:"),
    Page("pages/visits.py", "走访联系", ":material/directions_walk:"),
    Page("pages/issues.py", "民情办结", ":material/task_alt:"),
    Page("pages/incomes.py", "增收成效", ":material/trending_up:"),
    Page("pages/projects.py", "共建项目", ":material/handshake:"),
    Page("pages/township.py", "乡镇画像", ":material/location_city:"),
    Page("pages/data.py", "数据管理", ":material/database:", (users.Role.DATA_ADMIN, auth.OPEN_DEMO)),
    Page("pages/present.py", "汇报", ":material/slideshow:"),
    Page("pages/audit.py", "审计日志", ":material/policy:", (users.Role.COUNTY, users.Role.DATA_ADMIN)),
)

FAVICON = settings.ROOT / "sanlian" / "favicon.png"
# TOWNS_WIDGET is public: the benchmark picks townships through it as a user does.
TOWNS_WIDGET, _DATES, _PRESET, _LINK, _COMPARE = "w_towns", "w_dates", "w_preset", "w_link", "w_compare"
_PRESENT, _UNMASKED = "w_present", "w_unmasked"

# Presentation mode: no sidebar or toolbar, large type and high contrast for a projector.
PRESENT_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
html {font-size: 19px;}
.st-key-exit_present {position: fixed; top: 0.5rem; right: 1.2rem; z-index: 1000; width: auto !important;}
[data-testid="stMainBlockContainer"] {max-width: 100%; padding: 0.6rem 2.2rem 1rem;}
[data-testid="stMetricValue"] {font-size: 2.2rem; color: #000;}
[data-testid="stMetricLabel"] p {font-size: 1rem; color: #222;}
h1 {color: #a50d25; font-size: 1.5rem !important; padding: 0 !important;}
h3 {font-size: 1.3rem !important;}
</style>"""


# Every page: Streamlit's English that has no API to change it is hidden (README, "界面中的英文").
# The table toolbar (Show/hide columns, Download as CSV, Search, Fullscreen) and the charts' and map's
# Fullscreen buttons live in stElementToolbar: the app's own 导出 Excel / 导出 CSV buttons replace them.
# The date picker's "Date range / Select…" quick picks duplicate the 时间范围 pills.
# The ledger uploader's "Upload" and "20MB per file" are hidden and Chinese drawn in their place.
PAGE_CSS = """<style>
[data-testid="stElementToolbar"], [data-testid="stDateInputQuickSelect"] {display: none !important;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span {visibility: hidden; font-size: 0;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after
    {visibility: visible; font-size: 0.875rem; content: "选择文件";}
[data-testid="stFileUploaderDropzoneInstructions"] span::after
    {visibility: visible; font-size: 0.875rem; content: "或拖放到此处，单个文件不超过 %d MB";}
</style>"""


@dataclass(frozen=True)
class Context:
    """What a page needs after frame(): the filters, the dataset facts and the query parameters."""

    filters: Filters
    info: data.DatasetInfo
    params: dict


def frame(title: str, icon: str) -> Context:
    """Set up the page and return the current filters; stops the page if the database is unusable."""
    # A local favicon: a material icon here would make the browser fetch it from the internet.
    st.set_page_config(page_title=f"{title} · 三联看板", page_icon=str(FAVICON), layout="wide")
    st.html(PAGE_CSS % st.get_option("server.maxUploadSize"))  # before the sign-in form, which stops it
    data.ensure_database()
    problem = data.database_problem()
    if problem:
        st.error(problem, icon=":material/error:")
        st.stop()
    access = _gate(title)
    info = _scoped_info(access)
    filters = _current_filters(info)
    if access.forced_present:
        st.session_state["present"] = True
    _sidebar(info, filters, access)
    filters = st.session_state["filters"]
    st.query_params.from_dict(_url_params(filters))
    if is_presenting():
        st.html(PRESENT_CSS)  # style only: goes to the event container, takes no space
    shown = filters.within(info.as_of)
    _header(title, info, shown)
    _log_view(title, filters)
    _period_notice(title, filters, shown, info)
    return Context(shown, info, data.params(shown, info))


# Pages that work on the data itself, not on a period of it: a future period does not empty them.
_WHOLE_DATA_PAGES = ("数据管理", "审计日志")


def _period_notice(title: str, chosen: Filters, shown: Filters, info: data.DatasetInfo) -> None:
    """Say when the period reaches past the as-of date and is cut there; a period wholly after it
    shows the empty state instead of zeros compared with the period before."""
    if chosen.date_from > info.as_of and title not in _WHOLE_DATA_PAGES:
        st.info(f"所选时段从 {labels.day(chosen.date_from)} 开始，在数据截至日 {labels.day(info.as_of)} 之后，"
                "还没有数据。请选择截至日以前的时段，或点击侧栏的“清除筛选”。", icon=":material/search_off:")
        st.stop()
    if chosen.date_to > info.as_of:
        st.info(f"所选时段到 {labels.day(chosen.date_to)}，晚于数据截至日 {labels.day(info.as_of)}："
                f"统计只算到 {labels.day(info.as_of)}（共 {shown.days():,} 天），" + (
                    f"同比也只比上一年的同一段 {shown.days():,} 天。" if shown.compare == "yoy"
                    else f"较上期也按等长的 {shown.days():,} 天比较。"), icon=":material/content_cut:")


def _gate(title: str) -> auth.Access:
    """Sign-in (when a users file exists) and the page's role check; stops the page if refused."""
    if not users.exists():
        access = auth.DEMO
    else:
        user = auth.signed_in_user()
        if user is None:
            st.session_state.pop(auth.ACCESS_KEY, None)
            data.set_scope(data.Scope((), ()))
            auth.sign_in_form(lambda name, event, detail: data.record(event, title, detail, user=name))
            st.stop()
        access = auth.access_for(user)
    st.session_state[auth.ACCESS_KEY] = access
    codes = data.township_codes()
    scope = auth.scope_codes(access, codes)
    data.set_scope(None if scope is None else
                   data.Scope(scope, tuple(n for n, c in codes.items() if c in scope)))
    page = next((p for p in PAGES if p.label == title), None)
    if page is not None and not access.may_open(page.roles):
        _sidebar_account(access)
        data.record(Event.ACCESS_DENIED, title, "角色无权打开此页面")
        st.error(f"您的账户（{access.label}）无权打开“{title}”页面。", icon=":material/block:")
        st.stop()
    if access.towns == () or (access.towns and scope == (data.dataset.NO_TOWNSHIP,)):
        _sidebar_account(access)
        st.warning("您的账户没有分配角色或乡镇，看不到任何数据。请联系数据管理员用 "
                   "`python -m sanlian.users` 设置角色和乡镇。", icon=":material/block:")
        st.stop()
    return access


def _scoped_info(access: auth.Access) -> data.DatasetInfo:
    """The dataset facts within the scope; refuses imported data in the open demo mode."""
    info = data.dataset_info()
    if access.demo and info.kind == "imported":
        st.error("数据库中是导入的真实数据（含个人信息），但尚未配置登录用户，不能在演示模式下显示。"
                 "请先添加用户，例如 `python -m sanlian.users add 张三 --role 数据管理员`"
                 f"（用户文件：{settings.users_path()}），再刷新页面登录。", icon=":material/lock:")
        st.stop()
    return info


def _log_view(title: str, filters: Filters) -> None:
    """One audit entry per page and filter combination the session looks at."""
    seen = (title, str(sorted(_url_params(filters).items())))
    if st.session_state.get("audit_seen") != seen:
        st.session_state["audit_seen"] = seen
        data.record(Event.PAGE_VIEW, title, filters.describe() + (" · 投影模式" if is_presenting() else ""))


def is_presenting() -> bool:
    """True in presentation mode (?present=1 or the sidebar switch): personal data is masked."""
    return st.session_state.get("present", False)


def masks_exports() -> bool:
    """Exports are masked unless the user explicitly asked otherwise, and always when presenting
    or when the role may not export personal data (乡镇, 展示)."""
    return (is_presenting() or not auth.current().export_unmasked_allowed
            or not st.session_state.get("export_unmasked", False))


def _url_params(filters: Filters) -> dict:
    params = filters.to_query_params()
    if is_presenting():
        params["present"] = "1"
    return params


def _set_present(on: bool) -> None:
    on = on or auth.current().forced_present
    st.session_state["present"] = on
    st.session_state[_PRESENT] = on


def existing_pages() -> list[Page]:
    """The navigation entries whose page file exists and that the open demo mode shows."""
    return visible_pages(auth.DEMO)


def visible_pages(access: auth.Access) -> list[Page]:
    """The navigation entries this session may open."""
    return [p for p in PAGES if (settings.ROOT / p.path).exists() and access.may_open(p.roles)]


def set_towns(towns: list[str]) -> None:
    """Change the township filter from a callback (chart or map click)."""
    st.session_state["filters"] = st.session_state["filters"].with_towns(towns)
    st.session_state[TOWNS_WIDGET] = list(towns)


def _current_filters(info: data.DatasetInfo) -> Filters:
    """The session's filters, read from the URL on the session's first run."""
    if "filters" not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        outside = [t for t in params.get("town", []) if t not in info.towns and t in _all_towns()]
        if outside:
            params["town"] = [t for t in params["town"] if t not in outside]
            st.warning(f"链接中的乡镇“{'、'.join(outside)}”不在您的查看范围内，已忽略。", icon=":material/block:")
            data.record(Event.ACCESS_DENIED, "", f"链接中的范围外乡镇：{'、'.join(outside)}")
        filters, notices = Filters.from_query_params(params, list(info.towns), info.as_of,
                                                     info.data_start)
        st.session_state["filters"] = filters
        st.session_state["present"] = st.query_params.get("present") == "1"
        for notice in notices:
            st.warning(notice, icon=":material/link_off:")
    elif st.session_state.get("filters_as_of") not in (None, info.as_of):
        # The data changed under this session (an import or a rebuild): keep the townships, move
        # the period to the new data's default.
        kept = [t for t in st.session_state["filters"].towns if t in info.towns]
        st.session_state["filters"] = Filters.default(info.as_of, info.data_start).with_towns(kept)
        for key in (TOWNS_WIDGET, _DATES, _PRESET, _LINK, _COMPARE):
            st.session_state.pop(key, None)
    st.session_state["filters_as_of"] = info.as_of
    # A map or chart click (set_towns) or an old session may name townships outside the scope.
    filters = st.session_state["filters"]
    kept = tuple(t for t in filters.towns if t in info.towns)
    if not kept and auth.current().towns is not None:
        kept = info.towns  # a scoped user's "all" is their scope: say so in titles and the brief
    if kept != filters.towns:
        st.session_state["filters"] = filters.with_towns(kept)
        st.session_state.pop(TOWNS_WIDGET, None)
    return st.session_state["filters"]


def _all_towns() -> set[str]:
    return set(data.township_codes())


def _seed_widgets(filters: Filters, info: data.DatasetInfo) -> None:
    """Give each filter widget its value from the filters when Streamlit has dropped it."""
    seeds = {
        TOWNS_WIDGET: list(filters.towns),
        _DATES: (filters.date_from, filters.date_to),
        _PRESET: preset_of(filters.date_from, filters.date_to, info.as_of, info.data_start),
        _LINK: filters.link,
        _COMPARE: filters.compare,
        _PRESENT: is_presenting(),
        _UNMASKED: st.session_state.get("export_unmasked", False),
    }
    for key, value in seeds.items():
        if key not in st.session_state:
            st.session_state[key] = value


def _on_towns() -> None:
    st.session_state["filters"] = st.session_state["filters"].with_towns(st.session_state[TOWNS_WIDGET])


def _on_preset(info: data.DatasetInfo) -> None:
    preset = st.session_state[_PRESET]
    if preset is None:
        return
    date_from, date_to = preset_range(preset, info.as_of, info.data_start)
    _store_dates(date_from, date_to)


def _on_dates(info: data.DatasetInfo) -> None:
    picked = st.session_state[_DATES]
    if isinstance(picked, (tuple, list)) and len(picked) == 2:  # half-picked ranges wait
        _store_dates(*picked)
        st.session_state[_PRESET] = preset_of(*picked, info.as_of, info.data_start)


def _store_dates(date_from, date_to) -> None:
    st.session_state["filters"] = replace(st.session_state["filters"], date_from=date_from,
                                          date_to=date_to)
    st.session_state[_DATES] = (date_from, date_to)


def _on_link() -> None:
    st.session_state["filters"] = replace(st.session_state["filters"], link=st.session_state[_LINK])


def _on_compare() -> None:
    st.session_state["filters"] = replace(st.session_state["filters"], compare=st.session_state[_COMPARE])


def _on_clear(info: data.DatasetInfo) -> None:
    default = Filters.default(info.as_of, info.data_start)
    st.session_state["filters"] = default
    for key in (TOWNS_WIDGET, _DATES, _PRESET, _LINK, _COMPARE):
        st.session_state.pop(key, None)


def _sidebar_account(access: auth.Access) -> None:
    """Who is signed in, and the 退出登录 button; or the demo-mode notice."""
    with st.sidebar:
        if access.demo:
            st.markdown(f":orange-background[:material/info: **{auth.DEMO_NOTICE}**]")
            return
        st.markdown(f"**{access.user}**  \n:gray[{access.label}]")
        st.button("退出登录", icon=":material/logout:", on_click=_sign_out, key="sign_out",
                  width="stretch")


def _sign_out() -> None:
    data.record(Event.SIGN_OUT)
    auth.sign_out()


def preset_days(info: data.DatasetInfo) -> str:
    """Which days each preset covers, counted back from the as-of date (本月 may be part of a month)."""
    lines = []
    for preset in PRESETS:
        start, end = preset_range(preset, info.as_of, info.data_start)
        lines.append(f"- {preset}：{labels.day(start)}至{labels.day(end)}（{(end - start).days + 1:,} 天）")
    return "按数据截至日计算：\n" + "\n".join(lines)


def _sidebar(info: data.DatasetInfo, filters: Filters, access: auth.Access) -> None:
    """Navigation links that carry the filters, then the filter widgets."""
    _seed_widgets(filters, info)
    _sidebar_account(access)
    with st.sidebar:
        st.subheader("三联看板", anchor=False)
        for page in visible_pages(access):
            st.page_link(page.path, label=page.label, icon=page.icon,
                         query_params=_url_params(filters))
        st.divider()
        st.multiselect("乡镇", list(info.towns), key=TOWNS_WIDGET, on_change=_on_towns, select_all=False,
                       placeholder="全县（可多选）" if access.towns is None else "全部可查看乡镇（可多选）")
        st.pills("时间范围", PRESETS, key=_PRESET, on_change=_on_preset, args=(info,),
                 help=preset_days(info))
        st.date_input("起止日期", key=_DATES, min_value=min(info.data_start, filters.date_from),
                      max_value=max(info.as_of, filters.date_to),
                      on_change=_on_dates, args=(info,), format="YYYY-MM-DD")
        st.selectbox("三联类型", list(LINKS), format_func=LINKS.get, key=_LINK, on_change=_on_link,
                     placeholder="请选择")
        st.radio("对比", list(COMPARISONS), format_func=COMPARISONS.get, key=_COMPARE, on_change=_on_compare,
                 horizontal=True, help="卡片上的变化与谁比：较上期为紧接在前、天数相同的时段；同比为上一年的同一段日期。")
        st.button("清除筛选", icon=":material/filter_alt_off:", on_click=_on_clear, args=(info,),
                  width="stretch")
        st.divider()
        if access.forced_present:
            return
        st.toggle("投影模式", key=_PRESENT, help="投影汇报用：隐藏侧栏、放大字号，并对农户和党员的姓名、电话脱敏。",
                  on_change=lambda: _set_present(st.session_state[_PRESENT]))
        if not access.export_unmasked_allowed:
            st.caption("本账户导出的姓名、电话一律脱敏。")
            return
        st.toggle("导出含未脱敏个人信息", key=_UNMASKED,
                  help="默认导出的姓名、电话已脱敏；仅在确需完整信息时打开（投影模式下始终脱敏）。",
                  on_change=lambda: st.session_state.update(export_unmasked=st.session_state[_UNMASKED]))


def _header(title: str, info: data.DatasetInfo, filters: Filters) -> None:
    """Title, the filter in words, the as-of date and the sample badge."""
    if is_presenting() and not auth.current().forced_present:
        with st.container(key="exit_present"):
            st.button("退出投影", icon=":material/close_fullscreen:", on_click=_set_present, args=(False,),
                      shortcut="Esc", type="tertiary")
    st.title(title, anchor=False)
    stamp = f"数据截至 {labels.day(info.as_of)} · {filters.describe()}"
    if info.is_sample:
        stamp += f" · :orange-badge[{labels.SAMPLE_BADGE}]"
    st.caption(stamp, help=labels.SAMPLE_NOTE if info.is_sample else None)
    if filters.link:
        st.caption(f":material/filter_alt: 三联类型“{LINKS[filters.link]}”只筛选民情问题、地图上的村级活动和明细列表；"
                   f"标“{labels.NOT_BY_LINK}”的指标不受它影响，仍是全部三联的数。")
