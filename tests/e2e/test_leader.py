"""The leader's first screen in real Chromium at 1366×768: the verdict and the ranking without
scrolling, and no table cell marked as an error (Streamlit's grey cell with a red triangle)."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, SCRIPT_MS, wait_for_app

TABLE = '[data-testid="stDataFrame"]'
CELL_TOOLTIP = '[data-testid="stDataFrameTooltipContent"]'
ROW_HEIGHT = 35  # Streamlit's header and row height


def inside_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_the_verdict_and_the_ranking_are_visible_without_scrolling(app_server, page):
    page.goto(app_server)
    wait_for_app(page)
    verdict = page.locator(".st-key-verdict")
    expect(verdict).to_contain_text("项指标中")
    ranking = page.locator(TABLE).first  # the township ranking beside the cards
    expect(page.get_by_text("乡镇排名", exact=True)).to_be_visible()
    assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0
    assert inside_first_screen(page, verdict)
    assert inside_first_screen(page, ranking)
    assert ranking.locator('[role="gridcell"]').filter(has_text="↑").count() + \
        ranking.locator('[role="gridcell"]').filter(has_text="持平").count() > 0  # rank changes shown
    cards = page.locator('.st-key-link_cards [data-testid="stMetric"]')
    assert cards.count() == 9 and all(inside_first_screen(page, cards.nth(i)) for i in range(9))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "leader-home-1366.png"))


def error_cells(page, table) -> list[str]:
    """Hover along a table's first data row; an error cell answers with a tooltip (no other cell of
    ours has one). Returns the tooltips' texts. The grid shows a cell's tooltip only after the mouse
    rests on it (about a third of a second), hence the pause at each step."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    found = []
    for x in range(12, int(box["width"]) - 12, 56):
        page.mouse.move(box["x"] + x, box["y"] + ROW_HEIGHT + ROW_HEIGHT / 2)
        page.wait_for_timeout(500)
        tip = page.locator(CELL_TOOLTIP)
        if tip.count():
            found.append(tip.first.inner_text())
    page.mouse.move(0, 0)
    return found


@pytest.mark.parametrize("path, expander", [
    ("", None),
    ("issues", "明细：时段内全部民情问题"),
    (f"village?town={quote('马市镇')}&village={quote('安水村委会')}", None),
])
def test_no_table_cell_shows_an_error_marker(app_server, page, path, expander):
    page.goto(f"{app_server}/{path}")
    wait_for_app(page)
    if expander:
        page.get_by_text(expander).click()
        wait_for_app(page)
    tables = page.locator(TABLE)
    expect(tables.first).to_be_visible(timeout=SCRIPT_MS)
    visible = [tables.nth(i) for i in range(tables.count()) if tables.nth(i).is_visible()]
    assert visible
    for table in visible:
        assert error_cells(page, table) == []


def test_clicking_a_village_on_the_map_opens_its_page_with_the_filters(app_server, page):
    page.goto(f"{app_server}/map?town={quote('澄江镇')}")  # zoomed to one township: villages well apart
    wait_for_app(page)
    deck = page.locator('[data-testid="stDeckGlJsonChart"]')
    deck.scroll_into_view_if_needed()
    box = deck.bounding_box()
    tooltip = page.locator(".deck-tooltip")
    for y in range(int(box["y"]) + 60, int(box["y"] + box["height"]) - 40, 12):
        for x in range(int(box["x"]) + 100, int(box["x"] + box["width"]) - 100, 12):
            page.mouse.move(x, y)
            if tooltip.is_visible() and "点击打开村画像" in tooltip.inner_text():
                village = tooltip.inner_text().splitlines()[0].split("（")[0]
                page.mouse.click(x, y)
                page.wait_for_url("**/village?**", timeout=SCRIPT_MS)
                wait_for_app(page)
                assert quote(village) in page.url and quote("澄江镇") in page.url
                expect(page.get_by_role("heading", name=f"澄江镇 · {village}")).to_be_visible()
                return
    pytest.fail("no village on the map answered the mouse")
