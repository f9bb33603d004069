"""The leader's reading of the numbers: the one-sentence verdict, the township ranking with rank
changes, best and worst three; pure (frames in, text and frames out)."""

import pandas as pd

from sanlian import labels
from sanlian.cards import rank_of, ranks_by

# Whose laggards the verdict names, most telling first: the first of these on which any township is
# red is named with the townships below its red line.
LAGGARD_METRICS = ("visit_completion_rate", "closure_rate", "village_coverage", "satisfaction_rate",
                   "on_time_rate")
RANKING_METRICS = ("visit_completion_rate", "closure_rate", "village_coverage", "satisfaction_rate",
                   "overdue_pairs", "overdue_open", "median_gain_yuan")
TOP = 3  # best and worst three


def targeted(summary: pd.Series) -> dict[str, str]:
    """Each metric with a target and a value in the summary → its status (registry order)."""
    judged = {name: labels.status(name, summary.get(name)) for name in labels.METRICS}
    return {name: status for name, status in judged.items() if status}


def tally(summary: pd.Series) -> str:
    """'7 项指标中 5 项达标、1 项接近目标'."""
    statuses = list(targeted(summary).values())
    text = f"{len(statuses)} 项指标中 {statuses.count('green')} 项达标"
    amber = statuses.count("amber")
    return text + (f"、{amber} 项接近目标" if amber else "")


def red_line(name: str) -> str:
    """'低于 70.0%' (or '高于 …' when a rise is bad): where a metric turns red."""
    metric = labels.METRICS[name]
    return f"{'高于' if metric.rise_is_bad else '低于'} {metric.fmt(metric.thresholds[1])}"


def laggards(scorecard: pd.DataFrame) -> str:
    """'隘子镇、深渡水瑶族乡 月度走访完成率低于 70.0%' for the first telling metric with red townships
    (worst first, at most three named), else a line saying none is below a red line."""
    for name in LAGGARD_METRICS:
        if name not in scorecard or labels.METRICS[name].thresholds is None:
            continue
        red = scorecard[[labels.status(name, v) == "red" for v in scorecard[name]]]
        if not red.empty:
            red = red.sort_values(name, ascending=not labels.METRICS[name].rise_is_bad)
            names = "、".join(red["township"].head(TOP)) + (f" 等 {len(red)} 个乡镇" if len(red) > TOP else "")
            return f"{names} {labels.METRICS[name].label}{red_line(name)}"
    return "没有乡镇的主要指标低于红线"


def county_verdict(summary: pd.Series, scorecard: pd.DataFrame) -> str:
    """The sentence at the top of 总览 for several townships: targets met, then who lags."""
    return f"{tally(summary)}；{laggards(scorecard)}。"


def township_verdict(town: str, summary: pd.Series, county: pd.Series, scorecard: pd.DataFrame) -> str:
    """The sentence for one township: its targets met, then its weakest telling metric against the
    county and its rank among the townships of `scorecard`."""
    statuses = targeted(summary)
    weakest = next((n for wanted in ("red", "amber", "green") for n in LAGGARD_METRICS
                    if statuses.get(n) == wanted), None)
    text = f"{town}：{tally(summary)}"
    if weakest is None:
        return text + "。"
    metric = labels.METRICS[weakest]
    text += f"；{metric.label} {metric.fmt(summary[weakest])}，全县 {metric.fmt(county[weakest])}"
    place = rank_of(scorecard, "township", town, weakest)
    return text + (f"，在 {place[1]} 个乡镇中排第 {place[0]}" if place else "") + "。"


def ranking(current: pd.DataFrame, previous: pd.DataFrame, name: str, key: str = "township") -> pd.DataFrame:
    """Rows ranked best first on a metric (missing last): rank, name, value, status, and the rank
    change since the previous period (positive = moved up; missing when either rank is unknown)."""
    now = current[[key, name]].assign(rank=ranks_by(current, name))
    before = previous[[key, name]].assign(previous_rank=ranks_by(previous, name))[[key, "previous_rank"]]
    out = now.merge(before, on=key, how="left")
    out["rank_change"] = out["previous_rank"] - out["rank"]
    out["status"] = [labels.status(name, v) for v in out[name]]
    return out.sort_values(["rank", key], na_position="last").reset_index(drop=True)


def rank_change_text(change) -> str:
    """+2 → '↑2位', -1 → '↓1位', 0 → '持平', missing → '—'."""
    if labels.is_missing(change):
        return "—"
    change = int(change)
    return "持平" if change == 0 else f"↑{change}位" if change > 0 else f"↓{-change}位"


def best_and_worst(ranked: pd.DataFrame, key: str = "township") -> tuple[list[str], list[str]]:
    """The first and last three of a ranking that have a value (worst last-first)."""
    known = ranked.dropna(subset=["rank"])
    top = min(TOP, len(known) // 2)
    return known[key].head(top).tolist(), known[key].tail(top).tolist()[::-1]


def ranking_table(ranked: pd.DataFrame, name: str, key: str = "township") -> pd.DataFrame:
    """A ranking for reading: 排名, the name, 数值 in the metric's format, 较上期 as ↑2位."""
    metric = labels.METRICS[name]
    return pd.DataFrame({
        labels.column("rank"): ["—" if labels.is_missing(r) else str(int(r)) for r in ranked["rank"]],
        labels.column(key): ranked[key].to_numpy(),
        "数值": [metric.fmt(v) for v in ranked[name]],
        "较上期": [rank_change_text(c) for c in ranked["rank_change"]],
    })
