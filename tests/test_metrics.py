"""The metric registry (labels.METRICS) is the one place a metric's label, unit, direction, 时点/flow
flag and target live; cards, league tables, maps and slides all read it."""

import dataclasses
import re

import pandas as pd
import pytest

from sanlian import charts, labels, maps, settings, slides, tables

POINT_IN_TIME = {"orgs_paired", "villages_covered", "village_coverage", "member_household_pairs", "overdue_pairs",
                 "leaders_stationed", "townships_with_leader", "villages_several_orgs", "villages_one_org",
                 "stalled", "planned_projects", "planned_investment_yuan", "overdue_open"}
RISE_IS_BAD = {"overdue_pairs", "overdue_open", "median_days_to_close", "p90_days_to_close", "stalled"}


def test_every_metric_has_a_label_definition_unit_format_direction_target_and_a_time_kind():
    fields = {f.name for f in dataclasses.fields(labels.Metric)}
    assert {"label", "definition", "unit", "fmt", "rise_is_bad", "thresholds", "point_in_time"} <= fields
    for name, metric in labels.METRICS.items():
        assert metric.label and metric.definition and metric.unit and callable(metric.fmt), name
        assert metric.thresholds is None or len(metric.thresholds) == 2, name


def test_point_in_time_metrics_and_bad_directions_are_the_ones_design_section_4_names():
    assert {n for n, m in labels.METRICS.items() if m.point_in_time} == POINT_IN_TIME
    assert {n for n, m in labels.METRICS.items() if m.rise_is_bad} == RISE_IS_BAD


def test_targets_come_from_the_settings_defaults_into_the_registry():
    for name, pair in settings.RAG_THRESHOLDS.items():
        assert labels.METRICS[name].thresholds == pair
        assert labels.METRICS[name].target == pair[0]
    assert labels.METRICS["visits"].target is None


def test_targets_can_be_overridden_from_the_environment_text():
    assert settings._targets_from_env("closure_rate=0.95:0.8, on_time_rate = 0.9:0.7") == {
        "closure_rate": (0.95, 0.8), "on_time_rate": (0.9, 0.7)}
    assert settings._targets_from_env("") == {}


@pytest.mark.parametrize("name, thresholds, value, expected", [
    ("closure_rate", (0.9, 0.75), 0.9, "green"),
    ("closure_rate", (0.9, 0.75), 0.8999, "amber"),
    ("closure_rate", (0.9, 0.75), 0.75, "amber"),
    ("closure_rate", (0.9, 0.75), 0.7499, "red"),
    ("closure_rate", (0.9, 0.75), None, None),
    ("visits", None, 100, None),
    ("overdue_open", (2, 5), 2, "green"),  # a rise is bad: at or under the target is good
    ("overdue_open", (2, 5), 4, "amber"),
    ("overdue_open", (2, 5), 6, "red"),
])
def test_status_compares_against_the_target_in_the_metrics_good_direction(name, thresholds, value, expected):
    metric = dataclasses.replace(labels.METRICS[name], thresholds=thresholds)
    assert metric.status(value) == expected


def test_cards_and_slides_say_shi_dian_for_point_in_time_metrics_only():
    summary = pd.Series({"overdue_open": 3, "visits": 10, "rated": 4, "satisfaction_rate": 0.9})
    assert labels.card_label("overdue_open", summary) == "逾期未办结（时点）"
    assert labels.card_label("visits", summary) == "党员走访户次"
    assert labels.card_label("orgs_paired", summary, link=1) == f"结对机关党组织（时点）（{labels.NOT_BY_LINK}）"
    assert "时点数" in labels.METRICS["overdue_open"].help and "时段数" in labels.METRICS["visits"].help
    assert "目标 ≥ 90.0%，低于 75.0% 为红" in labels.METRICS["closure_rate"].help


