"""汇报 in a real browser: ?present=1 hides the sidebar, the slides advance by keyboard, names stay masked."""

import pandas as pd
import pytest

from sanlian import settings, slides
from tests.e2e.conftest import SCREENSHOTS, wait_for_app, wait_for_charts_to_fit


def slide_heading(page) -> str:
    return page.locator('[data-testid="stMain"] h3').first.inner_text()


def test_a_present_link_opens_full_screen_slides_that_advance_with_the_arrow_keys(app_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_server}/present?present=1")
    wait_for_app(page)
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "数据截至" in page.locator('.st-key-slide_bar [data-testid="stCaptionContainer"]').inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    seen = []
    for number, title in enumerate(slides.SLIDE_TITLES, start=1):
        heading = slide_heading(page)
        seen.append(heading.split("：")[0])
        page.screenshot(path=str(SCREENSHOTS / f"slide-{number}-1366.png"))
        if title == "典型案例":  # households appear only masked, as 彭**户
            assert "*户" in page.locator('[data-testid="stMain"]').inner_text()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "n => !document.querySelector('[data-testid=\"stMain\"] h3').innerText.startsWith(n + '. ')",
            arg=number, timeout=20_000)
        wait_for_app(page)
    assert seen == [f"{n}. {t}" for n, t in enumerate(slides.SLIDE_TITLES, start=1)]
    assert page.outside_requests == []
    assert "present=1" in page.evaluate("location.search")


def test_leaving_presentation_mode_brings_the_sidebar_back(app_server, page):
    page.goto(f"{app_server}/present?present=1")
    wait_for_app(page)
    page.get_by_role("button", name="退出投影").click()
    wait_for_app(page)
    assert page.locator('section[data-testid="stSidebar"]').is_visible()
    assert "present=1" not in page.evaluate("location.search")


def test_the_downloaded_brief_is_named_for_its_township_and_month(app_server, page):
    page.goto(f"{app_server}/present?town=马市镇&from=2026-01-01&to=2026-10-31")
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="下载汇报材料（PPT）").click()
    assert download.value.suggested_filename == "三联四促工作汇报_马市镇_2026年10月.pptx"


SLIDES = SCREENSHOTS.parent / "slides"

# Every visible piece of text on the slide with its computed size: HTML text by its element, chart
# text (SVG) by its <text>; whether it is a value on a bar; and whether an axis label sticks out of
# its chart.
_MEASURE = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const seen = [];
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, element = node.parentElement;
        if (!node.textContent.trim() || element.closest('svg')) continue;
        const box = element.getBoundingClientRect(), style = getComputedStyle(element);
        if (box.width === 0 || box.height === 0 || style.visibility === 'hidden'
            || style.fontFamily.includes('Material')) continue;
        seen.push({text: node.textContent.trim(), px: parseFloat(style.fontSize), kind: 'html'});
    }
    for (const text of main.querySelectorAll('.js-plotly-plot text')) {
        if (!text.textContent.trim() || text.getBoundingClientRect().width === 0) continue;
        const plot = text.closest('.js-plotly-plot').getBoundingClientRect(), box = text.getBoundingClientRect();
        const axis = Boolean(text.closest('.xtick, .ytick'));
        seen.push({text: text.textContent.trim(), px: parseFloat(getComputedStyle(text).fontSize),
                   kind: text.closest('.bartext, .textpoint') ? 'value' : 'chart',
                   clipped: axis && (box.left < plot.left - 1 || box.right > plot.right + 1
                                     || box.top < plot.top - 1 || box.bottom > plot.bottom + 1)});
    }
    const bar = document.querySelector('.st-key-slide_bar').getBoundingClientRect();
    return {texts: seen, controls_bottom: bar.bottom};
}"""


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_every_slide_reads_from_the_back_of_the_room(app_server, page, width, height):
    """Projector sizes: all text ≥ 24 px, values on bars ≥ 20 px, no axis label cut off or skipped
    (every township on the township charts), and the bar with the controls takes at most 60 px; a
    screenshot of every slide is kept."""
    towns = set(pd.read_csv(settings.ROOT / "data" / "reference" / "townships.csv")["name"])  # the sample's
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_server}/present?present=1")
    wait_for_app(page)
    SLIDES.mkdir(parents=True, exist_ok=True)
    for number in range(1, len(slides.SLIDE_TITLES) + 1):
        assert slide_heading(page).startswith(f"{number}. ")
        wait_for_charts_to_fit(page)
        page.screenshot(path=str(SLIDES / f"slide-{number}-{width}x{height}.png"))
        measured = page.evaluate(_MEASURE)
        assert measured["controls_bottom"] <= 60, number
        small = [(t["text"], t["px"]) for t in measured["texts"] if t["px"] < (20 if t["kind"] == "value" else 24)]
        assert small == [], number
        assert [t["text"] for t in measured["texts"] if t.get("clipped")] == [], number
        assert any(t["kind"] == "value" for t in measured["texts"]) or number == 7  # 典型案例 has no chart
        if number in (2, 4, 6):  # the township charts
            assert towns <= {t["text"] for t in measured["texts"] if t["kind"] == "chart"}, number
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "n => !document.querySelector('[data-testid=\"stMain\"] h3').innerText.startsWith(n + '. ')",
            arg=number, timeout=20_000)
        wait_for_app(page)


def test_a_touch_screen_gets_buttons_without_the_keyboard_hint(app_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN", has_touch=True,
                                  is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(f"{app_server}/present?present=1")
        wait_for_app(tab)
        assert tab.evaluate("matchMedia('(pointer: coarse)').matches")
        assert tab.get_by_role("button", name="下一页").is_visible()
        assert not tab.get_by_text("键盘 ← → 翻页").is_visible()
    finally:
        context.close()
