"""The filter set and its URL form."""

from dataclasses import replace
from datetime import date

import pytest

from sanlian.filters import Filters, preset_of, preset_range

AS_OF, START = date(2026, 10, 31), date(2022, 7, 1)
TOWNS = ["马市镇", "顿岗镇", "沈所镇"]


def parse(**params):
    return Filters.from_query_params(params, TOWNS, AS_OF, START)


@pytest.mark.parametrize("preset, expected_from", [
    ("本月", date(2026, 10, 1)),
    ("本季度", date(2026, 10, 1)),
    ("本年", date(2026, 1, 1)),
    ("近12个月", date(2025, 11, 1)),
    ("全部", START),
])
def test_presets_count_back_from_the_as_of_date_not_today(preset, expected_from):
    assert preset_range(preset, AS_OF, START) == (expected_from, AS_OF)


def test_quarter_preset_starts_on_the_quarters_first_day():
    assert preset_range("本季度", date(2024, 5, 17), START)[0] == date(2024, 4, 1)


def test_a_range_is_recognised_as_its_preset():
    assert preset_of(date(2026, 1, 1), AS_OF, AS_OF, START) == "本年"
    assert preset_of(date(2026, 1, 2), AS_OF, AS_OF, START) is None


def test_an_empty_url_gives_the_default_view_without_notices():
    filters, notices = parse()
    assert filters == Filters(date(2025, 11, 1), AS_OF, (), 0)
    assert notices == []


def test_a_url_round_trips_to_the_same_filters():
    filters = Filters(date(2024, 1, 1), date(2024, 6, 30), ("马市镇", "顿岗镇"), 3)
    params = {k: v if isinstance(v, list) else [v] for k, v in filters.to_query_params().items()}
    assert parse(**params) == (filters, [])


def test_url_params_have_the_documented_names():
    params = Filters(date(2024, 1, 1), date(2024, 6, 30), ("马市镇",), 2).to_query_params()
    assert params == {"town": ["马市镇"], "from": "2024-01-01", "to": "2024-06-30", "link": "2"}


@pytest.mark.parametrize("params, kept, notice_part", [
    ({"town": ["马市镇", "火星镇"]}, {"towns": ("马市镇",)}, "火星镇"),
    ({"from": ["2024-13-01"]}, {"date_from": date(2025, 11, 1)}, "2024-13-01"),
    ({"from": ["2025-01-01"], "to": ["2024-01-01"]}, {"date_from": date(2025, 11, 1)}, "晚于"),
    ({"link": ["9"]}, {"link": 0}, "三联类型"),
])
def test_invalid_url_values_are_dropped_with_a_chinese_notice(params, kept, notice_part):
    filters, notices = parse(**params)
    for field, value in kept.items():
        assert getattr(filters, field) == value
    assert len(notices) == 1 and notice_part in notices[0]


def test_link_may_be_given_by_its_chinese_name():
    assert parse(link=["党员联群众"])[0].link == 3


def test_previous_period_has_equal_length_and_ends_the_day_before():
    prev = Filters(date(2024, 1, 1), date(2024, 6, 30)).previous_period()
    assert (prev.date_from, prev.date_to) == (date(2023, 7, 3), date(2023, 12, 31))
    assert (prev.date_to - prev.date_from) == (date(2024, 6, 30) - date(2024, 1, 1))


def test_description_names_towns_dates_and_link():
    text = Filters(date(2024, 1, 1), date(2024, 6, 30), ("马市镇",), 1).describe()
    assert text == "马市镇 · 2024年1月1日至2024年6月30日 · 领导联乡镇"


@pytest.mark.parametrize("date_from, date_to, cut_to", [
    (date(2026, 1, 1), date(2026, 12, 31), date(2026, 10, 31)),  # reaches past as-of: cut there
    (date(2026, 1, 1), date(2026, 6, 30), date(2026, 6, 30)),  # wholly before: unchanged
    (date(2026, 11, 1), date(2026, 12, 31), date(2026, 12, 31)),  # wholly after: left for the empty state
])
def test_a_period_is_cut_at_the_as_of_date(date_from, date_to, cut_to):
    cut = Filters(date_from, date_to, ("马市镇",), 2).within(date(2026, 10, 31))
    assert (cut.date_from, cut.date_to, cut.towns, cut.link) == (date_from, cut_to, ("马市镇",), 2)


