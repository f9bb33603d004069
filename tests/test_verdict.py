"""The leader's reading of the numbers: the verdict sentence against the fixture, status colours from the
targets, ranks and rank changes, the county average one township is compared with."""

from dataclasses import replace

import pandas as pd
import pytest

from sanlian import cards, dataset, db, labels, verdict
from tests.test_queries import PERIOD, PREVIOUS


def summary(con, townships=()):
    return dataset.summary(lambda name: db.run(con, name, **PERIOD, townships=list(townships)))


def scorecard(con, period=PERIOD):
    return db.run(con, "township_scorecard", **period, townships=[])


def set_target(monkeypatch, name, target, amber):
    monkeypatch.setitem(labels.METRICS, name, replace(labels.METRICS[name], thresholds=(target, amber)))


def test_the_verdict_counts_targets_met_and_names_the_townships_below_the_red_line(fixture_con):
    # All seven targeted rates miss their amber lines; both townships' visit completion (50.0%, 25.0%)
    # is below 70.0%, the worst named first.
    assert verdict.county_verdict(summary(fixture_con), scorecard(fixture_con)) == (
        "7 项指标中 0 项达标；乙镇、甲镇 月度走访完成率低于 70.0%。")


def test_the_verdict_follows_the_targets(fixture_con, monkeypatch):
    set_target(monkeypatch, "closure_rate", 0.6, 0.5)  # county 60.0%: met
    set_target(monkeypatch, "on_time_rate", 0.6, 0.5)  # county 50.0%: near
    set_target(monkeypatch, "visit_completion_rate", 0.45, 0.3)  # county 42.9% near; 乙镇 25.0% red
    assert verdict.county_verdict(summary(fixture_con), scorecard(fixture_con)) == (
        "7 项指标中 1 项达标、2 项接近目标；乙镇 月度走访完成率低于 30.0%。")


def test_with_no_township_red_the_verdict_says_so(fixture_con, monkeypatch):
    for name in verdict.LAGGARD_METRICS:
        set_target(monkeypatch, name, 0.0, 0.0)
    assert verdict.laggards(scorecard(fixture_con)) == "没有乡镇的主要指标低于红线"


def test_one_townships_verdict_compares_its_weakest_rate_with_the_county_and_ranks_it(fixture_con):
    # 甲镇: satisfaction 100% is its one met target; visit completion 50.0% (county 6/14 = 42.9%) is
    # the first telling metric in red, and the better of the two townships.
    assert verdict.township_verdict("甲镇", summary(fixture_con, ["T1"]), summary(fixture_con),
                                    scorecard(fixture_con)) == (
        "甲镇：7 项指标中 1 项达标；月度走访完成率 50.0%，全县 42.9%，在 2 个乡镇中排第 1。")


TOWNS = pd.DataFrame({"township": ["甲", "乙", "丙", "丁"], "closure_rate": [0.95, 0.80, None, 0.60],
                      "overdue_open": [3, 1, 0, 2]})
BEFORE = pd.DataFrame({"township": ["甲", "乙", "丙", "丁"], "closure_rate": [0.70, 0.90, 0.50, 0.99],
                       "overdue_open": [0, 1, 2, 3]})


def test_the_ranking_puts_the_best_first_and_says_how_each_rank_moved():
    ranked = verdict.ranking(TOWNS, BEFORE, "closure_rate")
    table = verdict.ranking_table(ranked, "closure_rate")
    assert table.values.tolist() == [
        ["1", "甲", "95.0%", "↑2位"], ["2", "乙", "80.0%", "持平"], ["3", "丁", "60.0%", "↓2位"],
        ["—", "丙", "—", "—"]]
    assert ranked["status"].tolist()[:3] == ["green", "amber", "red"]
    assert verdict.best_and_worst(ranked) == (["甲"], ["丁"])


