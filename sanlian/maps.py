"""DataFrames → the offline pairing map (pydeck Deck), its colour scale, legend and ranking; pure.

Offline by construction (DESIGN §6): `map_provider=None`, no map style, no tiles, no URLs. Township
areas are schematic Voronoi cells unless real shapes are supplied; villages without coordinates are
placed schematically inside their township's area; agencies sit around the county seat.
"""

import functools
import html
import math
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk

from sanlian import geometry, labels, palette, settings
from sanlian.geometry import Point, Ring

METRIC_CHOICES = ("village_coverage", "visit_completion_rate", "closure_rate", "overdue_open",
                  "median_gain_yuan", "investment_yuan")
# A metric with a target: the status colours of every card and table (charts.RAG_COLORS), as the
# lighter tints of the same hues so the village markers stay readable on them. Worst first.
STATUS_FILLS = {"red": (239, 154, 154), "amber": (255, 224, 130), "green": (165, 214, 167)}
# A metric without a target has no status: five steps of one neutral hue (ColorBrewer Blues), worst
# (palest) first, so it is never read as red/amber/green.
SCALE = ((239, 243, 255), (189, 215, 231), (107, 174, 214), (49, 130, 189), (8, 81, 156))
NO_DATA = (224, 224, 224)
PROBLEM_COLOURS = {  # worst problem first; only the worst tenth of villages is coloured (worst_tenth)
    "逾期未办结": palette.rgb(palette.STATUS["red"]), "沉默结对": palette.rgb(palette.STATUS["amber"]), "未结对": (33, 33, 33), "正常": (255, 255, 255),
}
WORST_SHARE = 0.1
ARC_SOURCE, ARC_TARGET = (120, 40, 40), (200, 16, 46)
MAP_HEIGHT = 620
FONT = "'\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", sans-serif'"  # quoted: literal
# Tooltips are plain text (deck.gl sets innerText), so no name from a ledger can become markup.
TOOLTIP = {"text": "{tip_title}\n{tip_body}",
           "style": {"fontSize": "13px", "backgroundColor": "#263238", "color": "#ffffff",
                     "maxWidth": "320px", "lineHeight": "1.5"}}


@dataclass(frozen=True)
class CountyShapes:
    """The county outline, one area per township (by code), the township seats, and whether the
    areas are schematic."""

    outline: Ring
    areas: dict[str, Ring]
    seats: dict[str, Point]
    names: dict[str, str]
    schematic: bool


@dataclass(frozen=True)
class Band:
    """One class of the colour scale: values in [low, high] get this colour; a higher order is better."""

    low: float
    high: float
    colour: tuple[int, int, int]
    label: str
    order: int = 0


def county_shapes(townships: pd.DataFrame, outline: Ring, real_areas: dict[str, Ring]) -> CountyShapes:
    """Township areas: real ones when every township has one (by code or name), else Voronoi cells."""
    seats = {r.township_code: (float(r.lon), float(r.lat)) for r in townships.itertuples()}
    names = dict(zip(townships["township_code"], townships["name"]))
    matched = {code: real_areas.get(code) or real_areas.get(names[code]) for code in seats}
    if real_areas and all(matched.values()):
        return CountyShapes(outline, matched, seats, names, schematic=False)
    return CountyShapes(outline, _cells(tuple(seats.items()), tuple(outline)), seats, names, schematic=True)


# The schematic geometry depends only on the reference places, yet took ~60 ms of every map run:
# remembered per process (callers pass tuples and do not change the results).
@functools.lru_cache(maxsize=16)
def _cells(seats: tuple, outline: tuple) -> dict[str, Ring]:
    return geometry.voronoi_cells(dict(seats), list(outline))


@functools.lru_cache(maxsize=256)
def _spread(anchor: Point, count: int, ring: tuple, **options) -> list[Point]:
    return geometry.spread_points(anchor, count, list(ring), **options)


