"""The per-village queries (村画像 and the villages tables) against the hand-made fixture, by hand."""

from datetime import date

import pandas as pd
import pytest

from sanlian import db
from tests.test_queries import PERIOD


def rows(con, name, townships=(), **overrides) -> pd.DataFrame:
    return db.run(con, name, **{**PERIOD, "townships": list(townships), **overrides})


def test_village_scorecard_gives_each_village_its_league_numbers(fixture_con):
    frame = rows(fixture_con, "village_scorecard").set_index("village_code")
    assert frame.index.tolist() == ["V11", "V12", "V13", "V21", "V22"]
    # V11: O1 and O2; M1–H1 visited in Jan, Feb, Apr and Jun of six months (I2 closed and rated 5,
    # I4 open past due), P1 started in Feb. H1 +8,000 and H4 −3,000 (both paired in 2023): median 2,500.
    v11 = frame.loc["V11"]
    assert (v11.org_count, v11.member_household_pairs, v11.visits, v11.overdue_pairs) == (2, 1, 5, 0)
    assert v11.visit_completion_rate == pytest.approx(4 / 6)
    assert (v11.issues_raised, v11.closure_rate, v11.satisfaction_rate, v11.overdue_open) == (2, 0.5, 1.0, 1)
    assert (v11.projects, v11.investment_yuan, v11.median_gain_yuan) == (1, 300000, 2500)
    # V12: M1–H2 from March, visited only on 5 March, so overdue at 30 June; I3 closed late, unrated.
    v12 = frame.loc["V12"]
    assert (v12.visits, v12.overdue_pairs, v12.issues_raised, v12.closure_rate) == (1, 1, 1, 1.0)
    assert v12.visit_completion_rate == pytest.approx(1 / 4)
    assert pd.isna(v12.satisfaction_rate) and pd.isna(v12.median_gain_yuan)
    # V21: M2–H3 ended 15 April (so no pair at the end); I6 rated 3 (not satisfied), I5 open, not due.
    v21 = frame.loc["V21"]
    assert (v21.org_count, v21.member_household_pairs, v21.visits) == (0, 0, 1)
    assert (v21.closure_rate, v21.satisfaction_rate, v21.overdue_open) == (0.5, 0.0, 0)
    assert frame.loc["V13", "village_kind"] == "居委会" and pd.isna(frame.loc["V13", "visit_completion_rate"])


def test_village_scorecard_keeps_to_the_chosen_townships_and_link(fixture_con):
    assert rows(fixture_con, "village_scorecard", ["T2"])["village_code"].tolist() == ["V21", "V22"]
    by_link = rows(fixture_con, "village_scorecard", link=2).set_index("village_code")
    assert (by_link.loc["V11", "issues_raised"], by_link.loc["V21", "issues_raised"]) == (1, 0)  # I4 only


def test_village_orgs_lists_the_orgs_paired_at_the_period_end_lead_first(fixture_con):
    assert rows(fixture_con, "village_orgs", village_code="V11")[["org_name", "role"]].values.tolist() == [
        ["县甲局党支部", "牵头"], ["县乙局党支部", "协同"]]
    assert rows(fixture_con, "village_orgs", village_code="V21").empty  # O3's pairing ended 31 March
    before = rows(fixture_con, "village_orgs", village_code="V21", date_to=date(2024, 3, 31))
    assert before["org_name"].tolist() == ["县丙局党总支"]


def test_village_households_lists_pairs_in_force_with_their_visits_fewest_first(fixture_con):
    frame = rows(fixture_con, "village_households", village_code="V11")
    # M1–H4 ended 2023-12-31: only 陈甲 (H1), visited 5 times, last on 25 June.
    assert frame[["head_name", "member_name", "org_name", "visits"]].values.tolist() == [
        ["陈甲", "张三", "县甲局党支部", 5]]
    assert frame["last_visit_date"].iloc[0] == pd.Timestamp("2024-06-25")
    march = rows(fixture_con, "village_households", village_code="V21", date_to=date(2024, 3, 31))
    assert march[["head_name", "visits"]].values.tolist() == [["黄丙", 1]]


def test_village_issues_lists_the_periods_issues_open_first(fixture_con):
    frame = rows(fixture_con, "village_issues", village_code="V11")
    assert frame[["summary", "status"]].values.tolist() == [
        ["垃圾收运点不足", "逾期未办结"], ["需要水稻新品种种子", "已办结"]]  # I1 was raised in 2023
    assert frame["satisfaction"].tolist()[1] == 5


def test_village_projects_lists_every_project_newest_first(fixture_con):
    assert rows(fixture_con, "village_projects", village_code="V12")[["project_name", "status"]].values.tolist() == [
        ["二村党群服务中心改造", "规划"]]
    assert rows(fixture_con, "village_projects", village_code="V11")["investment_yuan"].tolist() == [300000]


def test_village_incomes_lists_paired_households_gains_largest_first(fixture_con):
    frame = rows(fixture_con, "village_incomes", village_code="V11")
    assert frame[["head_name", "year", "gain_yuan"]].values.tolist() == [["陈甲", 2023, 8000], ["周丁", 2023, -3000]]
    assert rows(fixture_con, "village_incomes", village_code="V21").empty  # H3 has no 2022 income


@pytest.mark.parametrize("name", ["village_orgs", "village_households", "village_issues", "village_projects",
                                  "village_incomes"])
def test_a_village_outside_the_townships_asked_for_gives_nothing(fixture_con, name):
    assert rows(fixture_con, name, ["T2"], village_code="V11").empty
    assert not rows(fixture_con, name, ["T1"], village_code="V11").empty
