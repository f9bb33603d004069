"""DataFrame → display table: Chinese headers, number formats and red/amber/green cells; pure."""

import numbers

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from sanlian import labels, masking
from sanlian.palette import STATUS

PERCENT_COLUMNS = labels.RATE_COLUMNS
YUAN_COLUMNS = {"investment_yuan", "median_gain_yuan", "q1_gain_yuan", "q3_gain_yuan", "gain_yuan",
                "net_income_yuan", "previous_income_yuan", "p5_gain_yuan", "p95_gain_yuan"}


# Money a leader reads: in 万元 on screen (one decimal), in full 元 in every export.
WAN_HEADERS = {"investment_yuan": "投入（万元）", "planned_investment_yuan": "规划项目计划投资（万元）"}


def screen_column(name: str) -> str:
    """A column's header on screen: its Chinese label, or the 万元 one for money (exports keep 元)."""
    return WAN_HEADERS.get(name) or labels.column(name)


def in_wan(value) -> float | None:
    """1234567 元 → 123.5 (万元, one decimal)."""
    return None if labels.is_missing(value) else round(float(value) / 10000, 1)


# A missing value in a browser table (Streamlit would write "None").
MISSING = "—"


def display_value(name: str, value) -> str:
    """One cell as people read it."""
    if labels.is_missing(value):
        return MISSING
    if isinstance(value, str):  # already text (a name, or a cell people_table has written out)
        return value
    if name in PERCENT_COLUMNS:
        return labels.percent(value)
    if name in WAN_HEADERS:
        return f"{in_wan(value):,.1f}"
    if name in YUAN_COLUMNS:
        return f"{float(value):,.0f}"
    if name == "link":
        return labels.LINK_NAMES.get(int(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, pd.Timestamp):
        return labels.day(value)
    if isinstance(value, numbers.Number) and not isinstance(value, (bool, np.bool_)):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return str(value)


def _cell_colour(name: str, value) -> str:
    status = labels.status(name, value)
    return f"background-color: {STATUS[status]}33" if status else ""


def league_header(name: str) -> str:
    """A league column's header: its Chinese label, with 时点 for a point-in-time metric (the registry says)."""
    metric = labels.METRICS.get(name)
    point = metric is not None and metric.point_in_time
    return f"{screen_column(name)}（{labels.POINT_IN_TIME}）" if point else screen_column(name)


def league_table(frame: pd.DataFrame, columns: list[str]) -> Styler:
    """The township league table: chosen columns, Chinese headers (时点 marked), and every metric with a
    target in the registry coloured red/amber/green against it."""
    shown = frame[columns].rename(columns=league_header)
    styler = shown.style.format({league_header(c): (lambda v, c=c: display_value(c, v)) for c in columns},
                                na_rep="—")
    for name in columns:
        metric = labels.METRICS.get(name)
        if metric is not None and metric.thresholds is not None:
            styler = styler.map(lambda v, n=name: _cell_colour(n, v), subset=[league_header(name)])
    return styler


def people_table(frame: pd.DataFrame, masked: bool = False) -> pd.DataFrame:
    """A list for reading on screen: Chinese headers, link names, 是/否, dates; masked if asked."""
    out = masking.mask_frame(frame) if masked else frame.copy()
    for name in out.columns:
        if name == "link":
            out[name] = out[name].map(lambda v: labels.LINK_NAMES.get(int(v), v))
        elif out[name].dtype == bool:
            out[name] = out[name].map({True: "是", False: "否"})
        elif pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].map(lambda v: "" if pd.isna(v) else labels.day(v))  # no "None" for no date
        elif not pd.api.types.is_numeric_dtype(out[name]):
            out[name] = out[name].fillna("")  # no "None" in a clerk's table
        elif out[name].isna().any():  # a number column with gaps (满意度 not rated): text, blank gaps
            out[name] = out[name].map(lambda v, n=name: "" if labels.is_missing(v) else display_value(n, v))
        elif name in WAN_HEADERS:
            out[name] = out[name].map(in_wan)
    return out.rename(columns=screen_column)


def income_history_table(history: pd.DataFrame) -> pd.DataFrame:
    """One household's income by year as text, with "—" for the first year's unknown gain (a bare
    number column would show None there)."""
    return pd.DataFrame({
        labels.column("year"): history["year"].astype(int).astype(str),
        **{labels.column(c): [display_value(c, v) for v in history[c]] for c in ("net_income_yuan", "gain_yuan")},
    })


def status_table(shown: pd.DataFrame, column: str, statuses: list) -> Styler:
    """A table with one column's cells coloured by status (green/amber/red against the target)."""
    colours = [f"background-color: {STATUS[s]}33" if s in STATUS and s else "" for s in statuses]
    return shown.style.apply(lambda _: colours, subset=[column])
