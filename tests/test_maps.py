"""The pairing-map builders (sanlian.maps, sanlian.geometry), without Streamlit."""

import json
import math

import pandas as pd
import pytest

from sanlian import geometry, labels, maps, settings

TOWNSHIPS = pd.read_csv(settings.REFERENCE_DIR / "townships.csv", dtype={"township_code": str})
VILLAGES = pd.read_csv(settings.REFERENCE_DIR / "villages.csv",
                       dtype={"village_code": str, "township_code": str})
OUTLINE = geometry.read_outline(settings.COUNTY_OUTLINE_FILE)
NAMES = dict(zip(TOWNSHIPS["township_code"], TOWNSHIPS["name"]))
MASHI, DUNGANG = "440222101", "440222103"


@pytest.fixture(scope="module")
def shapes() -> maps.CountyShapes:
    return maps.county_shapes(TOWNSHIPS, OUTLINE, {})


def village_frame(villages: pd.DataFrame = VILLAGES, **overrides) -> pd.DataFrame:
    """The reference villages shaped like queries/map_villages.sql, with quiet numbers."""
    frame = pd.DataFrame({
        "village_code": villages["village_code"], "township_code": villages["township_code"],
        "township": villages["township_code"].map(NAMES), "village": villages["name"],
        "village_kind": villages["kind"], "lon": villages["lon"], "lat": villages["lat"],
        "org_count": 1, "silent_pairings": 0, "activities": 5, "overdue_open": 0})
    return frame.assign(**overrides)


def scorecard_frame(**metrics) -> pd.DataFrame:
    """A township scorecard with every map metric, overridable per column."""
    base = {"village_coverage": 1.0, "visit_completion_rate": 0.8, "closure_rate": 0.9,
            "overdue_open": 3, "median_gain_yuan": 2000.0, "investment_yuan": 1e6}
    frame = pd.DataFrame({"township_code": TOWNSHIPS["township_code"], "township": TOWNSHIPS["name"]})
    for name, value in {**base, **metrics}.items():
        frame[name] = value
    return frame


