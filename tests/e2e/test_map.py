"""结对地图 in real Chromium: the offline map draws, stays on this machine, and answers the mouse."""

import math
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import expect

from sanlian import geometry, maps, settings
from tests.e2e.conftest import screenshot, wait_for_app

DECK = '[data-testid="stDeckGlJsonChart"]'
TOOLTIP = ".deck-tooltip"
TARGET = "澄江镇"


def mercator(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """deck.gl's web-Mercator pixel position (the world is 512 px wide at zoom 0)."""
    world = 512 * 2 ** zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * world, (1 - y / math.pi) / 2 * world


def candidate_points(code: str) -> list[tuple[float, float]]:
    """Points inside one township's schematic cell, its middle first."""
    townships = pd.read_csv(settings.REFERENCE_DIR / "townships.csv", dtype={"township_code": str})
    shapes = maps.county_shapes(townships, geometry.read_outline(settings.COUNTY_OUTLINE_FILE),
                                geometry.read_township_shapes(settings.TOWNSHIP_SHAPES_FILE))
    cell = shapes.areas[code]
    x0, y0, x1, y1 = geometry.bounds(cell)
    middle = geometry.interior_point(cell, geometry.centroid(cell))
    grid = [(x0 + (x1 - x0) * i / 9, y0 + (y1 - y0) * j / 9) for i in range(1, 9) for j in range(1, 9)]
    inside = [p for p in grid if geometry.contains(cell, p)]
    return [middle] + sorted(inside, key=lambda p: math.dist(p, middle)), maps.initial_view(shapes)


def on_screen(box: dict, view, lon: float, lat: float) -> tuple[float, float]:
    cx, cy = mercator(view.longitude, view.latitude, view.zoom)
    x, y = mercator(lon, lat, view.zoom)
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


def open_map(page, url: str) -> dict:
    page.goto(f"{url}/map")
    wait_for_app(page)
    deck = page.locator(DECK)
    deck.scroll_into_view_if_needed()
    expect(deck.locator("canvas").first).to_be_visible()
    return deck.bounding_box()


def hover_township(page, box: dict, code: str) -> tuple[float, float, str]:
    """Move over points of the township until its tooltip shows; returns the point and the text.
    The middle is tried again, a pixel apart so that deck.gl picks anew, while it draws its first frames."""
    points, view = candidate_points(code)
    tooltip = page.locator(TOOLTIP).filter(has_text=re.compile(rf"^\s*{TARGET}")).first
    for number, (lon, lat) in enumerate([points[0]] * 10 + points[1:]):
        x, y = on_screen(box, view, lon, lat)
        x += number % 2
        page.mouse.move(x, y)
        try:
            expect(tooltip).to_be_visible(timeout=500)
        except AssertionError:
            continue
        return x, y, tooltip.inner_text()
    pytest.fail(f"no point of {TARGET} showed its tooltip")


def test_the_map_canvas_draws_without_leaving_this_machine(app_server, page):
    box = open_map(page, app_server)
    canvas = page.locator(f"{DECK} canvas").first
    size = canvas.bounding_box()
    assert size and size["width"] > 300 and size["height"] > 300
    assert box["height"] >= maps.MAP_HEIGHT - 1
    assert page.outside_requests == []


def test_hovering_a_township_shows_its_chinese_tooltip_and_clicking_filters(app_server, page):
    box = open_map(page, app_server)
    x, y, text = hover_township(page, box, "440222102")
    assert "示意范围" in text and "村结对覆盖率" in text and "点击" in text
    screenshot(page, "map-1366")
    x, y, _ = hover_township(page, page.locator(DECK).bounding_box(), "440222102")  # the shot resized the page
    page.mouse.click(x, y)
    page.wait_for_function("() => window.location.search.includes('town=')", timeout=15_000)
    wait_for_app(page)
    assert parse_qs(urlparse(page.url).query)["town"] == [TARGET]
    assert TARGET in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    assert page.outside_requests == []
