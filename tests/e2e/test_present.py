"""汇报 in a real browser: ?present=1 hides the sidebar, the slides advance by keyboard, names stay masked."""

from sanlian import slides
from tests.e2e.conftest import SCREENSHOTS, wait_for_app


def slide_heading(page) -> str:
    return page.locator('[data-testid="stMain"] h3').first.inner_text()


def test_a_present_link_opens_full_screen_slides_that_advance_with_the_arrow_keys(app_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_server}/present?present=1")
    wait_for_app(page)
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "数据截至" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
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