def arc_frame(pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Pairings (org, agency, village_code) shaped like queries/map_pairing_arcs.sql."""
    frame = pd.DataFrame(pairs, columns=["org_id", "agency", "village_code"])
    frame["org_name"] = frame["agency"] + "党支部"
    frame["role"] = "牵头"
    village = VILLAGES.set_index("village_code")
    frame["village"] = frame["village_code"].map(village["name"])
    frame["township_code"] = frame["village_code"].map(village["township_code"])
    frame["township"] = frame["township_code"].map(NAMES)
    frame["org_count"] = frame.groupby("village_code")["org_id"].transform("count")
    return frame


ZONG_CUN, AN_SHUI = "440222103210", "440222101206"
ARCS = arc_frame([("O1", "县住管局", ZONG_CUN), ("O2", "县城东区项目", ZONG_CUN),
                  ("O3", "县水务局", AN_SHUI)])


def deck_json(shapes, scorecard=None, villages=None, arcs=ARCS, metric="village_coverage",
              chosen=None, show_arcs=True) -> dict:
    scorecard = scorecard_frame() if scorecard is None else scorecard
    villages = village_frame() if villages is None else villages
    county = scorecard["township_code"]
    bands = maps.colour_bands(metric, scorecard[metric])
    deck = maps.pairing_map(shapes, scorecard, villages, arcs, metric, bands,
                            set(county) if chosen is None else chosen, show_arcs)
    return json.loads(deck.to_json())


def layer(doc: dict, layer_id: str) -> dict:
    return next(item for item in doc["layers"] if item["id"] == layer_id)


def test_the_deck_has_no_map_provider_no_style_and_no_url(shapes):
    text = maps.pairing_map(shapes, scorecard_frame(), village_frame(), ARCS, "village_coverage",
                            maps.colour_bands("village_coverage", scorecard_frame()["village_coverage"]),
                            set(NAMES)).to_json()
    doc = json.loads(text)
    assert "mapProvider" not in doc
    # pydeck's placeholder for "no style set": Streamlit drops it and then draws no base map;
    # a missing or null mapStyle would make Streamlit fall back to Carto tiles.
    assert doc["mapStyle"] == "__MAP_STYLE__"
    assert "http" not in text.lower() and "://" not in text
    assert "token" not in text.lower() and "carto" not in text.lower()


def test_every_layer_has_an_id_and_the_labels_load_chinese_glyphs(shapes):
    doc = deck_json(shapes)
    ids = [item.get("id") for item in doc["layers"]]
    assert all(ids) and len(set(ids)) == len(ids)
    assert set(ids) == {"county", "townships", "pairings", "agencies", "villages", "labels"}
    labels = layer(doc, "labels")
    assert labels["characterSet"] == "auto"
    assert {"马市镇", "深渡水瑶族乡"} <= {row["text"] for row in labels["data"]}


def test_the_map_says_its_township_areas_are_schematic(shapes):
    doc = deck_json(shapes)
    assert any("示意" in row["text"] for row in layer(doc, "labels")["data"])
    assert all("示意" in row["tip_title"] for row in layer(doc, "townships")["data"])


def test_a_metric_with_a_target_is_coloured_by_its_status_as_everywhere_else():
    bands = maps.colour_bands("village_coverage", pd.Series([0.5, 1.0]))
    assert maps.band_colour(bands, 1.0) == maps.STATUS_FILLS["green"]
    assert maps.band_colour(bands, 0.5) == maps.STATUS_FILLS["red"]
    # On the target itself counts as reaching it, as in the league tables.
    green, amber = labels.METRICS["village_coverage"].thresholds
    assert maps.band_colour(bands, amber) == maps.STATUS_FILLS["amber"]
    assert maps.band_colour(bands, green) == maps.STATUS_FILLS["green"]
    for value in (0.5, amber, green, 0.95):
        assert maps.band_colour(bands, value) == maps.STATUS_FILLS[labels.status("village_coverage", value)]


def test_more_overdue_issues_get_the_bad_end_of_the_scale():
    bands = maps.colour_bands("overdue_open", pd.Series([0, 5, 20]))
    assert maps.band_colour(bands, 20) == maps.SCALE[0]
    assert maps.band_colour(bands, 0) == maps.SCALE[-1]


def test_more_income_gain_gets_the_good_end_and_missing_is_grey():
    bands = maps.colour_bands("median_gain_yuan", pd.Series([1000.0, 5000.0, None]))
    assert maps.band_colour(bands, 5000.0) == maps.SCALE[-1]
    assert maps.band_colour(bands, 1000.0) == maps.SCALE[0]
    assert maps.band_colour(bands, None) == maps.NO_DATA


def test_township_fill_follows_the_metric_and_fades_townships_outside_the_filter(shapes):
    scorecard = scorecard_frame()
    scorecard.loc[scorecard["township_code"] == MASHI, "village_coverage"] = 0.5
    doc = deck_json(shapes, scorecard=scorecard, chosen={MASHI, DUNGANG})
    fills = {row["township_code"]: row["fill"] for row in layer(doc, "townships")["data"]}
    assert fills[MASHI][:3] == list(maps.STATUS_FILLS["red"])
    assert fills[DUNGANG][:3] == list(maps.STATUS_FILLS["green"])
    assert fills["440222100"][:3] == list(maps.NO_DATA)


def test_every_township_cell_holds_its_own_seat(shapes):
    assert set(shapes.areas) == set(TOWNSHIPS["township_code"])
    for code, seat in shapes.seats.items():
        assert geometry.contains(shapes.areas[code], seat), NAMES[code]


def test_the_cells_tile_the_county_outline(shapes):
    total = sum(abs(geometry.area(cell)) for cell in shapes.areas.values())
    assert total == pytest.approx(abs(geometry.area(OUTLINE)), rel=1e-6)


def test_schematic_villages_lie_inside_the_county_and_their_own_cell(shapes):
    placed = maps.place_villages(village_frame(), shapes)
    schematic = placed[placed["is_schematic"]]
    assert len(schematic) == 115
    for row in schematic.itertuples():
        assert geometry.contains(OUTLINE, (row.lon, row.lat)), row.village
        assert geometry.contains(shapes.areas[row.township_code], (row.lon, row.lat)), row.village


def test_schematic_positions_are_deterministic_and_distinct(shapes):
    first = maps.place_villages(village_frame(), shapes)
    second = maps.place_villages(village_frame().sample(frac=1, random_state=1), shapes)
    assert first[["lon", "lat"]].round(9).equals(second[["lon", "lat"]].round(9))
    assert not first[["lon", "lat"]].round(6).duplicated().any()


def test_known_village_coordinates_are_kept_and_not_flagged(shapes):
    placed = maps.place_villages(village_frame(), shapes).set_index("village_code")
    known = VILLAGES.dropna(subset=["lon"]).set_index("village_code")
    assert len(known) == 14
    assert not placed.loc[known.index, "is_schematic"].any()
    assert placed.loc[known.index, "lon"].tolist() == known["lon"].tolist()


def test_village_tooltips_say_when_a_position_is_schematic(shapes):
    doc = deck_json(shapes)
    bodies = [row["tip_body"] for row in layer(doc, "villages")["data"]]
    assert sum("位置为示意" in body for body in bodies) == 115
    assert sum("已知坐标" in body for body in bodies) == 14


def test_a_one_plus_n_village_receives_one_arc_per_org(shapes):
    doc = deck_json(shapes)
    placed = maps.place_villages(village_frame(), shapes).set_index("village_code")
    zong = [round(placed.loc[ZONG_CUN, "lon"], 6), round(placed.loc[ZONG_CUN, "lat"], 6)]
    arcs = layer(doc, "pairings")["data"]
    to_zong = [a for a in arcs if a["target"] == zong]
    assert len(to_zong) == 2 and len({tuple(a["source"]) for a in to_zong}) == 2
    assert all("1+N" in a["tip_body"] for a in to_zong)


def test_arcs_start_near_the_county_seat_and_can_be_switched_off(shapes):
    doc = deck_json(shapes)
    seat = shapes.seats[settings.COUNTY_SEAT_TOWNSHIP]
    for arc in layer(doc, "pairings")["data"]:
        assert math.dist(arc["source"], seat) < 0.05
        assert geometry.contains(OUTLINE, tuple(arc["source"]))
    assert "pairings" not in {item["id"] for item in deck_json(shapes, show_arcs=False)["layers"]}


def test_villages_are_coloured_by_their_worst_problem():
    row = {"overdue_open": 1, "silent_pairings": 1, "village_kind": "村委会", "org_count": 1}
    assert maps.village_problem(row) == "逾期未办结"
    assert maps.village_problem({**row, "overdue_open": 0}) == "沉默结对"
    assert maps.village_problem({**row, "overdue_open": 0, "silent_pairings": 0, "org_count": 0}) == "未结对"
    quiet_community = {**row, "overdue_open": 0, "silent_pairings": 0, "org_count": 0,
                       "village_kind": "居委会"}
    assert maps.village_problem(quiet_community) == "正常"


def test_user_text_reaches_the_tooltip_only_as_a_value_never_as_markup(shapes):
    villages = village_frame()
    villages.loc[0, "village"] = "<img src=x onerror=alert(1)>村"
    doc = deck_json(shapes, villages=villages)
    # A text tooltip: deck.gl sets innerText, so the name is shown as typed and never parsed.
    assert set(maps.TOOLTIP) == {"text", "style"}
    titles = [row["tip_title"] for row in layer(doc, "villages")["data"]]
    assert "<img src=x onerror=alert(1)>村（太平镇）" in titles


def test_the_legend_escapes_its_text_and_lists_best_first():
    bands = maps.colour_bands("overdue_open", pd.Series([0, 10]))
    text = maps.legend_html("overdue_open", bands)
    best, worst = ("rgb({},{},{})".format(*maps.SCALE[i]) for i in (-1, 0))
    assert text.index(best) < text.index(worst)
    assert "逾期未办结" in text and "<script" not in text


def test_the_ranking_reads_best_first_in_chinese():
    scorecard = scorecard_frame(overdue_open=range(10, 0, -1))
    table = maps.ranking(scorecard, "overdue_open")
    assert list(table.columns) == ["排名", "乡镇", "逾期未办结（时点）"]
    assert table.iloc[0]["乡镇"] == "深渡水瑶族乡" and table.iloc[0]["逾期未办结（时点）"] == "1"
    gains = maps.ranking(scorecard_frame(median_gain_yuan=[None] + [1000.0] * 9), "median_gain_yuan")
    assert gains.iloc[-1]["户增收中位数"] == "—"


def test_the_view_is_fitted_to_the_county_and_does_not_depend_on_the_data(shapes):
    first = deck_json(shapes)["initialViewState"]
    second = deck_json(shapes, chosen={MASHI}, arcs=ARCS.iloc[:0])["initialViewState"]
    assert first == second
    x0, y0, x1, y1 = geometry.bounds(OUTLINE)
    assert x0 < first["longitude"] < x1 and y0 < first["latitude"] < y1
    assert 8 <= first["zoom"] <= 11


def test_real_township_shapes_replace_the_schematic_cells(tmp_path):
    squares = []
    for row in TOWNSHIPS.itertuples():
        x, y = row.lon, row.lat
        ring = [[x - .01, y - .01], [x + .01, y - .01], [x + .01, y + .01], [x - .01, y + .01]]
        key = {"name": row.name} if row.Index % 2 else {"township_code": row.township_code}
        squares.append({"type": "Feature", "properties": key,
                        "geometry": {"type": "Polygon", "coordinates": [ring + [ring[0]]]}})
    path = tmp_path / "townships.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": squares}), encoding="utf-8")
    real = maps.county_shapes(TOWNSHIPS, OUTLINE, geometry.read_township_shapes(path))
    assert not real.schematic
    assert real.areas[MASHI][0] == pytest.approx((114.149641 - .01, 25.0267 - .01))
    placed = maps.place_villages(village_frame(), real)
    mashi = placed[(placed["township_code"] == MASHI) & placed["is_schematic"]]
    assert all(geometry.contains(real.areas[MASHI], (r.lon, r.lat)) for r in mashi.itertuples())
    assert not any("示意" in row["text"] for row in layer(deck_json(real), "labels")["data"])


def test_incomplete_township_shapes_fall_back_to_the_schematic_cells():
    one = {"马市镇": [(114.1, 25.0), (114.2, 25.0), (114.2, 25.1)]}
    assert maps.county_shapes(TOWNSHIPS, OUTLINE, one).schematic


def test_a_missing_township_file_means_no_real_shapes(tmp_path):
    assert geometry.read_township_shapes(tmp_path / "absent.geojson") == {}


def test_clipping_a_square_by_a_half_plane_keeps_the_inside_part():
    square = [(0, 0), (2, 0), (2, 2), (0, 2)]
    half = geometry.clip_half_plane(square, (1, 0), 1)  # x ≤ 1
    assert abs(geometry.area(half)) == pytest.approx(2)
    assert all(x <= 1 + 1e-12 for x, _ in half)


def test_the_worst_tenth_is_the_villages_with_the_most_overdue_issues_then_silent_pairings():
    villages = village_frame().head(20).copy()  # 20 villages: the worst 2
    villages.loc[5, "silent_pairings"] = 3
    villages.loc[7, "overdue_open"] = 1
    villages.loc[9, "overdue_open"] = 4
    assert maps.worst_tenth(villages) == {villages.loc[9, "village_code"], villages.loc[7, "village_code"]}
    quiet = village_frame().head(20)
    assert maps.worst_tenth(quiet) == set()  # no problem, nothing marked


def test_a_township_scope_draws_only_its_own_area(shapes):
    mine = maps.within(shapes, [MASHI])
    assert set(mine.areas) == {MASHI} and mine.outline == shapes.areas[MASHI]
    doc = json.loads(maps.pairing_map(mine, scorecard_frame(), village_frame(VILLAGES[VILLAGES.township_code == MASHI]),
                                      ARCS.iloc[:0], "village_coverage", [], {MASHI}).to_json())
    assert [row["township_code"] for row in layer(doc, "townships")["data"]] == [MASHI]
    assert [row["text"] for row in layer(doc, "labels")["data"] if "示意" not in row["text"]] == ["马市镇"]
    assert doc["initialViewState"]["zoom"] > deck_json(shapes)["initialViewState"]["zoom"]
