"""What every page calls first: page config, database check, navigation, filters, as-of stamp.

The filters live in one non-widget session key (`filters`) and in the URL. Widgets are seeded
from that key whenever Streamlit has dropped their state (legacy `pages/` mode drops widget state
on every page switch), and every run writes the filters back to the URL, so page links, reloads
and copied links all reproduce the view.
"""

from dataclasses import dataclass, replace
import streamlit as st

from sanlian import data, labels, settings
from sanlian.filters import LINKS, PRESETS, Filters, preset_of, preset_range


@dataclass(frozen=True)
class Page:
    """One entry of the sidebar navigation."""

    path: str
    label: str
    icon: str


PAGES = (
    Page("app.py", "总览", ":material/dashboard:"),
    Page("pages/map.py", "结对地图", ":material/map:"),
    Page("pages/visits.py", "走访联系", ":material/directions_walk:"),
    Page("pages/issues.py", "民情办结", ":material/task_alt:"),
    Page("pages/incomes.py", "增收成效", ":material/trending_up:"),
    Page("pages/projects.py", "共建项目", ":material/handshake:"),
    Page("pages/township.py", "乡镇画像", ":material/location_city:"),
    Page("pages/data.py", "数据管理", ":material/database:"),
    Page("pages/present.py", "汇报", ":material/slideshow:"),
)

FAVICON = settings.ROOT / "sanlian" / "favicon.png"
_TOWNS, _DATES, _PRESET, _LINK = "w_towns", "w_dates", "w_preset", "w_link"
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
    data.ensure_database()
    problem = data.database_problem()
    if problem:
        st.error(problem, icon=":material/error:")
        st.stop()
    info = data.dataset_info()
    filters = _current_filters(info)
    _sidebar(info, filters)
    filters = st.session_state["filters"]
    st.query_params.from_dict(_url_params(filters))
    if is_presenting():
        st.html(PRESENT_CSS)  # style only: goes to the event container, takes no space
    _header(title, info, filters)
    return Context(filters, info, data.params(filters, info))


def is_presenting() -> bool:
    """True in presentation mode (?present=1 or the sidebar switch): personal data is masked."""
    return st.session_state.get("present", False)


def masks_exports() -> bool:
    """Exports are masked unless the user explicitly asked otherwise, and always when presenting."""
    return is_presenting() or not st.session_state.get("export_unmasked", False)


def _url_params(filters: Filters) -> dict:
    params = filters.to_query_params()
    if is_presenting():
        params["present"] = "1"
    return params


def _set_present(on: bool) -> None:
    st.session_state["present"] = on
    st.session_state[_PRESENT] = on


def existing_pages() -> list[Page]:
    """The navigation entries whose page file exists."""
    return [p for p in PAGES if (settings.ROOT / p.path).exists()]


def set_towns(towns: list[str]) -> None:
    """Change the township filter from a callback (chart or map click)."""
    st.session_state["filters"] = st.session_state["filters"].with_towns(towns)
    st.session_state[_TOWNS] = list(towns)


def _current_filters(info: data.DatasetInfo) -> Filters:
    """The session's filters, read from the URL on the session's first run."""
    if "filters" not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
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
        for key in (_TOWNS, _DATES, _PRESET, _LINK):
            st.session_state.pop(key, None)
    st.session_state["filters_as_of"] = info.as_of
    return st.session_state["filters"]


def _seed_widgets(filters: Filters, info: data.DatasetInfo) -> None:
    """Give each filter widget its value from the filters when Streamlit has dropped it."""
    seeds = {
        _TOWNS: list(filters.towns),
        _DATES: (filters.date_from, filters.date_to),
        _PRESET: preset_of(filters.date_from, filters.date_to, info.as_of, info.data_start),
        _LINK: filters.link,
        _PRESENT: is_presenting(),
        _UNMASKED: st.session_state.get("export_unmasked", False),
    }
    for key, value in seeds.items():
        if key not in st.session_state:
            st.session_state[key] = value


def _on_towns() -> None:
    st.session_state["filters"] = st.session_state["filters"].with_towns(st.session_state[_TOWNS])


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


def _on_clear(info: data.DatasetInfo) -> None:
    default = Filters.default(info.as_of, info.data_start)
    st.session_state["filters"] = default
    for key in (_TOWNS, _DATES, _PRESET, _LINK):
        st.session_state.pop(key, None)


def _sidebar(info: data.DatasetInfo, filters: Filters) -> None:
    """Navigation links that carry the filters, then the filter widgets."""
    _seed_widgets(filters, info)
    with st.sidebar:
        st.markdown("### 三联看板")
        for page in existing_pages():
            st.page_link(page.path, label=page.label, icon=page.icon,
                         query_params=_url_params(filters))
        st.divider()
        st.multiselect("乡镇", list(info.towns), key=_TOWNS, on_change=_on_towns,
                       placeholder="全县（可多选）")
        st.pills("时间范围", PRESETS, key=_PRESET, on_change=_on_preset, args=(info,))
        st.date_input("起止日期", key=_DATES, min_value=min(info.data_start, filters.date_from),
                      max_value=max(info.as_of, filters.date_to),
                      on_change=_on_dates, args=(info,), format="YYYY-MM-DD")
        st.selectbox("三联类型", list(LINKS), format_func=LINKS.get, key=_LINK, on_change=_on_link)
        st.button("清除筛选", icon=":material/filter_alt_off:", on_click=_on_clear, args=(info,),
                  width="stretch")
        st.divider()
        st.toggle("演示模式", key=_PRESENT, help="投影汇报用：隐藏侧栏、放大字号，并对农户和党员的姓名、电话脱敏。",
                  on_change=lambda: _set_present(st.session_state[_PRESENT]))
        st.toggle("导出含未脱敏个人信息", key=_UNMASKED,
                  help="默认导出的姓名、电话已脱敏；仅在确需完整信息时打开（演示模式下始终脱敏）。",
                  on_change=lambda: st.session_state.update(export_unmasked=st.session_state[_UNMASKED]))


def _header(title: str, info: data.DatasetInfo, filters: Filters) -> None:
    """Title, the filter in words, the as-of date and the sample badge."""
    if is_presenting():
        with st.container(key="exit_present"):
            st.button("退出演示", icon=":material/close_fullscreen:", on_click=_set_present, args=(False,),
                      shortcut="Esc", type="tertiary")
    st.title(title, anchor=False)
    stamp = f"数据截至 {labels.day(info.as_of)} · {filters.describe()}"
    if info.is_sample:
        stamp += f" · :orange-badge[{labels.SAMPLE_BADGE}]"
    st.caption(stamp, help=labels.SAMPLE_NOTE if info.is_sample else None)