def colour_bands(metric: str, values: pd.Series) -> list[Band]:
    """The colour classes for a metric, worst first: the registry's target bands for a metric with a
    target (labels.METRICS), else five equal steps between the townships' lowest and highest, the
    good end where the registry's direction says."""
    entry = labels.METRICS[metric]
    if entry.thresholds is not None:
        return _target_bands(entry)
    fmt = entry.fmt
    known = values.dropna().astype(float)
    if known.empty:
        return []
    low, high = known.min(), known.max()
    if low == high:
        return [Band(low, high, SCALE[2], f"均为 {fmt(low)}", 2)]
    step = (high - low) / len(SCALE)
    edges = [low + i * step for i in range(len(SCALE) + 1)]
    orders = range(len(SCALE))[::-1] if entry.rise_is_bad else range(len(SCALE))
    bands = [Band(a, b, SCALE[o], f"{fmt(a)} – {fmt(b)}", o) for a, b, o in zip(edges, edges[1:], orders)]
    return bands[::-1] if entry.rise_is_bad else bands


def _target_bands(entry: labels.Metric) -> list[Band]:
    """Missed, near and reached target, worst first, in the status colours, from the registry's
    thresholds and direction."""
    target, amber = entry.thresholds
    fmt = entry.fmt
    red, near, green = STATUS_FILLS["red"], STATUS_FILLS["amber"], STATUS_FILLS["green"]
    if entry.rise_is_bad:
        return [Band(amber, math.inf, red, f"高于 {fmt(amber)}（{labels.STATUS_TEXT['red']}）", 0),
                Band(target, amber, near, f"{fmt(target)} – {fmt(amber)}（{labels.STATUS_TEXT['amber']}）", 1),
                Band(-math.inf, target, green, f"{fmt(target)} 及以下（{labels.STATUS_TEXT['green']}）", 2)]
    return [Band(-math.inf, amber, red, f"低于 {fmt(amber)}（{labels.STATUS_TEXT['red']}）", 0),
            Band(amber, target, near, f"{fmt(amber)} – {fmt(target)}（{labels.STATUS_TEXT['amber']}）", 1),
            Band(target, math.inf, green, f"{fmt(target)} 及以上（{labels.STATUS_TEXT['green']}）", 2)]


def band_colour(bands: list[Band], value) -> tuple[int, int, int]:
    """The colour of the band holding the value; grey when missing."""
    if labels.is_missing(value) or not bands:
        return NO_DATA
    inside = [b for b in bands if b.low <= float(value) <= b.high]
    if inside:  # a value on an edge belongs to the better class, as in "≥ target"
        return max(inside, key=lambda b: b.order).colour
    return min(bands, key=lambda b: min(abs(float(value) - b.low), abs(float(value) - b.high))).colour


def legend_html(metric: str, bands: list[Band]) -> str:
    """The legend of township colours (best first) and village markers, as escaped HTML."""
    def row(colour, text):
        swatch = ("display:inline-block;width:14px;height:14px;margin-right:6px;"
                  "vertical-align:middle;border:1px solid #9e9e9e")
        rgb = "rgb({},{},{})".format(*colour)
        return f'<div><span style="{swatch};background:{rgb}"></span>{html.escape(text)}</div>'

    parts = [f"<b>{html.escape(labels.METRICS[metric].title)}</b>（乡镇底色）"]
    parts += [row(b.colour, b.label) for b in sorted(bands, key=lambda b: b.order, reverse=True)]
    parts += [row(NO_DATA, "无数据 / 未选中"),
              "<b>村（居）圆点</b>：大小表示时段内活动次数；只给问题最突出的十分之一村（居）着色，点击可打开村画像"]
    parts += [row(colour, name if name != "正常" else "其余村（居）") for name, colour in PROBLEM_COLOURS.items()]
    return '<div style="font-size:0.85rem;line-height:1.6">' + "".join(parts) + "</div>"


