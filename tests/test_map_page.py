"""结对地图 (pages/map.py) in AppTest on the sample database, and its queries against the fixture."""

import json
from datetime import date

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from sanlian import db, maps, settings
from tests.conftest import FIXTURE_AS_OF

FILTERS = {
    "no filter": {},
    "one township": {"town": "马市镇"},
    "matches nothing": {"from": "2020-01-01", "to": "2020-12-31"},
}
PERIOD = {"date_from": date(2024, 1, 1), "date_to": date(2024, 6, 30), "as_of": FIXTURE_AS_OF,
          "link": 0, "townships": [], "silent_days": 60}
PREVIOUS = {**PERIOD, "date_from": date(2023, 7, 1), "date_to": date(2023, 12, 31)}


pytestmark = pytest.mark.usefixtures("admin_session")  # imported data needs sign-in


def run_map(arcs: bool = False, **query_params) -> AppTest:
    # From app.py: the sidebar's page links are resolved against the entry script, so a page
    # cannot be AppTest's entry point in the legacy pages/ mode.
    at = AppTest.from_file(str(settings.ROOT / "app.py"), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    at.switch_page("pages/map.py")
    at.run()
    if arcs:  # drawn on demand
        at.toggle(key="map_arcs").set_value(True).run()
    return at


def deck_of(at: AppTest) -> dict:
    charts = [e for e in at.main if getattr(e, "type", None) == "deck_gl_json_chart"]
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def layer(doc: dict, layer_id: str) -> dict:
    return next(item for item in doc["layers"] if item["id"] == layer_id)


@pytest.fixture
def sample(sample_db, use_db):
    return use_db(sample_db)


@pytest.mark.parametrize("case", FILTERS)
def test_the_map_page_renders_without_exception(sample, case):
    at = run_map(**FILTERS[case])
    assert not at.exception, at.exception
    assert at.title[0].value == "结对地图"
    assert "数据截至" in at.caption[0].value


def test_the_map_page_renders_on_a_database_without_the_county_seat(fixture_db, use_db):
    use_db(fixture_db)  # townships 甲镇 and 乙镇 only: agencies fall back to the first seat
    at = run_map(arcs=True, town="甲镇", **{"from": "2024-01-01", "to": "2024-06-30"})
    assert not at.exception, at.exception
    doc = deck_of(at)
    assert len(layer(doc, "pairings")["data"]) == 2 and len(layer(doc, "villages")["data"]) == 3


def test_the_whole_county_shows_every_village_and_every_active_pairing(sample):
    at = run_map(arcs=True)
    doc = deck_of(at)
    assert "mapProvider" not in doc and "http" not in json.dumps(doc)
    with duckdb.connect(str(sample), read_only=True) as con:
        villages, = con.execute("select count(*) from villages").fetchone()
    assert len(layer(doc, "villages")["data"]) == villages == 129
    assert len(layer(doc, "pairings")["data"]) == int(at.metric[0].value.replace(",", ""))
    assert len(layer(doc, "townships")["data"]) == 10


def test_one_township_narrows_villages_and_arcs_and_greys_the_others(sample):
    doc = deck_of(run_map(arcs=True, town="马市镇"))
    villages = layer(doc, "villages")["data"]
    assert len(villages) == 19 and all("（马市镇）" in v["tip_title"] for v in villages)
    assert all("马市镇" in a["tip_body"] for a in layer(doc, "pairings")["data"])
    fills = {row["township"]: row["fill"][:3] for row in layer(doc, "townships")["data"]}
    assert fills["马市镇"] != list(maps.NO_DATA)
    assert {tuple(c) for town, c in fills.items() if town != "马市镇"} == {maps.NO_DATA}


def test_the_ranking_beside_the_map_holds_the_scorecard_numbers(sample):
    at = run_map(**{"from": "2025-01-01", "to": "2025-12-31"})
    table = at.dataframe[0].value
    assert list(table.columns) == ["排名", "乡镇", "月度走访完成率"]
    assert len(table) == 10 and list(table["排名"]) == list(range(1, 11))
    assert any("示意" in c.value for c in at.caption)


def test_a_filter_matching_nothing_shows_the_empty_state_and_no_map(sample):
    at = run_map(**FILTERS["matches nothing"])
    assert at.info and "没有" in at.info[0].value
    assert not [e for e in at.main if getattr(e, "type", None) == "deck_gl_json_chart"]


def test_picking_another_metric_recolours_and_reranks(sample):
    at = run_map()
    at.segmented_control(key="map_metric").set_value("overdue_open").run()
    assert not at.exception
    assert list(at.dataframe[0].value.columns)[-1] == "逾期未办结（时点）"
    assert "逾期未办结" in at.markdown[0].value


def test_arcs_are_drawn_only_on_demand(sample):
    at = run_map()
    assert "pairings" not in {item["id"] for item in deck_of(at)["layers"]}
    at.toggle(key="map_arcs").set_value(True).run()
    assert "pairings" in {item["id"] for item in deck_of(at)["layers"]}


def test_only_the_worst_tenth_of_villages_is_coloured(sample):
    villages = layer(deck_of(run_map()), "villages")["data"]
    coloured = [v for v in villages if v["colour"][:3] != list(maps.PROBLEM_COLOURS["正常"])]
    assert len(coloured) == 13 == -(-len(villages) // 10)  # 129 villages: 13
    assert all("十分之一" in v["tip_body"] for v in coloured)


def test_one_township_zooms_the_map_to_it(sample):
    county, one = (deck_of(run_map(**town))["initialViewState"] for town in ({}, {"town": "马市镇"}))
    assert one["zoom"] > county["zoom"]


def villages_by_code(con, **params) -> dict:
    frame = db.run(con, "map_villages", **params)
    return frame.set_index("village_code").to_dict("index")


def test_map_villages_counts_orgs_activity_silence_and_overdue_issues(fixture_con):
    rows = villages_by_code(fixture_con, **PERIOD)
    assert list(rows) == ["V11", "V12", "V13", "V21", "V22"]
    # V11: O1 and O2 active. O1's last org event (2024-05-01) is exactly 60 days before the
    # period's end, so it is not silent; O2 never had one. Seven events in the period (ids 2, 4,
    # 5, 7, 8, 9, 10); I4 is open and past its due date.
    v11 = rows["V11"]
    assert (v11["org_count"], v11["silent_pairings"], v11["activities"], v11["overdue_open"]) == (2, 1, 7, 1)
    assert v11["lon"] is None or v11["lon"] != v11["lon"]  # unknown position stays empty
    # V12: no org; one visit; I3 closed late but closed before the period's end.
    assert (rows["V12"]["org_count"], rows["V12"]["activities"], rows["V12"]["overdue_open"]) == (0, 1, 0)
    # V21: O3's pairing ended 2024-03-31; I5 is open but not yet due.
    assert (rows["V21"]["org_count"], rows["V21"]["silent_pairings"], rows["V21"]["overdue_open"]) == (0, 0, 0)
    assert rows["V13"]["village_kind"] == "居委会" and rows["V13"]["activities"] == 0


def test_map_villages_follows_the_link_and_township_filters(fixture_con):
    rows = villages_by_code(fixture_con, **{**PERIOD, "link": 3})
    # Member visits only (ids 2, 4, 5, 7, 9); I4 came from an org event (link 2).
    assert (rows["V11"]["activities"], rows["V11"]["overdue_open"]) == (5, 0)
    assert list(villages_by_code(fixture_con, **{**PERIOD, "townships": ["T2"]})) == ["V21", "V22"]


def test_map_villages_in_the_previous_period(fixture_con):
    rows = villages_by_code(fixture_con, **PREVIOUS)
    # At 2023-12-31 all three pairings are active and none has had an org event yet.
    assert (rows["V11"]["org_count"], rows["V11"]["silent_pairings"]) == (2, 2)
    assert (rows["V21"]["org_count"], rows["V21"]["silent_pairings"]) == (1, 1)
    assert rows["V11"]["overdue_open"] == 0  # I1 raised 2023-12-20 is due only on 2024-01-04


def test_map_pairing_arcs_lists_active_pairings_with_the_village_org_count(fixture_con):
    arcs = db.run(fixture_con, "map_pairing_arcs", **PERIOD)
    assert list(zip(arcs["org_id"], arcs["village_code"], arcs["role"], arcs["org_count"])) == [
        ("O1", "V11", "牵头", 2), ("O2", "V11", "协同", 2)]
    assert list(arcs["agency"]) == ["县甲局", "县乙局"] and set(arcs["township"]) == {"甲镇"}
    assert db.run(fixture_con, "map_pairing_arcs", **{**PERIOD, "townships": ["T2"]}).empty


def test_map_pairing_arcs_keeps_a_pairing_that_ended_after_the_previous_period(fixture_con):
    arcs = db.run(fixture_con, "map_pairing_arcs", **PREVIOUS)
    assert list(zip(arcs["org_id"], arcs["village_code"], arcs["org_count"])) == [
        ("O1", "V11", 2), ("O2", "V11", 2), ("O3", "V21", 1)]
