"""A metric card as data: value, labelled comparison, status colour against the target, target and
rank; pure (widgets.metric_cards draws it with st.metric)."""

from dataclasses import dataclass

import pandas as pd

from sanlian import labels

# Status → st.metric's named delta colour: the arrow always agrees with the status.
STATUS_DELTA_COLOURS = {"green": "green", "amber": "orange", "red": "red"}


@dataclass(frozen=True)
class Card:
    """What one st.metric shows."""

    name: str
    label: str
    value: str
    delta: str | None  # e.g. "+3.2 个百分点"
    delta_colour: str  # a named colour (status) or Streamlit's "normal"/"inverse" (direction)
    note: str  # under the delta: what it compares with, rank and target: "较全县 · 第3/10位 · 目标≥85.0%"
    status: str | None


def target_short(name: str) -> str:
    """'目标≥85.0%' for a metric with a target, else ''."""
    metric = labels.METRICS[name]
    if metric.target is None:
        return ""
    return f"目标{'≤' if metric.rise_is_bad else '≥'}{metric.fmt(metric.target)}"


def card(name: str, current: pd.Series, base: pd.Series | None, base_label: str, link: int = 0,
         rank: tuple[int, int] | None = None, also: tuple[pd.Series, str] | None = None) -> Card:
    """The card of one metric: its value against `base` (labelled `base_label`: 较上期, 同比 or
    较全县), coloured by its status against the target when it has one, else by its good direction;
    `also` adds a second labelled comparison to the note (同比 beside 较上期, where a year back exists)."""
    metric = labels.METRICS[name]
    value = current[name]
    status = labels.status(name, value)
    change = labels.delta_text(name, value, base[name]) if base is not None else None
    colour = STATUS_DELTA_COLOURS[status] if status else "inverse" if metric.rise_is_bad else "normal"
    place = f"第{rank[0]}/{rank[1]}位" if rank else ""
    compared = "" if base is None or labels.is_missing(base[name]) else base_label if change else f"{base_label}持平"
    second = labels.delta_text(name, value, also[0][name]) if also is not None and name in also[0] else None
    second = f"{also[1]} {second}" if second else ""
    note = " · ".join(part for part in (compared, second, place, target_short(name)) if part)
    return Card(name, labels.card_label(name, current, link), metric.fmt(value), change, colour, note, status)


def rank_of(scorecard: pd.DataFrame, key_column: str, key, name: str) -> tuple[int, int] | None:
    """Where one row (a township or village) stands on a metric among the rows that have it:
    (rank, how many), 1 = best; None when it has no value or there is no one to compare with."""
    known = scorecard.dropna(subset=[name])
    if len(known) < 2 or key not in set(known[key_column]):
        return None
    ranks = ranks_by(known, name)
    return int(ranks[known[key_column] == key].iloc[0]), len(known)


def ranks_by(frame: pd.DataFrame, name: str) -> pd.Series:
    """Rank 1 = best on a metric (lowest when a rise is bad); ties share the better rank."""
    return frame[name].rank(ascending=labels.METRICS[name].rise_is_bad, method="min")


def county_average(county: pd.Series, league: pd.DataFrame) -> pd.Series:
    """What one township is compared with: the county's own rate or median for a rate or a median,
    the average township for a count or a sum (a township's 12,097 visits against the county's
    59,393 says nothing)."""
    additive = [name for name, metric in labels.METRICS.items()
                if name in league and metric.fmt in (labels.count, labels.wan_yuan)]
    return pd.concat([county.drop(additive, errors="ignore"), league[additive].mean()])
