"""The breakdown and action-list queries against the hand-made fixture, numbers computed by hand."""

from datetime import date

import pandas as pd
import pytest

from sanlian import db, labels, settings
from tests.test_queries import PERIOD


def rows(con, name, townships=(), **overrides) -> pd.DataFrame:
    return db.run(con, name, **{**PERIOD, "townships": list(townships), **overrides})


def test_scorecard_has_one_row_per_township_with_hand_computed_rates(fixture_con):
    card = rows(fixture_con, "township_scorecard").set_index("township_code")
    # 甲镇: pair-months 6 (4 visited) + 4 (1 visited); issues I2, I3, I4 (I2 and I3 closed, I2 on time).
    assert card.loc["T1", "visit_completion_rate"] == pytest.approx(5 / 10)
    assert card.loc["T1", "closure_rate"] == pytest.approx(2 / 3)
    assert card.loc["T1", "on_time_rate"] == pytest.approx(1 / 3)
    assert card.loc["T1", "investment_yuan"] == 300000
    assert card.loc["T1", "median_gain_yuan"] == pytest.approx(2500)
    # 乙镇: its only org pairing ended, its leader left, I6 closed on time with satisfaction 3.
    assert (card.loc["T2", "village_coverage"], card.loc["T2", "leaders_stationed"]) == (0, 0)
    assert (card.loc["T2", "on_time_rate"], card.loc["T2", "satisfaction_rate"]) == (1, 0)


def test_scorecard_rows_add_up_to_the_county_summary(fixture_con):
    card = rows(fixture_con, "township_scorecard")
    summary = rows(fixture_con, "issue_summary").iloc[0]
    assert card["issues_raised"].sum() == summary["issues_raised"]
    assert card["overdue_open"].sum() == summary["overdue_open"]
    assert card["visits"].sum() == rows(fixture_con, "visit_summary").iloc[0]["visits"]


def test_visits_by_month_lists_each_month_with_its_completion(fixture_con):
    months = rows(fixture_con, "visits_by_month").set_index("month")
    # January: M1–H1 visited, M2–H3 visited (2 of 2); March: M1–H1 no, M1–H2 yes, M2–H3 no.
    assert months.loc[pd.Timestamp("2024-01-01"), "visit_completion_rate"] == 1.0
    assert months.loc[pd.Timestamp("2024-03-01"), "pair_months"] == 3
    assert months.loc[pd.Timestamp("2024-03-01"), "visit_completion_rate"] == pytest.approx(1 / 3)
    assert months["visits"].sum() == 7


def test_issues_by_month_counts_raised_and_closed(fixture_con):
    months = rows(fixture_con, "issues_by_month")
    assert months["issues_raised"].tolist() == [1, 1, 1, 1, 1]
    assert months["closed"].sum() == 3


def test_issues_by_category_sorts_by_count(fixture_con):
    categories = rows(fixture_con, "issues_by_category")
    assert set(categories["category"]) == {"农业生产", "基础设施", "人居环境", "饮水用水", "社会保障"}
    assert categories["issues_raised"].sum() == 5


def test_overdue_issues_carry_their_age_bucket(fixture_con):
    overdue = rows(fixture_con, "issues_overdue")
    assert overdue["issue_id"].tolist() == [4]
    assert (overdue.loc[0, "days_overdue"], overdue.loc[0, "age_bucket"]) == (30, "16–30天")


@pytest.mark.parametrize("as_of_day, bucket", [(date(2024, 6, 10), "0–15天"), (date(2024, 7, 1), "31–60天"),
                                                (date(2024, 8, 15), "60天以上")])
def test_age_buckets_follow_the_reference_date(fixture_con, as_of_day, bucket):
    overdue = rows(fixture_con, "issues_overdue", date_to=as_of_day, as_of=as_of_day)
    assert overdue.set_index("issue_id").loc[4, "age_bucket"] == bucket


def test_households_overdue_for_a_visit_are_listed_longest_first(fixture_con):
    overdue = rows(fixture_con, "households_overdue_for_visit")
    assert overdue["household_id"].tolist() == ["H2"]
    assert overdue.loc[0, "days_since_visit"] == 117  # 2024-03-05 → 2024-06-30


def test_silent_pairings_cover_both_kinds_of_pairing(fixture_con):
    silent = rows(fixture_con, "silent_pairings")
    assert silent["pairing_kind"].tolist() == ["机关联农村", "党员联群众"]
    assert silent.loc[0, "org_name"] == "县乙局党支部"  # O2 never recorded an activity
    assert (silent.loc[1, "member_name"], silent.loc[1, "head_name"]) == ("张三", "刘乙")
    assert silent.loc[1, "days_silent"] == 117