def test_the_previous_period_of_a_cut_period_has_as_many_days():
    cut = Filters(date(2026, 1, 1), date(2026, 12, 31)).within(date(2026, 10, 31))
    previous = cut.previous_period()
    assert (previous.date_from, previous.date_to) == (date(2025, 3, 3), date(2025, 12, 31))
    assert previous.days() == cut.days() == 304


def test_the_preset_help_says_which_days_each_preset_covers():
    from sanlian.dataset import DatasetInfo
    from sanlian.filter_state import preset_days
    info = DatasetInfo("sample", date(2026, 10, 12), START, None, (), {})
    text = preset_days(info)
    assert "- 本月：2026年10月1日至2026年10月12日（12 天）" in text
    assert "- 近12个月：2025年10月13日至2026年10月12日（365 天）" in text


def test_the_comparison_is_the_previous_period_or_the_same_dates_a_year_earlier():
    filters = Filters(date(2024, 3, 1), date(2024, 6, 30))
    assert filters.comparison_period() == filters.previous_period()
    yoy = replace(filters, compare="yoy").comparison_period()
    assert (yoy.date_from, yoy.date_to) == (date(2023, 3, 1), date(2023, 6, 30))


def test_the_comparison_round_trips_through_the_url_and_an_unknown_one_is_dropped():
    filters = Filters(date(2024, 1, 1), date(2024, 6, 30), compare="yoy")
    assert filters.to_query_params()["cmp"] == "yoy"
    params = {k: v if isinstance(v, list) else [v] for k, v in filters.to_query_params().items()}
    assert parse(**params) == (filters, [])
    dropped, notices = parse(cmp=["mom"])
    assert dropped.compare == "prev" and "对比方式" in notices[0]


@pytest.mark.parametrize("params, date_from, date_to", [
    ({"from": ["0001-01-01"]}, date(2012, 1, 1), AS_OF),
    ({"to": ["9999-12-31"]}, date(2025, 11, 1), date(2036, 12, 31)),
    ({"from": ["0001-01-01"], "to": ["9999-12-31"]}, date(2012, 1, 1), date(2036, 12, 31)),
])
def test_link_dates_far_from_the_data_are_moved_near_its_years_with_a_notice(params, date_from, date_to):
    filters, notices = parse(**params)
    assert (filters.date_from, filters.date_to) == (date_from, date_to)
    assert notices and all("离数据的年份（2022–2026 年）太远" in n for n in notices)


def test_the_comparison_of_a_far_link_period_stays_in_the_calendar():
    """0001-01-01 to 9999-12-31 used to overflow when the previous period or a year earlier was taken."""
    filters, _ = parse(**{"from": ["0001-01-01"], "to": ["9999-12-31"]})
    shown = filters.within(AS_OF)
    assert shown.comparison_period().date_to == date(2011, 12, 31)
    assert replace(shown, compare="yoy").comparison_period() == replace(
        shown, compare="yoy", date_from=date(2011, 1, 1), date_to=date(2025, 10, 31))


def test_a_village_in_the_url_is_kept_with_its_one_township_and_written_back():
    filters, notices = Filters.from_query_params({"town": ["马市镇"], "village": ["安水村委会"]}, TOWNS, AS_OF, START)
    assert (filters.towns, filters.village, notices) == (("马市镇",), "安水村委会", [])
    assert filters.to_query_params()["village"] == "安水村委会"
    assert filters.describe().startswith("马市镇 · 安水村委会 · ")


def test_a_village_without_exactly_one_township_or_after_a_township_change_is_dropped():
    both, _ = Filters.from_query_params({"town": ["马市镇", "顿岗镇"], "village": ["安水村委会"]}, TOWNS, AS_OF, START)
    assert both.village == "" and "village" not in both.to_query_params()
    one = Filters.default(AS_OF, START).with_village("马市镇", "安水村委会")
    assert one.with_towns(["马市镇"]).village == "安水村委会"
    assert one.with_towns(["顿岗镇"]).village == ""
