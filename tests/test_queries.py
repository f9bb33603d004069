"""Every summary query against the hand-made fixture (tests/fixture.sql), numbers computed by hand."""

from datetime import date

import pandas as pd
import pytest

from sanlian import db
from tests.conftest import FIXTURE_AS_OF, MID_MONTH_AS_OF

PERIOD = {"date_from": date(2024, 1, 1), "date_to": date(2024, 6, 30), "as_of": FIXTURE_AS_OF,
          "link": 0, "overdue_days": 31, "silent_days": 60}
PREVIOUS = {**PERIOD, "date_from": date(2023, 7, 2), "date_to": date(2023, 12, 31)}


def one_row(con, name, townships=(), **overrides):
    """The single row of a summary query as a dict."""
    params = {**PERIOD, "townships": list(townships), **overrides}
    return db.run(con, name, **params).iloc[0].to_dict()


def test_as_of_is_the_latest_activity_date(fixture_con):
    assert one_row(fixture_con, "dataset_info")["as_of_date"].date() == FIXTURE_AS_OF


def test_pairing_counts_only_pairings_active_at_period_end(fixture_con):
    row = one_row(fixture_con, "pairing_summary")
    # O3–V21 ended 2024-03-31, so only O1 and O2 (both at V11) are active.
    assert row["orgs_paired"] == 2
    assert (row["villages_covered"], row["villages_total"]) == (1, 4)
    assert row["village_coverage"] == pytest.approx(0.25)


def test_a_village_with_two_orgs_counts_once_and_as_one_plus_n(fixture_con):
    row = one_row(fixture_con, "pairing_summary")
    assert (row["villages_one_org"], row["villages_several_orgs"]) == (0, 1)


def test_village_coverage_ignores_urban_communities(fixture_con):
    row = one_row(fixture_con, "pairing_summary", townships=["T1"])
    assert (row["villages_covered"], row["villages_total"]) == (1, 2)


def test_pairing_that_ended_mid_period_still_counts_in_the_previous_period(fixture_con):
    row = one_row(fixture_con, "pairing_summary", **PREVIOUS)
    assert (row["orgs_paired"], row["villages_covered"]) == (3, 2)


def test_leader_stationing_drops_a_leader_whose_posting_ended(fixture_con):
    row = one_row(fixture_con, "pairing_summary")
    assert (row["leaders_stationed"], row["townships_with_leader"], row["townships_total"]) == (1, 1, 2)


def test_member_household_pairs_count_active_pairs_only(fixture_con):
    row = one_row(fixture_con, "pairing_summary")
    assert (row["member_household_pairs"], row["members_paired"], row["households_paired"]) == (2, 1, 2)


def test_visits_count_member_visits_inside_the_period(fixture_con):
    row = one_row(fixture_con, "visit_summary")
    assert row["visits"] == 7
    assert row["evidence_rate"] == pytest.approx(3 / 7)


def test_monthly_visit_completion_counts_pair_months(fixture_con):
    row = one_row(fixture_con, "visit_summary")
    # M1–H1 6 months (visited Jan, Feb, Apr, Jun), M1–H2 Mar–Jun (visited Mar), M2–H3 Jan–Apr (visited Jan).
    assert (row["pair_months"], row["pair_months_visited"]) == (14, 6)
    assert row["visit_completion_rate"] == pytest.approx(6 / 14)


def test_overdue_households_are_active_pairs_without_a_visit_in_31_days(fixture_con):
    row = one_row(fixture_con, "visit_summary")
    assert (row["overdue_pairs"], row["active_pairs"]) == (1, 2)


def test_visit_numbers_follow_the_township_filter(fixture_con):
    row = one_row(fixture_con, "visit_summary", townships=["T2"])
    assert (row["visits"], row["pair_months"], row["pair_months_visited"]) == (1, 4, 1)


def test_issue_raised_before_the_period_and_closed_inside_it_is_not_counted(fixture_con):
    row = one_row(fixture_con, "issue_summary")
    assert (row["issues_raised"], row["closed"]) == (5, 3)
    assert row["closure_rate"] == pytest.approx(0.6)