def parties(never) -> list[list]:
    """The kind and the two parties of each pairing without activity (None where not that kind)."""
    columns = ["pairing_kind", "org_name", "village", "member_name", "head_name"]
    return never[columns].astype(object).where(never[columns].notna(), None).values.tolist()


def test_quality_lists_active_pairings_that_never_had_activity(fixture_con):
    never = rows(fixture_con, "quality_pairings_without_activity")
    # O2 never worked at V11; M1–H2 was visited once (2024-03-05), O1–V11 held an event.
    assert parties(never) == [["机关联农村", "县乙局党支部", "一村村委会", None, None]]
    assert rows(fixture_con, "quality_pairings_without_activity", townships=("T2",)).empty


def test_leader_stationing_counts_lectures_forums_and_visits(fixture_con):
    leaders = rows(fixture_con, "leader_stationing")
    assert leaders["leader_name"].tolist() == ["王一"]  # 李二 left 乙镇 on 2024-03-31
    assert (leaders.loc[0, "lectures"], leaders.loc[0, "forums"]) == (1, 0)


def test_village_pairings_mark_one_plus_one_and_one_plus_n(fixture_con):
    villages = rows(fixture_con, "village_pairings").set_index("village_code")
    assert villages.loc["V11", "pairing_form"] == "1+N"
    assert villages.loc["V11", "orgs"] == "县甲局党支部、县乙局党支部"  # 牵头 first
    assert villages.loc["V21", "pairing_form"] == "未结对"
    assert "V13" not in villages.index  # a 居委会 is not an administrative village


def test_project_numbers_and_stalled_projects(fixture_con):
    summary = rows(fixture_con, "project_summary", date_from=date(2023, 1, 1)).iloc[0]
    assert (summary["projects"], summary["investment_yuan"]) == (2, 420000)
    assert (summary["completed"], summary["stalled"]) == (1, 1)  # P2 is past its planned end
    listed = rows(fixture_con, "project_list", date_from=date(2023, 1, 1)).set_index("project_id")
    assert listed.loc["P2", "is_stalled"] and not listed.loc["P1", "is_stalled"]
    assert listed.loc["P1", "orgs"] == "县乙局党支部、县甲局党支部"


def test_projects_by_area_sum_investment_in_wan_yuan(fixture_con):
    areas = rows(fixture_con, "projects_by_area", date_from=date(2023, 1, 1)).set_index("area")
    assert areas.loc["建设美丽乡村", "investment_wan"] == 30
    assert areas.loc["加快产业发展", "projects"] == 1


def test_income_gains_by_household_township_and_industry(fixture_con):
    gains = rows(fixture_con, "household_income_gains")
    assert dict(zip(gains["household_id"], gains["gain_yuan"])) == {"H1": 8000, "H4": -3000}
    towns = rows(fixture_con, "income_gain_by_township")
    assert towns["township"].tolist() == ["甲镇"] and towns.loc[0, "share_with_gain"] == 0.5
    industries = rows(fixture_con, "income_gain_by_industry")
    assert industries.loc[0, "main_industry"] == "水稻种植" and industries.loc[0, "households"] == 2


def test_falling_incomes_and_the_example_gains_come_from_the_same_rows(fixture_con):
    # H2 also fell (-3,000) but was paired only in 2024, after the gain year 2023.
    assert rows(fixture_con, "households_with_falling_income")["household_id"].tolist() == ["H4"]
    examples = rows(fixture_con, "example_income_gains")
    assert examples["household_id"].tolist() == ["H1", "H4"]
    assert examples.loc[0, "member_name"] == "张三"


def test_a_list_head_is_the_start_of_the_list_and_counts_all_of_it(fixture_con):
    params = {"townships": [], "date_from": date(2024, 1, 1), "date_to": date(2024, 6, 30), "link": 0}
    full = db.run(fixture_con, "activity_list", **params)
    first, total = db.head(fixture_con, "activity_list", 4, **params)
    assert total == len(full) == 9
    assert first["activity_id"].tolist() == full["activity_id"].head(4).tolist()
    none, zero = db.head(fixture_con, "activity_list", 4, **{**params, "townships": ["nowhere"]})
    assert none.empty and zero == 0 and list(none.columns) == list(full.columns)


def test_income_history_of_one_household(fixture_con):
    history = db.run(fixture_con, "household_income_history", household_id="H1")
    assert history["gain_yuan"].tolist()[1] == 8000
    assert history.loc[0, "head_name"] == "陈甲"


