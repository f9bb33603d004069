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
    st.query_params.from_dict(filters.to_query_params())
    _header(title, info, filters)
    return Context(filters, info, data.params(filters, info))


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
        for notice in notices:
            st.warning(notice, icon=":material/link_off:")
    return st.session_state["filters"]


def _seed_widgets(filters: Filters, info: data.DatasetInfo) -> None:
    """Give each filter widget its value from the filters when Streamlit has dropped it."""
    seeds = {
        _TOWNS: list(filters.towns),
        _DATES: (filters.date_from, filters.date_to),
        _PRESET: preset_of(filters.date_from, filters.date_to, info.as_of, info.data_start),
        _LINK: filters.link,
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
                         query_params=filters.to_query_params())
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


def _header(title: str, info: data.DatasetInfo, filters: Filters) -> None:
    """Title, the filter in words, the as-of date and the sample badge."""
    st.title(title, anchor=False)
    stamp = f"数据截至 {labels.day(info.as_of)} · {filters.describe()}"
    if info.is_sample:
        stamp += f" · :orange-badge[{labels.SAMPLE_BADGE}]"
    st.caption(stamp, help=labels.SAMPLE_NOTE if info.is_sample else None)