@pytest.fixture
def strict_closure(monkeypatch):
    """The registry's closure target raised to 99%/97%: everyone reading it must follow."""
    strict = dataclasses.replace(labels.METRICS["closure_rate"], thresholds=(0.99, 0.97))
    monkeypatch.setitem(labels.METRICS, "closure_rate", strict)
    return strict


SCORECARD = pd.DataFrame({"township_code": ["1", "2", "3"], "township": ["甲镇", "乙镇", "丙镇"],
                          "closure_rate": [0.995, 0.98, 0.95], "overdue_open": [1, 2, 3]})


def test_league_table_cells_follow_the_registry_target(strict_closure):
    styler = tables.league_table(SCORECARD, ["township", "closure_rate", "overdue_open"])
    html = styler.to_html()
    for status in ("green", "amber", "red"):
        assert f"background-color: {charts.RAG_COLORS[status]}33" in html
    assert list(styler.data.columns) == ["乡镇", "办结率", "逾期未办结（时点）"]


def test_township_bars_follow_the_registry_target(strict_closure):
    bar = charts.township_bar_chart(SCORECARD, "closure_rate", "办结率").data[0]
    assert dict(zip(bar.y, bar.marker.color)) == {
        "甲镇": charts.RAG_COLORS["green"], "乙镇": charts.RAG_COLORS["amber"], "丙镇": charts.RAG_COLORS["red"]}


def test_map_bands_and_legend_follow_the_registry_target_and_say_shi_dian(strict_closure):
    bands = maps.colour_bands("closure_rate", SCORECARD["closure_rate"])
    assert [maps.band_colour(bands, v) for v in SCORECARD["closure_rate"]] == [
        maps.STATUS_FILLS["green"], maps.STATUS_FILLS["amber"], maps.STATUS_FILLS["red"]]
    assert "99.0% 及以上（达到目标）" in maps.legend_html("closure_rate", bands)
    assert "逾期未办结（时点）" in maps.legend_html("overdue_open", maps.colour_bands("overdue_open", SCORECARD["overdue_open"]))
    assert list(maps.ranking(SCORECARD, "overdue_open").columns) == ["排名", "乡镇", "逾期未办结（时点）"]


def test_a_target_for_a_metric_where_a_rise_is_bad_puts_low_values_at_the_good_end(monkeypatch):
    monkeypatch.setitem(labels.METRICS, "overdue_open",
                        dataclasses.replace(labels.METRICS["overdue_open"], thresholds=(1, 2)))
    bands = maps.colour_bands("overdue_open", SCORECARD["overdue_open"])
    fills = maps.STATUS_FILLS
    assert [maps.band_colour(bands, v) for v in (0, 1, 2, 3)] == [fills["green"], fills["green"], fills["amber"],
                                                                  fills["red"]]


def test_slide_numbers_are_judged_against_the_registry_target(strict_closure):
    summary = pd.Series({"closure_rate": 0.98, "overdue_open": 3, "visits": 5})
    assert slides._numbers(summary, ["closure_rate", "overdue_open", "visits"]) == [
        ("办结率", "98.0%（接近目标）"), ("逾期未办结（时点）", "3"), ("党员走访户次", "5")]
    below = slides._below_target(SCORECARD.assign(visit_completion_rate=[0.9, 0.6, 0.5]), "visit_completion_rate")
    assert below == "月度走访完成率未达目标的乡镇：乙镇、丙镇"


def test_no_module_but_the_registry_reads_the_targets_or_keeps_a_direction_list():
    sources = {p.name: p.read_text() for p in (settings.ROOT / "sanlian").rglob("*.py")}
    sources.update({p.name: p.read_text() for p in (settings.ROOT / "pages").glob("*.py")})
    readers = {name for name, text in sources.items() if "RAG_THRESHOLDS" in text}
    assert readers == {"settings.py", "labels.py"}
    assert not [name for name, text in sources.items()
                if re.search(r"\b(RISE_IS_BAD|LOWER_IS_BETTER|HIGHER_IS_BETTER)\b", text)]