def test_detail_lists_follow_the_link_filter(fixture_con):
    assert len(rows(fixture_con, "activity_list")) == 9
    assert len(rows(fixture_con, "activity_list", link=2)) == 1
    assert rows(fixture_con, "issue_list", townships=["T2"])["issue_id"].tolist() == [5, 6]


def test_breakdowns_of_a_past_period_count_closures_by_its_end(fixture_con):
    from tests.test_queries import PAST
    card = rows(fixture_con, "township_scorecard", **PAST).set_index("township_code")
    assert (card.loc["T1", "closure_rate"], card.loc["T2", "closure_rate"]) == (0, 0)
    assert (card.loc["T1", "overdue_open"], card.loc["T2", "overdue_open"]) == (1, 0)
    assert pd.isna(card.loc["T2", "satisfaction_rate"])  # I6 was rated only on 04-11
    months = rows(fixture_con, "issues_by_month", **PAST)
    assert months["issues_raised"].tolist() == [1, 1] and months["closed"].tolist() == [0, 0]
    categories = rows(fixture_con, "issues_by_category", **PAST)
    assert categories["closed"].tolist() == [0, 0] and categories["resolved"].tolist() == [0, 0]
    assert rows(fixture_con, "issues_overdue", **PAST)["issue_id"].tolist() == [3]
    assert rows(fixture_con, "example_issues", **PAST).empty  # I6 was solved only on 04-11


def test_visits_by_month_shows_the_running_month_without_a_completion_rate(mid_month_con):
    from tests.test_queries import MID_MONTH
    months = rows(mid_month_con, "visits_by_month", **MID_MONTH).set_index("month")
    june = months.loc[pd.Timestamp("2024-06-01")]
    assert (june["visits"], bool(june["month_complete"])) == (1, False)
    assert pd.isna(june["visit_completion_rate"])
    assert months.loc[pd.Timestamp("2024-05-01"), "visit_completion_rate"] == 0  # H1 and H2 not visited
    assert months.index.tolist() == list(pd.date_range("2024-01-01", "2024-06-01", freq="MS"))


def test_the_league_table_leaves_out_the_running_month(mid_month_con):
    from tests.test_queries import MID_MONTH
    card = rows(mid_month_con, "township_scorecard", **MID_MONTH).set_index("township_code")
    # 甲镇 January–May: M1–H1 5 months (3 visited), M1–H2 3 months (1 visited).
    assert card.loc["T1", "visit_completion_rate"] == pytest.approx(4 / 8)


def silent_org_pairs_by_village(con, **params) -> tuple[dict, dict]:
    """Silent org pairings per village as the map counts them and as the list shows them."""
    on_map = rows(con, "map_villages", **params).query("silent_pairings > 0")
    listed = rows(con, "silent_pairings", **params).query("pairing_kind == '机关联农村'")
    return (dict(zip(on_map["village"], on_map["silent_pairings"])),
            listed.groupby("village").size().to_dict())


@pytest.mark.parametrize("day", [date(2024, 6, 30), date(2024, 8, 20), date(2024, 3, 1)])
def test_the_map_and_the_list_agree_on_silent_pairings_with_a_re_paired_org(repaired_con, day):
    on_map, listed = silent_org_pairs_by_village(repaired_con, date_to=day, as_of=day)
    assert on_map == listed


def test_a_re_paired_org_is_silent_only_once_its_new_pairing_is_older_than_the_window(repaired_con):
    on_map, _ = silent_org_pairs_by_village(repaired_con)
    assert on_map == {"一村村委会": 1}  # O2 at V11; O3 re-paired at V21 only 20 days ago
    later = rows(repaired_con, "silent_pairings", date_to=date(2024, 8, 20), as_of=date(2024, 8, 20))
    o3 = later.query("org_name == '县丙局党总支'").iloc[0]
    # Silent since the new pairing began (06-10), not since its work under the old one (03-15).
    assert (o3["last_activity_date"], o3["days_silent"]) == (pd.Timestamp("2024-03-15"), 71)


def test_a_project_stalled_at_the_period_end_counts_even_if_it_started_before_the_period(fixture_con):
    # P2 (在建) started 2023-10-01, planned to end 2024-03-31: stalled on 06-30 though it did not
    # start in 2024; P1 started in the period and was finished on 05-30.
    summary = rows(fixture_con, "project_summary").iloc[0]
    assert (summary["projects"], summary["completed"], summary["stalled"]) == (1, 1, 1)
    stalled = rows(fixture_con, "stalled_projects")
    assert stalled["project_id"].tolist() == ["P2"] and stalled.loc[0, "days_past_end"] == 91


