"""总览 on a leader's phone (390×844, touch) and on paper (A4 landscape).

Phone: two cards a row, no chart toolbar over a title, nothing wider than the screen (tables and the
map scroll inside their own frame), and picking a township closes the sidebar so the result shows.
Paper: Chromium's print to PDF of 总览 is at most two A4 pages, without the sidebar or buttons.
"""

import re
from collections import Counter

import pytest

from sanlian import settings
from tests.e2e.conftest import wait_for_app, wait_for_charts_to_fit

PHONE = {"width": 390, "height": 844}
PRINTS = settings.ROOT / "test-artifacts" / "print"

_LAYOUT = """() => {
    const rect = el => el.getBoundingClientRect();
    const visible = el => rect(el).width > 0 && rect(el).height > 0;
    const cards = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetric"]')].filter(visible);
    const wide = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')]
        .filter(visible).filter(el => rect(el).right > innerWidth + 1).map(el => el.innerText.slice(0, 40));
    const toolbars = [...document.querySelectorAll('.modebar-container')].filter(visible).length;
    return {rows: cards.map(card => Math.round(rect(card).top)), wide: wide, toolbars: toolbars,
            page_width: document.documentElement.scrollWidth};
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_phone_shows_two_cards_a_row_and_nothing_wider_than_the_screen(app_server, phone):
    phone.goto(app_server)
    wait_for_app(phone)
    wait_for_charts_to_fit(phone)
    layout = phone.evaluate(_LAYOUT)
    per_row = Counter(layout["rows"])
    assert layout["rows"] and max(per_row.values()) == 2 and per_row[layout["rows"][0]] == 2
    assert layout["wide"] == [] and layout["page_width"] <= PHONE["width"]
    assert layout["toolbars"] == 0  # no plotly toolbar over a chart's title
    phone.screenshot(path=str(settings.ROOT / "test-artifacts" / "screenshots" / "phone-overview.png"),
                     full_page=True)


def test_the_map_and_lists_fit_a_phone_screen(app_server, phone):
    for path in ("map", "issues"):
        phone.goto(f"{app_server}/{path}")
        wait_for_app(phone)
        layout = phone.evaluate(_LAYOUT)
        assert layout["wide"] == [] and layout["page_width"] <= PHONE["width"], path


def test_picking_a_township_on_a_phone_closes_the_sidebar_over_the_result(app_server, phone):
    phone.goto(app_server)
    wait_for_app(phone)
    phone.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button').first.click()
    sidebar = phone.locator('section[data-testid="stSidebar"]')
    phone.wait_for_function("document.querySelector('section[data-testid=\"stSidebar\"]')"
                            ".getAttribute('data-collapsed') === 'false'")
    box = sidebar.locator('[data-testid="stMultiSelect"] input')
    box.click()
    box.fill("马市镇")  # the list narrows to the one township; Enter picks it
    phone.get_by_role("option", name="马市镇").wait_for()
    phone.keyboard.press("Enter")
    phone.wait_for_function("document.querySelector('section[data-testid=\"stSidebar\"]')"
                            ".getAttribute('data-collapsed') === 'true'", timeout=30_000)
    wait_for_app(phone)
    assert "马市镇" in phone.locator('[data-testid="stMain"]').inner_text()
    assert phone.get_by_role("listbox").count() == 0  # the dropdown is closed too


def test_overview_prints_on_at_most_two_a4_pages_without_sidebar_or_buttons(app_server, page):
    page.goto(app_server)
    wait_for_app(page)
    wait_for_charts_to_fit(page)
    page.emulate_media(media="print")
    shown = page.evaluate("""() => ['section[data-testid="stSidebar"]', '[data-testid="stButton"]',
        '[data-testid="stDownloadButton"]'].flatMap(selector => [...document.querySelectorAll(selector)])
        .filter(el => el.getBoundingClientRect().height > 0).map(el => el.getAttribute('data-testid') + ' ' + el.innerText)""")
    assert shown == []
    PRINTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(PRINTS / "overview.pdf"), prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))  # Chromium writes one page object per page
    assert 1 <= pages <= 2
    sizes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert sizes and all(float(w) > float(h) for w, h in sizes)  # landscape
