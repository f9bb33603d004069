"""The filters' state: one non-widget session key (`filters`) and the URL are the truth; widgets are
seeded from it whenever Streamlit has dropped their state (legacy `pages/` mode drops widget state on
every page switch), and their callbacks write back to it."""

from dataclasses import replace

import streamlit as st

from sanlian import auth, data, labels, presenting, text
from sanlian.audit import Event
from sanlian.filters import PRESETS, Filters, preset_of, preset_range

# TOWNS_WIDGET is public: the benchmark picks townships through it as a user does.
TOWNS_WIDGET, DATES_WIDGET, PRESET_WIDGET, LINK_WIDGET, COMPARE_WIDGET = (
    "w_towns", "w_dates", "w_preset", "w_link", "w_compare")
UNMASKED_WIDGET = "w_unmasked"


def url_params(filters: Filters) -> dict:
    params = filters.to_query_params()
    if presenting.is_presenting():
        params["present"] = "1"
    return params


def set_towns(towns: list[str]) -> None:
    """Change the township filter from a callback (chart or map click)."""
    st.session_state["filters"] = st.session_state["filters"].with_towns(towns)
    st.session_state[TOWNS_WIDGET] = list(towns)


def current_filters(info: data.DatasetInfo) -> Filters:
    """The session's filters, read from the URL on the session's first run."""
    if "filters" not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        outside = [t for t in params.get("town", []) if t not in info.towns and t in all_towns()]
        if outside:
            params["town"] = [t for t in params["town"] if t not in outside]
            st.warning(f"链接中的乡镇“{text.for_markdown('、'.join(outside))}”不在您的查看范围内，已忽略。", icon=":material/block:")
            data.record(Event.ACCESS_DENIED, "", f"链接中的范围外乡镇：{'、'.join(outside)}")
        filters, notices = Filters.from_query_params(params, list(info.towns), info.as_of,
                                                     info.data_start)
        st.session_state["filters"] = filters
        st.session_state["present"] = st.query_params.get("present") == "1"
        for notice in notices:
            st.warning(text.for_markdown(notice), icon=":material/link_off:")  # quotes the link
    elif st.session_state.get("filters_as_of") not in (None, info.as_of):
        # The data changed under this session (an import or a rebuild): keep the townships, move
        # the period to the new data's default.
        kept = [t for t in st.session_state["filters"].towns if t in info.towns]
        st.session_state["filters"] = Filters.default(info.as_of, info.data_start).with_towns(kept)
        for key in (TOWNS_WIDGET, DATES_WIDGET, PRESET_WIDGET, LINK_WIDGET, COMPARE_WIDGET):
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


def all_towns() -> set[str]:
    return set(data.township_codes())


def seed_widgets(filters: Filters, info: data.DatasetInfo) -> None:
    """Give each filter widget its value from the filters when Streamlit has dropped it."""
    seeds = {
        TOWNS_WIDGET: list(filters.towns),
        DATES_WIDGET: (filters.date_from, filters.date_to),
        PRESET_WIDGET: preset_of(filters.date_from, filters.date_to, info.as_of, info.data_start),
        LINK_WIDGET: filters.link,
        COMPARE_WIDGET: filters.compare,
        presenting.PRESENT_WIDGET: presenting.is_presenting(),
        UNMASKED_WIDGET: st.session_state.get("export_unmasked", False),
    }
    for key, value in seeds.items():
        if key not in st.session_state:
            st.session_state[key] = value


def on_towns() -> None:
    st.session_state["filters"] = st.session_state["filters"].with_towns(st.session_state[TOWNS_WIDGET])


def on_preset(info: data.DatasetInfo) -> None:
    preset = st.session_state[PRESET_WIDGET]
    if preset is None:
        return
    date_from, date_to = preset_range(preset, info.as_of, info.data_start)
    store_dates(date_from, date_to)


def on_dates(info: data.DatasetInfo) -> None:
    picked = st.session_state[DATES_WIDGET]
    if isinstance(picked, (tuple, list)) and len(picked) == 2:  # half-picked ranges wait
        store_dates(*picked)
        st.session_state[PRESET_WIDGET] = preset_of(*picked, info.as_of, info.data_start)


def store_dates(date_from, date_to) -> None:
    st.session_state["filters"] = replace(st.session_state["filters"], date_from=date_from,
                                          date_to=date_to)
    st.session_state[DATES_WIDGET] = (date_from, date_to)


def on_link() -> None:
    st.session_state["filters"] = replace(st.session_state["filters"], link=st.session_state[LINK_WIDGET])


def on_compare() -> None:
    st.session_state["filters"] = replace(st.session_state["filters"], compare=st.session_state[COMPARE_WIDGET])


def on_clear(info: data.DatasetInfo) -> None:
    default = Filters.default(info.as_of, info.data_start)
    st.session_state["filters"] = default
    for key in (TOWNS_WIDGET, DATES_WIDGET, PRESET_WIDGET, LINK_WIDGET, COMPARE_WIDGET):
        st.session_state.pop(key, None)


def preset_days(info: data.DatasetInfo) -> str:
    """Which days each preset covers, counted back from the as-of date (本月 may be part of a month)."""
    lines = []
    for preset in PRESETS:
        start, end = preset_range(preset, info.as_of, info.data_start)
        lines.append(f"- {preset}：{labels.day(start)}至{labels.day(end)}（{(end - start).days + 1:,} 天）")
    return "按数据截至日计算：\n" + "\n".join(lines)