def test_a_project_is_stalled_only_once_started_and_past_its_planned_end(fixture_con):
    # On 03-31 P2 is not yet past its planned end; a period ending before it started shows none.
    assert rows(fixture_con, "project_summary", date_to=date(2024, 3, 31)).iloc[0]["stalled"] == 0
    assert rows(fixture_con, "stalled_projects", date_to=date(2023, 9, 30)).empty


def test_a_project_still_at_planning_is_not_counted_as_started_but_shown_apart(fixture_con):
    # P3 (规划) is planned to start 2024-09-01: a period covering that day (as-of moved past it)
    # still shows no project started and no investment; it is counted apart.
    later = {"date_from": date(2024, 7, 1), "date_to": date(2024, 12, 31), "as_of": date(2024, 12, 31)}
    summary = rows(fixture_con, "project_summary", **later).iloc[0]
    assert (summary["projects"], summary["investment_yuan"]) == (0, 0)
    assert (summary["planned_projects"], summary["planned_investment_yuan"]) == (1, 80000)
    assert rows(fixture_con, "project_list", **later).empty
    assert rows(fixture_con, "projects_by_area", **later).empty
    assert rows(fixture_con, "township_scorecard", **later)["projects"].tolist() == [0, 0]
    assert rows(fixture_con, "planned_projects")["project_id"].tolist() == ["P3"]
    assert rows(fixture_con, "planned_projects", townships=["T2"]).empty


def test_a_project_finished_after_the_period_end_is_not_yet_completed_then(fixture_con):
    # P1 started 02-01 and was finished on 05-30: at 04-30 it was started but not done.
    summary = rows(fixture_con, "project_summary", date_to=date(2024, 4, 30)).iloc[0]
    assert (summary["projects"], summary["completed"]) == (1, 0)


ALL_PARAMS = {"household_id": "H1", "today": date(2024, 6, 30), "project_id": "P1", "leader_id": "L1",
              "village_code": "V11", "activity_date": date(2024, 6, 30)}


@pytest.mark.parametrize("name", sorted(p.stem for p in settings.QUERIES_DIR.glob("*.sql")))
def test_every_column_a_query_returns_has_a_chinese_label(fixture_con, name):
    columns = rows(fixture_con, name, **ALL_PARAMS).columns
    assert [c for c in columns if c not in labels.COLUMNS] == []


def test_issues_by_category_puts_the_most_raised_first_then_by_name(busier_con):
    categories = rows(busier_con, "issues_by_category")
    assert categories["category"].tolist() == ["人居环境", "农业生产", "饮水用水", "基础设施", "社会保障"]
    assert categories["issues_raised"].tolist() == [3, 2, 2, 1, 1]
    assert categories.loc[0, ["closed", "resolved"]].tolist() == [2, 2]  # I4 is still open


def test_example_issues_are_major_first_then_best_rated_then_newest(busier_con):
    examples = rows(busier_con, "example_issues")
    # I7 is 重大; I8 and I9 are both rated 5, I8 is newer; I10 (unrated) is fourth and cut.
    assert examples["issue_id"].tolist() == [7, 8, 9]
    assert examples.loc[0, ["leader_name", "kind"]].tolist() == ["王一", "讲党课"]
    assert examples.loc[1, "township"] == "甲镇" and pd.isna(examples.loc[1, "leader_name"])
    assert rows(busier_con, "example_issues", link=3)["issue_id"].tolist() == [9, 10]
    assert rows(busier_con, "example_issues", townships=["T2"])["issue_id"].tolist() == [10]


def test_the_import_log_lists_the_newest_import_first(busier_con, fixture_con):
    assert rows(fixture_con, "import_log").empty
    log = rows(busier_con, "import_log")
    assert log["import_id"].tolist() == [2, 1]
    assert log[["table_name", "row_count", "status"]].values.tolist() == [["issues", 0, "失败"],
                                                                          ["activities", 120, "成功"]]


def test_leader_work_by_township_counts_lectures_forums_and_visits_per_township(fixture_con):
    work = rows(fixture_con, "leader_work_by_township")
    assert work.values.tolist() == [["甲镇", 1, 1, 0, 0], ["乙镇", 0, 0, 0, 0]]  # 李二 left 乙镇 on 03-31
    assert list(work.columns) == ["township", "leaders_stationed", "lectures", "forums", "leader_visits"]
    earlier = rows(fixture_con, "leader_work_by_township", date_to=date(2024, 3, 31), townships=["T2"])
    assert earlier.values.tolist() == [["乙镇", 1, 0, 0, 0]]


