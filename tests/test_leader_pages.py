"""The leader's pages in AppTest on the hand-made fixture: the verdict, status colours from the targets,
one township against the county, 乡镇画像 without a township, and 村画像."""

import json
from dataclasses import replace

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from sanlian import labels, settings, text
from tests.test_auth import as_user, users_template, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("admin_session")  # the fixture is imported data: sign-in
HALF_YEAR = {"from": "2024-01-01", "to": "2024-06-30"}


@pytest.fixture
def fixture_app(fixture_db, use_db):
    return use_db(fixture_db)


def run_page(path: str, **query_params) -> AppTest:
    at = AppTest.from_file(str(settings.ROOT / "app.py"), default_timeout=60)
    for key, value in {**HALF_YEAR, **query_params}.items():
        at.query_params[key] = value
    if path != "app.py":
        at.switch_page(path)
    at = at.run()
    assert not at.exception, at.exception
    return at


def card(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label).proto


def colour(proto) -> str:
    return Metric.MetricColor.Name(proto.color)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_home_page_opens_with_the_verdict_written_from_the_numbers(fixture_app):
    at = run_page("app.py")
    assert text.for_markdown("7 项指标中 0 项达标；乙镇、甲镇 月度走访完成率低于 70.0%。") in markdown(at)
    ranking = next(d.value for d in at.dataframe if "较上期" in d.value.columns)
    assert ranking.values.tolist() == [["1", "甲镇", "50.0%", "持平"], ["2", "乙镇", "25.0%", "持平"]]


def test_card_colours_come_from_the_targets(fixture_app, monkeypatch):
    closure = card(run_page("app.py"), "办结率")  # 60.0%, below the red line of 75.0%
    assert (colour(closure), closure.delta_description) == ("RED", "较上期 · 目标≥90.0%")
    monkeypatch.setitem(labels.METRICS, "closure_rate",
                        replace(labels.METRICS["closure_rate"], thresholds=(0.6, 0.5)))
    closure = card(run_page("app.py"), "办结率")
    assert (colour(closure), closure.delta_description) == ("GREEN", "较上期 · 目标≥60.0%")


def test_one_township_is_compared_with_the_county_and_ranked_among_the_townships(fixture_app):
    at = run_page("app.py", town="甲镇")
    assert text.for_markdown("甲镇：7 项指标中 1 项达标；月度走访完成率 50.0%，全县 42.9%，在 2 个乡镇中排第 1。") \
        in markdown(at)
    rate = card(at, "月度走访完成率")  # 3/6 against the county's 6/14
    assert (rate.body, rate.delta, rate.delta_description) == ("50.0%", "+7.1 个百分点", "较全县 · 第1/2位 · 目标≥85.0%")
    visits = card(at, "党员走访户次")  # 6 against the average township's (6 + 1) / 2
    assert (visits.body, visits.delta, visits.delta_description) == ("6", "+2.5", "较全县 · 第1/2位")
    villages = next(d.value for d in at.dataframe if "村（居）委会" in d.value.columns and "较上期" in d.value.columns)
    assert villages["村（居）委会"].tolist() == ["一村村委会", "二村村委会", "一社区居委会"]


def test_the_township_portrait_without_a_township_ranks_them_all_with_the_county(fixture_app):
    at = run_page("pages/township.py")
    league = at.dataframe[0].value
    assert league["乡镇"].tolist() == ["甲镇", "乙镇", "全县"]
    assert league["排名"].tolist() == ["1", "2", ""]
    assert at.selectbox(key="portrait_town").value is None


def test_the_township_portrait_links_each_village_to_its_page(fixture_app):
    at = run_page("pages/township.py", town="乙镇")
    villages = next(d.value for d in at.dataframe if "profile" in d.value.columns)
    assert villages["村（居）委会"].tolist() == ["三村村委会", "四村村委会"]
    assert villages["profile"].iloc[0].startswith("village?")
    assert "town=%E4%B9%99%E9%95%87" in villages["profile"].iloc[0] and "village=" in villages["profile"].iloc[0]


def test_the_village_page_shows_its_orgs_households_issues_projects_and_incomes(fixture_app):
    at = run_page("pages/village.py", town="甲镇", village="一村村委会")
    assert at.subheader[0].value == "甲镇 · 一村村委会（村委会）"
    visits = card(at, "党员走访户次")  # 5 now, 1 (15 Dec 2023) in the half-year before; first of 3 villages
    assert (visits.body, visits.delta, visits.delta_description) == ("5", "+4", "较上期 · 第1/3位")
    tables = [d.value for d in at.dataframe]
    assert tables[0]["机关党组织"].tolist() == ["县甲局党支部", "县乙局党支部"]
    assert tables[1][["户主", "走访户次"]].values.tolist() == [["陈甲", 5]]
    assert tables[2]["问题摘要"].tolist() == ["垃圾收运点不足", "需要水稻新品种种子"]
    assert tables[3]["项目名称"].tolist() == ["一村文化广场"]
    assert tables[4]["户主"].tolist() == ["陈甲", "周丁"]
    assert at.query_params["village"] == "一村村委会"  # the village stays in the URL


def test_the_village_page_asks_for_a_village_when_none_is_chosen(fixture_app):
    at = run_page("pages/village.py", town="乙镇")
    assert "请选择一个村（居）" in at.info[0].value
    assert list(at.selectbox(key="village_pick").options) == ["乙镇 · 三村村委会", "乙镇 · 四村村委会"]
    assert not at.metric


def test_a_township_user_picks_only_among_their_own_villages(world):
    at = as_user("马市书记", "pages/village.py", town="顿岗镇", village="顿岗村委会")
    assert not at.exception
    options = at.selectbox(key="village_pick").options
    assert options and all(o.startswith("马市镇 · ") for o in options)
    assert not at.metric


def test_a_township_users_map_draws_only_their_township(world):
    at = as_user("马市书记", "pages/map.py")
    assert not at.exception
    deck = json.loads(next(e for e in at.main if getattr(e, "type", None) == "deck_gl_json_chart").proto.json)
    townships = next(item for item in deck["layers"] if item["id"] == "townships")["data"]
    assert [row["township"] for row in townships] == ["马市镇"]
    villages = next(item for item in deck["layers"] if item["id"] == "villages")["data"]
    assert villages and all(v["township"] == "马市镇" for v in villages)


def test_one_township_is_compared_with_the_others_not_drawn_as_one_bar(fixture_app):
    at = run_page("pages/visits.py", town="乙镇")
    charts = [json.loads(e.proto.spec) for e in at.main if getattr(e, "type", None) == "plotly_chart"]
    bars = [t for spec in charts for t in spec["data"] if t.get("orientation") == "h"]
    assert bars and all(sorted(t["y"]) == ["乙镇", "甲镇"] for t in bars)
    for trace in bars:
        opacity = dict(zip(trace["y"], trace["marker"]["opacity"]))
        assert opacity == {"乙镇": 1, "甲镇": 0.35}


def test_the_home_cards_add_the_year_back_only_where_it_is_not_the_previous_period(sample_db, use_db):
    use_db(sample_db)
    twelve = run_page("app.py", **{"from": "2025-11-01", "to": "2026-10-31"})
    assert "同比" not in card(twelve, "党员走访户次").delta_description  # the previous period is the year back
    ten = run_page("app.py", **{"from": "2026-01-01", "to": "2026-10-31"})
    assert card(ten, "党员走访户次").delta_description.startswith("较上期 · 同比 +")