def test_on_time_rate_uses_issues_due_by_as_of(fixture_con):
    row = one_row(fixture_con, "issue_summary")
    assert (row["due"], row["closed_on_time"]) == (4, 2)
    assert row["on_time_rate"] == pytest.approx(0.5)


def test_resolution_rate_keeps_closed_apart_from_solved(fixture_con):
    assert one_row(fixture_con, "issue_summary")["resolution_rate"] == pytest.approx(2 / 3)


def test_satisfaction_rate_counts_only_rated_issues(fixture_con):
    row = one_row(fixture_con, "issue_summary")
    assert (row["rated"], row["satisfied"]) == (2, 1)
    assert row["satisfaction_rate"] == pytest.approx(0.5)


def test_days_to_close_median_and_90th_percentile(fixture_con):
    row = one_row(fixture_con, "issue_summary")
    # Closed after 9, 45 and 10 days.
    assert row["median_days_to_close"] == pytest.approx(10)
    assert row["p90_days_to_close"] == pytest.approx(38)


def test_overdue_open_issues_exclude_those_not_yet_due(fixture_con):
    assert one_row(fixture_con, "issue_summary")["overdue_open"] == 1


def test_issue_numbers_follow_township_and_link(fixture_con):
    assert one_row(fixture_con, "issue_summary", townships=["T1"])["issues_raised"] == 3
    assert one_row(fixture_con, "issue_summary", link=3)["issues_raised"] == 3
    assert one_row(fixture_con, "issue_summary", link=1)["closure_rate"] == 0


def test_income_gain_compares_the_latest_full_year_for_households_paired_in_it(fixture_con):
    row = one_row(fixture_con, "income_gain_summary")
    # Period ends 2024-06-30, so 2023 vs 2022: H1 +8000, H4 −3000 (paired until 2023-12-31); H2 was
    # paired only in 2024 and H5 (+6000) only until 2022; H3 has no 2022 income.
    assert row["year"] == 2023
    assert (row["households"], row["households_without_baseline"]) == (2, 1)
    assert row["median_gain_yuan"] == pytest.approx(2500)
    assert (row["q1_gain_yuan"], row["q3_gain_yuan"]) == (pytest.approx(-250), pytest.approx(5250))
    assert row["share_with_gain"] == pytest.approx(0.5)


def test_a_filter_matching_nothing_gives_zeros_not_errors(fixture_con):
    row = one_row(fixture_con, "issue_summary", date_from=date(2020, 1, 1), date_to=date(2020, 12, 31))
    assert row["issues_raised"] == 0
    assert pd.isna(row["closure_rate"])


# A past period (as-of is still 2024-06-30): I3 (closed 04-15) and I6 (closed 04-11, rated 3) were
# raised in it but closed only after its end, so at its end both were open and I6 unrated.
PAST = {**PERIOD, "date_from": date(2024, 3, 1), "date_to": date(2024, 4, 10)}


def test_an_issue_closed_after_the_period_end_counts_as_open_at_that_end(fixture_con):
    row = one_row(fixture_con, "issue_summary", **PAST)
    assert (row["issues_raised"], row["closed"]) == (2, 0)
    assert row["closure_rate"] == 0
    assert pd.isna(row["median_days_to_close"]) and pd.isna(row["p90_days_to_close"])


def test_on_time_rate_counts_issues_due_by_the_period_end_not_by_as_of(fixture_con):
    row = one_row(fixture_con, "issue_summary", **PAST)
    # Due by 04-10: only I3 (due 03-31), not closed by then; I6 is due 04-16.
    assert (row["due"], row["closed_on_time"]) == (1, 0)
    assert row["on_time_rate"] == 0


def test_resolution_and_satisfaction_count_only_what_had_happened_by_the_period_end(fixture_con):
    row = one_row(fixture_con, "issue_summary", **PAST)
    assert (row["resolved"], row["rated"], row["satisfied"]) == (0, 0, 0)
    assert pd.isna(row["resolution_rate"]) and pd.isna(row["satisfaction_rate"])
    # A day later I6 is closed (resolved, rated 3; not yet due, so outside 按期办结率).
    later = one_row(fixture_con, "issue_summary", **{**PAST, "date_to": date(2024, 4, 11)})
    assert (later["closed"], later["resolved"], later["rated"], later["due"]) == (1, 1, 1, 1)


