"""Small Streamlit building blocks shared by pages: metric cards and empty states."""

import pandas as pd
import streamlit as st

from sanlian import labels

# Metrics where a rise is bad news: their deltas are coloured the other way round.
RISE_IS_BAD = {"overdue_pairs", "overdue_open", "median_days_to_close"}


def delta_text(name: str, current, previous) -> str | None:
    """The change against the previous period, in the metric's own unit."""
    if labels.is_missing(current) or labels.is_missing(previous):
        return None
    fmt = labels.METRICS[name].fmt
    change = float(current) - float(previous)
    if fmt is labels.percent:
        return f"{change * 100:+.1f} 个百分点"
    if fmt is labels.count:
        return f"{change:+,.0f}"
    return f"{'+' if change >= 0 else '−'}{fmt(abs(change))}"


def metric_cards(current: pd.Series, previous: pd.Series | None, names: list[str],
                 columns: int = 4) -> None:
    """One st.metric per name, with its definition as help and the change as delta."""
    cells = st.columns(columns)
    for i, name in enumerate(names):
        metric = labels.METRICS[name]
        delta = delta_text(name, current[name], previous[name]) if previous is not None else None
        cells[i % columns].metric(
            metric.label, metric.fmt(current[name]), delta,
            delta_color="inverse" if name in RISE_IS_BAD else "normal",
            help=metric.definition + ("（较上一等长时段）" if delta else ""), border=True)


def empty_state(message: str = "所选条件下没有数据。可以放宽乡镇、时间或三联类型筛选，或点击侧栏的“清除筛选”。") -> None:
    """The friendly message shown instead of numbers when a filter matches nothing."""
    st.info(message, icon=":material/search_off:")
