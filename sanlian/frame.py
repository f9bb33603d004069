"""What every page calls first: page config, database check, sign-in gate, sidebar (navigation,
filters, presentation switches), header and as-of stamp. Every run writes the filters back to the
URL, so page links, reloads and copied links reproduce the view. The parts live in nav,
filter_state and presenting."""

from dataclasses import dataclass

import streamlit as st

from sanlian import auth, data, failures, labels, settings, text, users
from sanlian.audit import Event
from sanlian.filter_state import (
    COMPARE_WIDGET,
    DATES_WIDGET,
    LINK_WIDGET,
    PRESET_WIDGET,
    TOWNS_WIDGET,
    UNMASKED_WIDGET,
    current_filters,
    on_clear,
    on_compare,
    on_dates,
    on_link,
    on_preset,
    on_towns,
    preset_days,
    seed_widgets,
    url_params,
)
from sanlian.filters import COMPARISONS, LINKS, PRESETS, Filters
from sanlian.nav import PAGES, visible_pages
from sanlian.presenting import (
    MEDIA_CSS,
    PRESENT_CSS,
    PRESENT_WIDGET,
    close_sidebar_on_phone,
    is_presenting,
    print_button,
    set_present,
)

FAVICON = settings.ROOT / "sanlian" / "favicon.png"

# Every page: Streamlit's English that has no API to change it is hidden (README, "界面中的英文").
# The table toolbar (Show/hide columns, Download as CSV, Search, Fullscreen) and the charts' and map's
# Fullscreen buttons live in stElementToolbar: the app's own 导出 menu (Excel, CSV) replaces them.
# The date picker's "Date range / Select…" quick picks duplicate the 时间范围 pills.
# The ledger uploader's "Upload" and "20MB per file" are hidden and Chinese drawn in their place.
# Metric cards carry their status against the target (widgets.metric_cards) as a coloured left edge.
PAGE_CSS = """<style>
[data-testid="stElementToolbar"], [data-testid="stDateInputQuickSelect"] {display: none !important;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span {visibility: hidden; font-size: 0;}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after
    {visibility: visible; font-size: 0.875rem; content: "选择文件";}
[data-testid="stFileUploaderDropzoneInstructions"] span::after
    {visibility: visible; font-size: 0.875rem; content: "或拖放到此处，单个文件不超过 %d MB";}
[class*="st-key-green_card_"] [data-testid="stMetric"] {border-left: 5px solid #2e7d32;}
[class*="st-key-amber_card_"] [data-testid="stMetric"] {border-left: 5px solid #f9a825;}
[class*="st-key-red_card_"] [data-testid="stMetric"] {border-left: 5px solid #c62828;}
</style>"""


@dataclass(frozen=True)
class Context:
    """What a page needs after frame(): the filters, the dataset facts and the query parameters."""

    filters: Filters
    info: data.DatasetInfo
    params: dict


def frame(title: str, icon: str) -> Context:
    """Set up the page and return the current filters; stops the page if the database is unusable.
    From here on an unexpected error shows a Chinese message and a reference number (failures)."""
    failures.catch_page_errors()
    # A local favicon: a material icon here would make the browser fetch it from the internet.
    st.set_page_config(page_title=f"{title} · 三联看板", page_icon=str(FAVICON), layout="wide")
    st.html(PAGE_CSS % st.get_option("server.maxUploadSize"))  # before the sign-in form, which stops it
    st.html(MEDIA_CSS)  # phone, touch screen and print
    data.ensure_database()
    problem = data.database_problem()
    if problem:
        st.error(problem, icon=":material/error:")
        st.stop()
    if users.exposed():
        _refuse_exposed_users_file()
    access = _gate(title)
    info = _scoped_info(access)
    filters = current_filters(info)
    if access.forced_present:
        st.session_state["present"] = True
    _sidebar(info, filters, access)
    if st.session_state.pop("towns_picked", False):
        close_sidebar_on_phone()
    filters = st.session_state["filters"]
    st.query_params.from_dict(url_params(filters))
    if is_presenting():
        st.html(PRESENT_CSS)  # style only: goes to the event container, takes no space
    shown = filters.within(info.as_of)
    _header(title, info, shown)
    _log_view(title, filters)
    _period_notice(title, filters, shown, info)
    return Context(shown, info, data.params(shown, info))


# Pages that work on the data itself, not on a period of it: a future period does not empty them.
_WHOLE_DATA_PAGES = ("数据管理", "审计日志", "目标设置")


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


def _refuse_exposed_users_file() -> None:
    """A users file others may read: a warning in the log, and no page at all over imported data."""
    path = settings.users_path()
    users.warn_exposed(str(path), path.stat().st_mode)
    if data.scoped_query(None, "dataset_info").iloc[0]["dataset_kind"] == "imported":
        st.error("用户文件的权限不安全：本机其他账户可以读取其中的密码散列。数据库中是导入的真实数据，"
                 "看板在修正之前不会打开。请系统管理员在服务器上对用户文件（SANLIAN_USERS）运行 "
                 "`chmod 600`，再刷新页面。", icon=":material/lock:")
        st.stop()