def test_an_issue_closed_after_the_period_end_is_overdue_at_that_end(fixture_con):
    # I3 was due 03-31 and still open on 04-10.
    assert one_row(fixture_con, "issue_summary", **PAST)["overdue_open"] == 1


MID_MONTH = {**PERIOD, "date_to": MID_MONTH_AS_OF, "as_of": MID_MONTH_AS_OF}


def test_the_mid_month_fixture_is_as_of_its_cut_day(mid_month_con):
    assert one_row(mid_month_con, "dataset_info")["as_of_date"].date() == MID_MONTH_AS_OF


def test_monthly_completion_leaves_out_the_as_of_month_until_it_is_over(mid_month_con):
    row = one_row(mid_month_con, "visit_summary", **MID_MONTH)
    # January–May only: M1–H1 5 months (Jan, Feb, Apr visited), M1–H2 Mar–May (Mar),
    # M2–H3 Jan–Apr (Jan). June (12 of 30 days, H2 visited) would make it 14 and 6.
    assert (row["pair_months"], row["pair_months_visited"]) == (12, 5)
    assert row["visit_completion_rate"] == pytest.approx(5 / 12)
    assert row["visits"] == 7  # the visits themselves are a flow: June's one counts


def test_a_period_of_only_the_running_month_has_no_completion_rate(mid_month_con):
    row = one_row(mid_month_con, "visit_summary", **{**MID_MONTH, "date_from": date(2024, 6, 1)})
    assert row["pair_months"] == 0 and pd.isna(row["visit_completion_rate"])
    assert row["visits"] == 1


def test_a_past_period_ending_mid_month_leaves_that_month_out(fixture_con):
    row = one_row(fixture_con, "visit_summary", date_to=date(2024, 3, 20))
    # January and February: M1–H1 (both visited) and M2–H3 (January only); H2 paired in March.
    assert (row["pair_months"], row["pair_months_visited"]) == (4, 3)


def test_overdue_pairs_mid_month_use_the_31_days_before_the_cut(mid_month_con):
    row = one_row(mid_month_con, "visit_summary", **MID_MONTH)
    # H1 last visited 04-10 (63 days before); H2 visited on the cut day.
    assert (row["overdue_pairs"], row["active_pairs"]) == (1, 2)


def brute_force_overdue(con, day: date, window: int = 31) -> int:
    """Pairs in force on `day` with no member visit in the `window` days up to it, from activities."""
    return con.execute("""
        select count(*) from member_households as p
        where p.start_date <= $day and (p.end_date is null or p.end_date >= $day)
            and not exists (select 1 from activities as a
                where a.link = 3 and a.member_id = p.member_id and a.household_id = p.household_id
                    and a.activity_date between $day - $window and $day)""",
                       {"day": day, "window": window}).fetchone()[0]


@pytest.mark.parametrize("day", pd.date_range("2024-01-01", "2024-06-30").date)
def test_overdue_pairs_on_every_day_equal_a_count_from_the_raw_visits(fixture_con, day):
    row = one_row(fixture_con, "visit_summary", date_from=date(2024, 1, 1), date_to=day)
    assert row["overdue_pairs"] == brute_force_overdue(fixture_con, day)


def test_income_gain_leaves_out_a_household_whose_pairing_ended_before_the_gain_year(fixture_con):
    assert one_row(fixture_con, "income_gain_summary", townships=["T2"])["households"] == 0  # only H5
    # In 2022 (the period ending 2022-12-31) H5 was paired, but has no 2021 baseline.
    row = one_row(fixture_con, "income_gain_summary", townships=["T2"], date_from=date(2022, 1, 1),
                  date_to=date(2022, 12, 31))
    assert (row["year"], row["households"], row["households_without_baseline"]) == (2022, 0, 1)


@pytest.mark.parametrize("date_to, year", [(date(2023, 12, 31), 2023), (date(2023, 12, 30), 2022),
                                           (date(2024, 12, 31), 2023)])
def test_the_gain_year_is_the_latest_year_over_by_the_period_end(fixture_con, date_to, year):
    # A period ending 2024-12-31 ends (时段末) on the as-of date 2024-06-30: 2024 is not over.
    assert one_row(fixture_con, "income_gain_summary", date_to=date_to)["year"] == year