def test_a_metric_where_a_rise_is_bad_ranks_the_lowest_first():
    ranked = verdict.ranking(TOWNS, BEFORE, "overdue_open")
    assert ranked["township"].tolist() == ["丙", "乙", "丁", "甲"]
    assert [verdict.rank_change_text(c) for c in ranked["rank_change"]] == ["↑2位", "持平", "↑1位", "↓3位"]
    assert verdict.best_and_worst(ranked) == (["丙", "乙"], ["甲", "丁"])


@pytest.mark.parametrize("name, value, before, colour, status", [
    ("satisfaction_rate", 0.79, 0.755, "red", "red"),  # below its red line: a red ↑, never a green one
    ("satisfaction_rate", 0.85, 0.90, "orange", "amber"),
    ("satisfaction_rate", 0.95, 0.97, "green", "green"),  # at target: a green ↓
    ("overdue_open", 5, 3, "inverse", None),  # no target: coloured by direction (a rise is bad)
    ("visits", 10, 3, "normal", None),
])
def test_a_cards_colour_is_its_status_against_the_target(name, value, before, colour, status):
    shown = cards.card(name, pd.Series({name: value}), pd.Series({name: before}), "较上期")
    assert (shown.delta_colour, shown.status) == (colour, status)


def test_a_card_names_its_comparison_rank_and_target():
    shown = cards.card("closure_rate", pd.Series({"closure_rate": 0.912}), pd.Series({"closure_rate": 0.88}),
                       "较全县", rank=(3, 10))
    assert (shown.delta, shown.note) == ("+3.2 个百分点", "较全县 · 第3/10位 · 目标≥90.0%")
    same = cards.card("visits", pd.Series({"visits": 5}), pd.Series({"visits": 5}), "较上期")
    assert (same.delta, same.note) == (None, "较上期持平")


def test_a_target_changed_in_the_registry_changes_the_status(monkeypatch):
    assert labels.status("closure_rate", 0.8) == "amber"
    set_target(monkeypatch, "closure_rate", 0.8, 0.7)
    assert labels.status("closure_rate", 0.8) == "green"


def test_one_township_is_compared_with_the_county_rate_and_the_average_townships_count(fixture_con):
    base = cards.county_average(summary(fixture_con), scorecard(fixture_con))
    assert base["visit_completion_rate"] == pytest.approx(6 / 14)  # the county's own rate
    assert base["visits"] == pytest.approx(3.5)  # (6 + 1) / 2 townships
    assert base["investment_yuan"] == pytest.approx(150000)
    assert base["median_gain_yuan"] == 2500  # the county's median, not a mean of medians


def test_rank_of_counts_only_those_with_a_value(fixture_con):
    villages = db.run(fixture_con, "village_scorecard", **PERIOD, townships=["T1"])
    assert cards.rank_of(villages, "village_code", "V11", "visits") == (1, 3)
    assert cards.rank_of(villages, "village_code", "V12", "visit_completion_rate") == (2, 2)
    assert cards.rank_of(villages, "village_code", "V13", "visit_completion_rate") is None


def test_the_previous_periods_scorecard_gives_rank_changes(fixture_con):
    ranked = verdict.ranking(scorecard(fixture_con), scorecard(fixture_con, PREVIOUS), "closure_rate")
    # Now 甲镇 66.7% over 乙镇 50.0%; before, 甲镇 0.0% and 乙镇 had no issues.
    assert verdict.ranking_table(ranked, "closure_rate").values.tolist() == [
        ["1", "甲镇", "66.7%", "持平"], ["2", "乙镇", "50.0%", "—"]]


def test_a_card_adds_the_year_back_beside_the_previous_period():
    shown = cards.card("closure_rate", pd.Series({"closure_rate": 0.93}), pd.Series({"closure_rate": 0.93}),
                       "较上期", also=(pd.Series({"closure_rate": 0.90}), "同比"))
    assert (shown.delta, shown.note) == (None, "较上期持平 · 同比 +3.0 个百分点 · 目标≥90.0%")
