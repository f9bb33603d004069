"""Every page in real Chromium: it renders offline without errors, and the filters survive page
links, reloads and copied links."""

from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect

from sanlian.nav import existing_pages
from tests.e2e.conftest import screenshot, wait_for_app, wait_for_charts_to_fit

PAGES = existing_pages()
HOME = PAGES[0]
MASHI = quote("马市镇")


def url_path(page_file: str) -> str:
    """The URL path Streamlit's legacy multipage mode gives a page file: app.py is "/"."""
    return "/" if page_file == "app.py" else "/" + page_file.removeprefix("pages/").removesuffix(".py")


def shot_name(page_file: str) -> str:
    return page_file.removeprefix("pages/").removesuffix(".py")


def stamp(page):
    """The caption under the title: 数据截至 …, the filter in words and the sample badge."""
    return page.locator('[data-testid="stCaptionContainer"]').filter(has_text="数据截至").first


def assert_clean(page) -> None:
    """No exception box, no console error, nothing fetched from outside 127.0.0.1."""
    assert page.locator('[data-testid="stException"]').count() == 0, \
        page.locator('[data-testid="stException"]').first.inner_text()
    assert page.console_errors == []
    assert page.outside_requests == []


def open_page(page, base: str, page_file: str = "app.py", **params) -> None:
    page.goto(base + url_path(page_file) + (f"?{urlencode(params, doseq=True)}" if params else ""))
    wait_for_app(page)


def go_via_sidebar(page, label: str) -> None:
    """Click a navigation link in the sidebar and wait for that page to finish."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stPageLink-NavLink"]').filter(
        has=page.get_by_text(label, exact=True)).click()
    expect(page.locator("h1")).to_have_text(label)
    wait_for_app(page)


@pytest.mark.parametrize("entry", PAGES, ids=[shot_name(p.path) for p in PAGES])
def test_each_page_loads_offline_with_title_stamp_and_sample_badge(page, app_server, entry):
    open_page(page, app_server, entry.path)
    expect(page.locator("h1")).to_have_text(entry.label)
    expect(stamp(page)).to_be_visible()
    expect(stamp(page).locator(".stMarkdownBadge")).to_have_text("示例数据")
    assert_clean(page)
    screenshot(page, f"{shot_name(entry.path)}-1366")
    if entry is HOME:
        page.set_viewport_size({"width": 1920, "height": 1080})
        wait_for_charts_to_fit(page)
        screenshot(page, f"{shot_name(entry.path)}-1920")
        assert_clean(page)


def test_a_township_chosen_on_the_home_page_stays_set_across_every_page_and_a_reload(
        page, app_server):
    open_page(page, app_server)
    page.get_by_role("combobox", name="乡镇").click()
    page.get_by_role("option", name="马市镇", exact=True).click()
    page.keyboard.press("Escape")
    expect(stamp(page)).to_contain_text("马市镇")
    wait_for_app(page)
    assert f"town={MASHI}" in page.url

    for entry in PAGES[1:]:
        go_via_sidebar(page, entry.label)
        assert url_path(entry.path) in page.url and f"town={MASHI}" in page.url, page.url
        expect(stamp(page)).to_contain_text("马市镇")

    page.reload()
    wait_for_app(page)
    assert f"town={MASHI}" in page.url
    expect(stamp(page)).to_contain_text("马市镇")
    go_via_sidebar(page, HOME.label)
    assert f"town={MASHI}" in page.url
    expect(stamp(page)).to_contain_text("马市镇")
    assert_clean(page)


def test_a_copied_link_reproduces_township_link_and_period(page, app_server):
    open_page(page, app_server, town="顿岗镇", link="3", **{"from": "2025-01-01", "to": "2025-06-30"})
    for words in ("顿岗镇", "党员联群众", "2025年1月1日", "2025年6月30日"):
        expect(stamp(page)).to_contain_text(words)
    expect(page.locator('[data-testid="stMultiSelect"]')).to_contain_text("顿岗镇")
    assert "link=3" in page.url and "from=2025-01-01" in page.url
    assert_clean(page)


def test_an_unknown_township_in_the_url_shows_a_warning_not_an_exception(page, app_server):
    open_page(page, app_server, town="火星镇")
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("火星镇")
    expect(stamp(page)).to_contain_text("全县")
    assert_clean(page)


def test_an_attention_tab_draws_its_list_when_opened(page, app_server):
    open_page(page, app_server, "pages/visits.py", town="马市镇")
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text("超过 31 天未走访的联系户（最久的在前）")).to_be_visible()
    expect(main.get_by_text("60 天内没有活动的结对")).to_have_count(0)  # not drawn until opened
    page.get_by_role("tab", name="沉默结对").click()
    expect(main.get_by_text("60 天内没有活动的结对")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_role("tab", name="沉默结对")).to_have_attribute("aria-selected", "true")
    assert_clean(page)