def test_activities_after_today_are_listed_newest_first(fixture_con):
    late = rows(fixture_con, "quality_activities_after_today", today=date(2024, 6, 20))
    assert late["activity_id"].tolist() == [10, 9]
    assert rows(fixture_con, "quality_activities_after_today", today=date(2024, 6, 30)).empty
    assert rows(fixture_con, "quality_activities_after_today", today=date(2024, 6, 20), townships=["T2"]).empty


def test_households_without_a_current_pairing_are_listed_by_village(fixture_con):
    unpaired = rows(fixture_con, "quality_households_without_pairing")
    # H1 and H2 are paired; H4's pairing ended in 2023, H3's on 2024-04-15, H5's in 2022.
    assert unpaired["household_id"].tolist() == ["H4", "H3", "H5"]
    assert rows(fixture_con, "quality_households_without_pairing", townships=["T2"])["household_id"].tolist() == [
        "H3", "H5"]


def test_reporting_completeness_compares_the_as_of_month_with_the_month_before(fixture_con):
    report = rows(fixture_con, "quality_reporting_completeness")
    # June: 甲镇 2 activities, 乙镇 1 issue (I5); May: 甲镇 1 activity and 1 issue (I4), 乙镇 nothing.
    assert report["township"].tolist() == ["乙镇", "甲镇"]  # least reported last month first
    assert report[["records_as_of_month", "records_previous_month"]].values.tolist() == [[1, 0], [2, 2]]
    assert pd.isna(report.loc[0, "completeness"]) and report.loc[1, "completeness"] == 1
    assert report["reported_last_month"].tolist() == [False, True]


def test_villages_without_coordinates_are_listed_by_code(fixture_con):
    villages = rows(fixture_con, "quality_villages_without_coordinates")
    assert villages["village_code"].tolist() == ["V11", "V12", "V13", "V21", "V22"]
    assert rows(fixture_con, "quality_villages_without_coordinates", townships=["T2"])["village"].tolist() == [
        "三村村委会", "四村村委会"]


def test_the_league_table_counts_only_administrative_villages_for_coverage(fixture_con):
    card = rows(fixture_con, "township_scorecard").set_index("township_code")
    # 甲镇: V11 covered, V12 not; the 居委会 V13 is neither in the numerator nor the denominator.
    assert card.loc["T1", ["villages_covered", "villages_total"]].tolist() == [1, 2]
    assert card.loc["T1", "village_coverage"] == 0.5


def test_a_member_pairing_not_yet_visited_by_the_as_of_date_is_listed_as_without_activity(fixture_con):
    # On 03-04 M1–H2 (paired 03-01) had not been visited yet; its first visit was on 03-05.
    never = rows(fixture_con, "quality_pairings_without_activity", as_of=date(2024, 3, 4))
    assert parties(never) == [["党员联群众", None, None, "张三", "刘乙"],
                              ["机关联农村", "县乙局党支部", "一村村委会", None, None]]


def test_a_leaders_day_at_a_village_lists_each_activity_with_the_issue_it_raised(busier_con, fixture_con):
    day = {"leader_id": "L1", "village_code": "V11", "activity_date": date(2024, 6, 30)}
    story = rows(busier_con, "leader_visit_story", **day)
    assert story.drop(columns=["activity_date", "closed_date"]).astype(object).values.tolist() == [
        [10, "王一", "县委副书记", "甲镇", "一村村委会", "讲党课", 40, "自来水管老化", "县水务局", True, 4]]
    assert story.loc[0, "closed_date"] == pd.Timestamp("2024-06-30")
    plain = rows(fixture_con, "leader_visit_story", **day)  # the lecture raised nothing there
    assert plain["activity_id"].tolist() == [10] and pd.isna(plain.loc[0, "summary"])
    assert rows(fixture_con, "leader_visit_story", **{**day, "leader_id": "L2"}).empty
    assert rows(fixture_con, "leader_visit_story", **{**day, "village_code": "V12"}).empty
    assert rows(fixture_con, "leader_visit_story", **{**day, "activity_date": date(2024, 6, 29)}).empty


def test_a_project_story_names_its_village_and_orgs_lead_first(fixture_con):
    story = rows(fixture_con, "project_story", project_id="P1")
    assert story[["project_id", "township", "village", "project_name", "investment_yuan", "status", "orgs"]
                 ].values.tolist() == [["P1", "甲镇", "一村村委会", "一村文化广场", 300000.0, "完工",
                                        "县甲局党支部、县乙局党支部"]]
    assert rows(fixture_con, "project_story", project_id="P2")["orgs"].tolist() == ["县丙局党总支"]
    assert rows(fixture_con, "project_story", project_id="P9").empty
