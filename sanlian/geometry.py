"""Plane geometry for the offline map, in pure Python: outlines, schematic township cells, placements.

No public source has township boundaries (data/reference/SOURCES.md), so the map draws each township
as the Voronoi cell of its seat clipped to the county outline, and places villages of unknown
position inside their cell. A `townships.geojson` in the reference folder replaces the cells.
Work happens in a local plane where one unit east equals one unit north (x = lon·cos φ₀, y = lat),
so "nearest seat" means nearest on the ground.
"""

import json
import math
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_SCALE_LAT = 25.0  # the county's latitude: sets the east–west scale of the local plane


def _plane(p: Point) -> Point:
    return p[0] * math.cos(math.radians(_SCALE_LAT)), p[1]


def _geo(p: Point) -> Point:
    return p[0] / math.cos(math.radians(_SCALE_LAT)), p[1]


def read_outline(path: Path) -> Ring:
    """The outer ring of the largest polygon in a GeoJSON file, as (lon, lat) points."""
    rings = polygon_rings(json.loads(Path(path).read_text(encoding="utf-8")))
    return max(rings, key=lambda r: abs(area(r))) if rings else []


def polygon_rings(geojson: dict) -> list[Ring]:
    """The outer ring of every polygon in a GeoJSON FeatureCollection, Feature or geometry."""
    if geojson.get("type") == "FeatureCollection":
        return [r for f in geojson.get("features", []) for r in polygon_rings(f)]
    geometry = geojson.get("geometry", geojson) if geojson.get("type") == "Feature" else geojson
    coords = (geometry or {}).get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return [_ring(coords[0])] if coords else []
    if geometry.get("type") == "MultiPolygon":
        return [_ring(poly[0]) for poly in coords if poly]
    return []


def _ring(coords) -> Ring:
    ring = [(float(c[0]), float(c[1])) for c in coords]
    return ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring


def read_township_shapes(path: Path) -> dict[str, Ring]:
    """Real township boundaries from a GeoJSON file, keyed by each feature's `township_code` or
    `name` property (largest polygon per feature); empty when the file does not exist."""
    if not Path(path).exists():
        return {}
    shapes = {}
    for feature in json.loads(Path(path).read_text(encoding="utf-8")).get("features", []):
        props = feature.get("properties") or {}
        key = props.get("township_code") or props.get("name")
        rings = polygon_rings(feature)
        if key and rings:
            shapes[str(key)] = max(rings, key=lambda r: abs(area(r)))
    return shapes


def area(ring: Ring) -> float:
    """Signed area of a ring in its own units (shoelace formula)."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))


def contains(ring: Ring, p: Point) -> bool:
    """True when the point is inside the ring (even–odd rule)."""
    x, y = p
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def bounds(ring: Ring) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat)."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def clip_half_plane(ring: Ring, normal: Point, offset: float) -> Ring:
    """The part of the ring where normal·p ≤ offset (one Sutherland–Hodgman step; the ring may be
    concave, the half-plane is convex)."""
    def side(p: Point) -> float:
        return normal[0] * p[0] + normal[1] * p[1] - offset

    out: Ring = []
    for a, b in zip(ring, ring[1:] + ring[:1]):
        sa, sb = side(a), side(b)
        if sa <= 0:
            out.append(a)
        if (sa < 0 < sb) or (sb < 0 < sa):
            t = sa / (sa - sb)
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    return out


def voronoi_cells(seats: dict[str, Point], outline: Ring) -> dict[str, Ring]:
    """Each seat's Voronoi cell clipped to the outline, as (lon, lat) rings."""
    plane_seats = {k: _plane(p) for k, p in seats.items()}
    plane_outline = [_plane(p) for p in outline]
    cells = {}
    for key, (sx, sy) in plane_seats.items():
        cell = plane_outline
        for other, (ox, oy) in plane_seats.items():
            if other == key or (ox, oy) == (sx, sy):
                continue
            # Points nearer to this seat than to the other: (o − s)·p ≤ (|o|² − |s|²) / 2.
            normal = (ox - sx, oy - sy)
            cell = clip_half_plane(cell, normal, (ox * ox + oy * oy - sx * sx - sy * sy) / 2)
        cells[key] = [_geo(p) for p in cell]
    return cells


def interior_point(ring: Ring, preferred: Point | None = None) -> Point:
    """A point inside the ring: the preferred one if inside, else the centroid, else a grid point."""
    for candidate in (preferred, centroid(ring)):
        if candidate is not None and contains(ring, candidate):
            return candidate
    x0, y0, x1, y1 = bounds(ring)
    for i in range(1, 20):
        for j in range(1, 20):
            p = (x0 + (x1 - x0) * i / 20, y0 + (y1 - y0) * j / 20)
            if contains(ring, p):
                return p
    return ring[0]


def centroid(ring: Ring) -> Point:
    """The area centroid of a ring (vertex mean for degenerate rings)."""
    a = area(ring)
    if abs(a) < 1e-15:
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    pairs = list(zip(ring, ring[1:] + ring[:1]))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * a)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * a)
    return cx, cy


def exit_distance(ring: Ring, origin: Point, angle: float) -> float:
    """How far a ray from an inside point travels (plane units) before it first leaves the ring."""
    ox, oy = _plane(origin)
    dx, dy = math.cos(angle), math.sin(angle)
    nearest = math.inf
    plane = [_plane(p) for p in ring]
    for (x0, y0), (x1, y1) in zip(plane, plane[1:] + plane[:1]):
        ex, ey = x1 - x0, y1 - y0
        denom = dx * ey - dy * ex
        if abs(denom) < 1e-15:
            continue
        t = ((x0 - ox) * ey - (y0 - oy) * ex) / denom
        u = ((x0 - ox) * dy - (y0 - oy) * dx) / denom
        if t > 1e-12 and 0 <= u <= 1:
            nearest = min(nearest, t)
    return nearest


def spread_points(anchor: Point, count: int, ring: Ring, max_radius: float,
                  inner: float = 0.3, outer: float = 0.85) -> list[Point]:
    """`count` deterministic points on a sunflower pattern around an inside anchor, each on the
    straight segment between the anchor and the ring's edge, so every point stays inside the ring.
    `max_radius` (degrees of latitude) caps how far from the anchor a point may go."""
    ax, ay = _plane(anchor)
    points = []
    for k in range(count):
        angle = k * GOLDEN_ANGLE + 0.4
        reach = min(exit_distance(ring, anchor, angle), max_radius)
        radius = reach * (inner + (outer - inner) * math.sqrt((k + 0.5) / max(count, 1)))
        points.append(_geo((ax + radius * math.cos(angle), ay + radius * math.sin(angle))))
    return points


def fit_zoom(ring: Ring, width: int, height: int) -> float:
    """The web-Mercator zoom at which the ring's bounds fill a width × height pixel view."""
    x0, y0, x1, y1 = bounds(ring)
    lat = math.radians((y0 + y1) / 2)
    per_degree = 512 / 360  # deck.gl: the world is 512 pixels wide at zoom 0
    zoom_x = math.log2(width / (per_degree * max(x1 - x0, 1e-6)))
    zoom_y = math.log2(height * math.cos(lat) / (per_degree * max(y1 - y0, 1e-6)))
    return round(min(zoom_x, zoom_y), 2)