def _gate(title: str) -> auth.Access:
    """Sign-in (when a users file exists) and the page's role check; stops the page if refused."""
    if not users.exists():
        access = auth.DEMO
    else:
        def log(name: str, event: str, detail: str) -> None:
            data.record(event, title, detail, user=name)

        user = auth.signed_in_user(log)
        if user is None:
            st.session_state.pop(auth.ACCESS_KEY, None)
            data.set_scope(data.Scope((), ()))
            auth.sign_in_form(log)
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
        st.error(f"您的账户（{text.for_markdown(access.label)}）无权打开“{title}”页面。", icon=":material/block:")
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
    seen = (title, str(sorted(url_params(filters).items())))
    if st.session_state.get("audit_seen") != seen:
        st.session_state["audit_seen"] = seen
        data.record(Event.PAGE_VIEW, title, filters.describe() + (" · 投影模式" if is_presenting() else ""))


def _sidebar_account(access: auth.Access) -> None:
    """Who is signed in, and the 退出登录 button; or the demo-mode notice."""
    with st.sidebar:
        if access.demo:
            st.markdown(f":orange-background[:material/info: **{auth.DEMO_NOTICE}**]")
            return
        st.markdown(f"**{text.for_markdown(access.user)}**  \n:gray[{text.for_markdown(access.label)}]")
        st.button("退出登录", icon=":material/logout:", on_click=_sign_out, key="sign_out",
                  width="stretch")


def _sign_out() -> None:
    data.record(Event.SIGN_OUT)
    auth.sign_out()


def _sidebar(info: data.DatasetInfo, filters: Filters, access: auth.Access) -> None:
    """Navigation links that carry the filters, then the filter widgets."""
    seed_widgets(filters, info)
    _sidebar_account(access)
    with st.sidebar:
        st.subheader("三联看板", anchor=False)
        for page in visible_pages(access):
            st.page_link(page.path, label=page.label, icon=page.icon,
                         query_params=url_params(filters))
        st.divider()
        st.multiselect("乡镇", list(info.towns), key=TOWNS_WIDGET, on_change=_on_towns_picked, select_all=False,
                       placeholder="全县（可多选）" if access.towns is None else "全部可查看乡镇（可多选）")
        st.pills("时间范围", PRESETS, key=PRESET_WIDGET, on_change=on_preset, args=(info,),
                 help=preset_days(info))
        st.date_input("起止日期", key=DATES_WIDGET, min_value=min(info.data_start, filters.date_from),
                      max_value=max(info.as_of, filters.date_to),
                      on_change=on_dates, args=(info,), format="YYYY-MM-DD")
        st.selectbox("三联类型", list(LINKS), format_func=LINKS.get, key=LINK_WIDGET, on_change=on_link,
                     placeholder="请选择")
        st.radio("对比", list(COMPARISONS), format_func=COMPARISONS.get, key=COMPARE_WIDGET, on_change=on_compare,
                 horizontal=True, help="卡片上的变化与谁比：较上期为紧接在前、天数相同的时段；同比为上一年的同一段日期。")
        st.button("清除筛选", icon=":material/filter_alt_off:", on_click=on_clear, args=(info,),
                  width="stretch")
        st.divider()
        if access.forced_present:
            return
        print_button()
        st.toggle("投影模式", key=PRESENT_WIDGET, help="投影汇报用：隐藏侧栏、放大字号，并对农户和党员的姓名、电话脱敏。",
                  on_change=lambda: set_present(st.session_state[PRESENT_WIDGET]))
        if not access.export_unmasked_allowed:
            st.caption("本账户导出的姓名、电话一律脱敏。")
            return
        st.toggle("导出含未脱敏个人信息", key=UNMASKED_WIDGET,
                  help="默认导出的姓名、电话已脱敏；仅在确需完整信息时打开（投影模式下始终脱敏）。",
                  on_change=lambda: st.session_state.update(export_unmasked=st.session_state[UNMASKED_WIDGET]))


def _on_towns_picked() -> None:
    on_towns()
    st.session_state["towns_picked"] = True  # on a phone the sidebar then closes over the result


def _header(title: str, info: data.DatasetInfo, filters: Filters) -> None:
    """Title, the filter in words, the as-of date and the sample badge."""
    if is_presenting():  # the sidebar is hidden: its way out is up here (a 展示 account may only sign out)
        with st.container(key="exit_present"):
            if auth.current().forced_present:
                st.button("退出登录", icon=":material/logout:", on_click=_sign_out, key="sign_out_presenting",
                          type="tertiary")
            else:
                st.button("退出投影", icon=":material/close_fullscreen:", on_click=set_present, args=(False,),
                          shortcut="Esc", type="tertiary")
    st.title(title, anchor=False)
    stamp = f"数据截至 {labels.day(info.as_of)} · {text.for_markdown(filters.describe())}"
    if info.is_sample:
        stamp += f" · :orange-badge[{labels.SAMPLE_BADGE}]"
    st.caption(stamp, help=labels.SAMPLE_NOTE if info.is_sample else None)
    if filters.link:
        st.caption(f":material/filter_alt: 三联类型“{LINKS[filters.link]}”只筛选民情问题、地图上的村级活动和明细列表；"
                   f"标“{labels.NOT_BY_LINK}”的指标不受它影响，仍是全部三联的数。")
