"""目标设置: each metric's target and amber line as the page edits them (rates in percent), checked
with Chinese messages, saved in the state store over the defaults, one audit row per change."""

import math
from dataclasses import dataclass

import pandas as pd

from sanlian import audit, labels, state

PAGE = "目标设置"


@dataclass(frozen=True)
class Setting:
    """One metric's row on 目标设置; target and amber in the unit the page edits (percent for a rate)."""

    name: str
    label: str
    unit: str
    direction: str
    target: float
    amber: float
    default: str  # "目标 ≥ 90%，黄灯线 75%"
    changed: str  # "县长 · 2026年11月29日 08:00", or "默认值" when none is saved
    saved: bool


def is_rate(name: str) -> bool:
    """Whether a metric is a rate (0–1 in the store, edited and shown in percent)."""
    return labels.METRICS[name].fmt is labels.percent


def for_page(name: str, value: float) -> float:
    """A stored target as the page edits it: 0.85 → 85.0 for a rate."""
    return round(float(value) * 100, 4) if is_rate(name) else float(value)


def for_store(name: str, value: float) -> float:
    """A target as the page edits it, as the store keeps it: 85 → 0.85 for a rate."""
    return float(value) / 100 if is_rate(name) else float(value)


def shown(name: str, value: float) -> str:
    """A value as the page edits it, for a message: '85%' for a rate, '3' else."""
    return f"{value:g}%" if is_rate(name) else f"{value:g}"


def direction(name: str) -> str:
    """'越高越好' or '越低越好': which side of the target is green."""
    return "越低越好" if labels.METRICS[name].rise_is_bad else "越高越好"


def pair_text(name: str, pair: tuple[float, float]) -> str:
    """'目标 ≥ 90%，黄灯线 75%' for stored (target, amber)."""
    sign = "≤" if labels.METRICS[name].rise_is_bad else "≥"
    return f"目标 {sign} {shown(name, for_page(name, pair[0]))}，黄灯线 {shown(name, for_page(name, pair[1]))}"


def settings_rows(store: state.Store) -> list[Setting]:
    """Every metric that has a target, in registry order, with the value in force and who set it."""
    saved = state.saved_targets(store).set_index("metric")
    rows = []
    for name, default in labels.METRICS.default_targets().items():
        pair, who = default, "默认值"
        if name in saved.index:
            row = saved.loc[name]
            when = pd.Timestamp(row["changed_at"])
            pair, who = (row["target"], row["amber"]), f"{row['changed_by']} · {labels.day(when)} {when:%H:%M}"
        metric = labels.METRICS[name]
        rows.append(Setting(name, metric.label, "%" if is_rate(name) else metric.unit, direction(name),
                            for_page(name, pair[0]), for_page(name, pair[1]), pair_text(name, default), who,
                            name in saved.index))
    return rows


def problems(entries: dict[str, tuple]) -> list[str]:
    """What is wrong with the entered (target, amber) per metric, in Chinese; empty when all is well."""
    found = []
    for name, (target, amber) in entries.items():
        label = labels.METRICS[name].label
        for what, value in (("目标", target), ("黄灯线", amber)):
            if is_rate(name) and not 0 <= value <= 100:
                found.append(f"{label}：{what}须在 0% 到 100% 之间（填写的是 {shown(name, value)}）。")
            elif value < 0:
                found.append(f"{label}：{what}不能小于 0。")
        rise_is_bad = labels.METRICS[name].rise_is_bad
        if (amber < target) if rise_is_bad else (amber > target):
            side = "低于" if rise_is_bad else "高于"
            found.append(f"{label}是{direction(name)}的指标，黄灯线（{shown(name, amber)}）不能{side}目标"
                         f"（{shown(name, target)}）。")
    return found


def change_text(name: str, old: tuple[float, float], new: tuple[float, float]) -> str:
    """'办结率：目标 ≥ 90% → 95%，黄灯线 75% → 80%' (what the audit log records)."""
    sign = "≤" if labels.METRICS[name].rise_is_bad else "≥"
    before, after = ([shown(name, for_page(name, v)) for v in pair] for pair in (old, new))
    return (f"{labels.METRICS[name].label}：目标 {sign} {before[0]} → {after[0]}，"
            f"黄灯线 {before[1]} → {after[1]}")


def save(entries: dict[str, tuple], user: str, store: state.Store) -> list[str]:
    """Save the entered targets that differ from the ones in force (checked first: see problems),
    each with an audit row; the labels of the metrics changed."""
    in_force = state.load_targets(store)
    changed = []
    for name, entered in entries.items():
        new = tuple(for_store(name, v) for v in entered)
        old = in_force[name]
        if all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(old, new, strict=True)):
            continue
        state.save_target(name, new[0], new[1], user, store)
        audit.record(store, user, audit.Event.TARGET_CHANGED, PAGE, change_text(name, old, new))
        changed.append(labels.METRICS.defaults[name].label)
    labels.METRICS.refresh()
    return changed


def reset(name: str, user: str, store: state.Store) -> bool:
    """Back to the default (恢复默认), with an audit row; False when none was saved."""
    old = state.load_targets(store)[name]
    if not state.forget_target(name, store):
        return False
    default = labels.METRICS.default_targets()[name]
    audit.record(store, user, audit.Event.TARGET_CHANGED, PAGE, f"{change_text(name, old, default)}（恢复默认）")
    labels.METRICS.refresh()
    return True