def ranking(scorecard: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The ranking behind the colours, for reading: best first (missing last), Chinese headers,
    the metric in its own format."""
    entry = labels.METRICS[metric]
    ordered = scorecard.sort_values(metric, ascending=entry.rise_is_bad, na_position="last")
    return pd.DataFrame({
        labels.column("rank"): range(1, len(ordered) + 1),
        labels.column("township"): ordered["township"].to_numpy(),
        entry.title: [entry.fmt(v) for v in ordered[metric]],
    })


def place_villages(villages: pd.DataFrame, shapes: CountyShapes) -> pd.DataFrame:
    """The villages with a position each: their own where known, else a schematic one inside their
    township's area (deterministic, by village code); `is_schematic` says which."""
    out = villages.sort_values("village_code").copy()
    out["is_schematic"] = out["lon"].isna() | out["lat"].isna()
    out["lon"], out["lat"] = out["lon"].astype(float), out["lat"].astype(float)
    for code, group in out[out["is_schematic"]].groupby("township_code"):
        area = shapes.areas[code]
        anchor = geometry.interior_point(area, shapes.seats.get(code))
        points = _spread(anchor, len(group), tuple(area), max_radius=0.09)
        out.loc[group.index, "lon"] = [p[0] for p in points]
        out.loc[group.index, "lat"] = [p[1] for p in points]
    return out


def agency_positions(agencies: list[str], shapes: CountyShapes) -> dict[str, Point]:
    """Each agency's schematic seat: spread in a small disc around the county seat."""
    seat = county_seat(shapes)
    names = sorted(set(agencies))
    points = _spread(seat, len(names), tuple(shapes.outline), max_radius=0.03, inner=0.05, outer=1.0)
    return dict(zip(names, points))


def county_seat(shapes: CountyShapes) -> Point:
    """Where the county's agencies are drawn: the county seat's township, else the first seat."""
    return shapes.seats.get(settings.COUNTY_SEAT_TOWNSHIP) or next(iter(shapes.seats.values()))


def village_problem(row) -> str:
    """The village's worst problem: an overdue issue, a silent pairing, no pairing, or none."""
    if row["overdue_open"] > 0:
        return "逾期未办结"
    if row["silent_pairings"] > 0:
        return "沉默结对"
    if row["village_kind"] == "村委会" and row["org_count"] == 0:
        return "未结对"
    return "正常"


def worst_tenth(villages: pd.DataFrame) -> set[str]:
    """The village codes in the worst tenth (at least one): those with a problem, the most overdue
    issues first, then the most silent pairings, then unpaired villages; a village without a
    problem is never among them."""
    if villages.empty:
        return set()
    problems = villages.assign(
        problem=[village_problem(r) for r in villages.to_dict("records")],
        unpaired=(villages["village_kind"] == "村委会") & (villages["org_count"] == 0))
    problems = problems[problems["problem"] != "正常"].sort_values(
        ["overdue_open", "silent_pairings", "unpaired", "village_code"], ascending=[False, False, False, True])
    return set(problems["village_code"].head(max(1, math.ceil(len(villages) * WORST_SHARE))))


def within(shapes: CountyShapes, codes) -> CountyShapes:
    """The shapes of some townships only (a township user's scope): their areas, and the outline of
    the one township when there is one, so nothing outside is drawn as if it were theirs."""
    areas = {code: area for code, area in shapes.areas.items() if code in set(codes)}
    outline = next(iter(areas.values())) if len(areas) == 1 else shapes.outline
    return CountyShapes(outline, areas, shapes.seats, shapes.names, shapes.schematic)


def initial_view(shapes: CountyShapes, focus: Ring | None = None) -> pdk.ViewState:
    """A view fitted to the county outline, or to one township's area when it is the focus; the same on
    every run for the same filter, so the map never jumps."""
    ring = focus or shapes.outline
    x0, y0, x1, y1 = geometry.bounds(ring)
    return pdk.ViewState(longitude=round((x0 + x1) / 2, 5), latitude=round((y0 + y1) / 2, 5),
                         zoom=geometry.fit_zoom(ring, 560, MAP_HEIGHT - 40), pitch=0, bearing=0)


def pairing_map(shapes: CountyShapes, scorecard: pd.DataFrame, villages: pd.DataFrame,
                arcs: pd.DataFrame, metric: str, bands: list[Band], chosen: set[str],
                show_arcs: bool = True, focus: Ring | None = None) -> pdk.Deck:
    """The whole map: county, township areas coloured by the metric's status (chosen ones only),
    labels, villages (the worst tenth coloured by their worst problem) and, optionally, agency →
    village pairing arcs; zoomed to `focus` when given."""
    placed = place_villages(villages, shapes)
    layers = [_county_layer(shapes), _township_layer(shapes, scorecard, metric, bands, chosen)]
    if show_arcs and not arcs.empty:
        layers += _arc_layers(shapes, arcs, placed)
    layers += [_village_layer(placed, worst_tenth(villages)), _label_layer(shapes)]
    return pdk.Deck(layers=layers, map_provider=None, initial_view_state=initial_view(shapes, focus),
                    tooltip=TOOLTIP, height=MAP_HEIGHT)


def _rounded(ring: Ring) -> list[list[float]]:
    """Coordinates to 5 decimals (about a metre), to keep the page small."""
    return [[round(x, 5), round(y, 5)] for x, y in ring]


def _tip(title: str, *lines: str) -> dict:
    """Tooltip fields, plain text: the tooltip is text, never HTML (see TOOLTIP)."""
    return {"tip_title": title, "tip_body": "\n".join(lines)}


def _county_layer(shapes: CountyShapes) -> pdk.Layer:
    return pdk.Layer("PolygonLayer", id="county", data=[{"polygon": _rounded(shapes.outline)}],
                     get_polygon="polygon", filled=True, get_fill_color=[250, 248, 242, 255],
                     stroked=True, get_line_color=[90, 90, 90, 255], line_width_min_pixels=2,
                     pickable=False)


def _township_layer(shapes, scorecard, metric, bands, chosen) -> pdk.Layer:
    rows = scorecard.set_index("township_code")
    note = "（示意范围，非真实边界）" if shapes.schematic else ""
    data = []
    for code, area in shapes.areas.items():
        row = rows.loc[code] if code in rows.index else None
        shown = code in chosen and row is not None
        colour = band_colour(bands, row[metric]) if shown else NO_DATA
        name = shapes.names.get(code, code)
        lines = [f"{labels.METRICS[m].title}：{labels.METRICS[m].fmt(row[m])}" for m in METRIC_CHOICES
                 ] if shown else ["不在当前筛选范围内"]
        data.append({"township": name, "township_code": code, "polygon": _rounded(area),
                     "fill": [*colour, 235 if shown else 90],  # near-opaque, so the map matches its legend
                     **_tip(name + note, *lines, "点击地图上的乡镇可将其设为筛选条件")})
    return pdk.Layer("PolygonLayer", id="townships", data=data, get_polygon="polygon",
                     get_fill_color="fill", stroked=True, get_line_color=[255, 255, 255, 255],
                     line_width_min_pixels=1.5, pickable=True, auto_highlight=True,
                     highlight_color=[255, 255, 255, 70])


def _village_layer(placed: pd.DataFrame, worst: set[str]) -> pdk.Layer:
    most = max(float(placed["activities"].max() or 0), 1.0) if not placed.empty else 1.0
    data = []
    for row in placed.to_dict("records"):
        problem = village_problem(row)
        marked = problem if row["village_code"] in worst else "正常"
        form = {0: "未结对" if row["village_kind"] == "村委会" else f"无（{row['village_kind']}）",
                1: "1+1"}.get(row["org_count"], "1+N")
        where = "位置为示意（实际坐标未知）" if row["is_schematic"] else "位置为已知坐标（近似）"
        data.append({
            "position": [round(row["lon"], 6), round(row["lat"], 6)],
            "radius": round(3 + 9 * math.sqrt(row["activities"] / most), 2),
            "colour": [*PROBLEM_COLOURS[marked], 235], "village": row["village"], "township": row["township"],
            **_tip(f"{row['village']}（{row['township']}）",
                   f"结对：{form}（{row['org_count']} 个机关党组织）" if row["org_count"] else f"结对：{form}",
                   f"时段内活动：{labels.count(row['activities'])} 次",
                   f"沉默结对：{labels.count(row['silent_pairings'])} 个",
                   f"逾期未办结：{labels.count(row['overdue_open'])} 件", f"最突出的问题：{problem}"
                   + ("（在问题最突出的十分之一村中）" if marked != "正常" else ""), where, "点击打开村画像")})
    return pdk.Layer("ScatterplotLayer", id="villages", data=data, get_position="position",
                     get_radius="radius", radius_units="'pixels'", get_fill_color="colour",
                     stroked=True, get_line_color=[66, 66, 66, 255], line_width_min_pixels=1,
                     pickable=True)


def _arc_layers(shapes, arcs: pd.DataFrame, placed: pd.DataFrame) -> list[pdk.Layer]:
    seats = agency_positions(list(arcs["agency"]), shapes)
    spots = placed.set_index("village_code")[["lon", "lat"]]
    data = []
    for row in arcs.to_dict("records"):
        if row["village_code"] not in spots.index:
            continue
        target = spots.loc[row["village_code"]]
        form = "1+N" if row["org_count"] > 1 else "1+1"
        data.append({
            "source": [round(c, 6) for c in seats[row["agency"]]],
            "target": [round(float(target["lon"]), 6), round(float(target["lat"]), 6)],
            **_tip(row["org_name"], f"结对村：{row['village']}（{row['township']}）",
                   f"角色：{row['role']}", f"该村共 {row['org_count']} 个机关党组织结对（{form}）",
                   "起点为县城的示意位置")})
    agencies = [{"position": list(p), **_tip(name, "县直机关（位置为县城示意）")}
                for name, p in seats.items()]
    return [
        pdk.Layer("ArcLayer", id="pairings", data=data, get_source_position="source",
                  get_target_position="target", get_source_color=[*ARC_SOURCE, 150],
                  get_target_color=[*ARC_TARGET, 220], get_width=1.2, get_tilt=90, get_height=0.25,
                  width_min_pixels=1, pickable=True, auto_highlight=True),
        pdk.Layer("ScatterplotLayer", id="agencies", data=agencies, get_position="position",
                  get_radius=2, radius_units="'pixels'", get_fill_color=[*ARC_SOURCE, 255],
                  pickable=True),
    ]


def _label_layer(shapes: CountyShapes) -> pdk.Layer:
    data = [{"text": shapes.names.get(code, code), "anchor": "middle", "size": 15,
             "position": [round(c, 6) for c in geometry.interior_point(area, geometry.centroid(area))]}
            for code, area in shapes.areas.items()]
    if shapes.schematic:
        x0, y0, _, _ = geometry.bounds(shapes.outline)
        data.append({"text": "示意图：乡镇范围为示意，非真实边界", "anchor": "start", "size": 13,
                     "position": [round(x0, 6), round(y0 + 0.01, 6)]})
    layer = pdk.Layer("TextLayer", id="labels", data=data, get_position="position", get_text="text",
                      get_size="size", get_color=[33, 33, 33, 255], get_text_anchor="anchor",
                      get_alignment_baseline="'center'", font_family=FONT, background=True,
                      get_background_color=[255, 255, 255, 200], background_padding=[3, 1],
                      pickable=False)
    layer.character_set = "auto"  # after construction: passing it to the constructor breaks it
    return layer


def map_counts(villages: pd.DataFrame, arcs: pd.DataFrame) -> dict[str, int]:
    """The numbers above the map: pairings drawn, 1+N villages, villages with each problem."""
    return {"结对连线": len(arcs), "“1+N”村": int((villages["org_count"] > 1).sum()),
            "有沉默结对的村": int((villages["silent_pairings"] > 0).sum()),
            "有逾期未办结问题的村": int((villages["overdue_open"] > 0).sum())}
