"""No English on screen: every page in the navigation, and the menus, dropdowns and toolbars a user
can open there, show only Chinese, numbers and a short list of allowed units and codes.

What counts as on screen: the text of every rendered element (what `inner_text` gives, but without
the ligature names of Material icons, which show as pictures, commands set as code and 1-px
screen-reader-only text), the title and data-title of every rendered element (hover tooltips), the
placeholders of inputs, and the aria-labels of buttons, links and menu items. Hover-revealed toolbars
(plotly's modebar, the table toolbar) are rendered at opacity 0, so they count too. Not seen: text a
table draws on its canvas (missing values: st.dataframe's placeholder makes them "—").
"""

import re

import pytest
from playwright.sync_api import expect

from sanlian.nav import existing_pages
from tests.e2e.conftest import screenshot, sign_in, wait_for_app
from tests.e2e.test_data_page import CLERK, PASSWORD, empty_app  # noqa: F401 (a fixture)
from tests.e2e.test_pages import open_page, shot_name

PAGES = existing_pages()

# Units, file formats and codes the app means to show; compared case-sensitively.
ALLOWED = {"PPT", "PPTX", "CSV", "Excel", "GCJ", "WGS", "km", "kg", "ha", "m", "cm", "mm", "ID",
           "YYYY", "MM", "DD", "Esc", "N", "MB", "WPS", "UTF", "GBK", "PDF"}  # N as in “1+N”村
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
FILE_PATH = re.compile(r"[\w.-]*(/[\w.-]+)+|[\w-]*\.(geojson|json|xlsx|xlsm|xlsb|xls|csv|ods|ett|et|txt|pptx|duckdb)\b")
# Labels Streamlit builds into its buttons with no API to change them: spoken by screen readers, never
# shown (README says so). Everything on screen and every hover tooltip must be Chinese.
STREAMLIT_SPOKEN = re.compile(r"(Help( for .*)?|Collapse sidebar|Expand sidebar|Open|Close|Dismiss|"
                              r"Previous month|Next month|Choose date range.*|Show password|Hide password) \[aria-label\]")

_RENDERED_TEXT = """() => {
    const shown = el => el && el.checkVisibility({checkVisibilityCSS: true}) && (() => {
        const box = el.getBoundingClientRect();  // screen-reader-only text is 1×1 px and clipped
        return box.width > 1 && box.height > 1;
    })();
    // Material icons are ligatures: their text is a name ("download") drawn as a picture.
    const icon = el => el.closest('[data-testid="stIconMaterial"], [role="img"][translate="no"]')
        || getComputedStyle(el).fontFamily.includes('Material Symbols');
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
        if (!shown(parent) || icon(parent) || parent.closest('code')) continue;  // commands are code
        const text = node.textContent.trim();
        if (text) texts.push(text);
    }
    const attribute = (selector, name) => {
        for (const el of document.body.querySelectorAll(selector)) {
            const value = (el.getAttribute(name) || '').trim();
            if (value && el.checkVisibility({checkVisibilityCSS: true})) texts.push(`${value} [${name}]`);
        }
    };
    attribute('[title]', 'title');  // hover tooltips
    attribute('[data-title]', 'data-title');  // plotly's modebar tooltips
    attribute('input[placeholder], textarea[placeholder]', 'placeholder');
    attribute('button[aria-label], [role="button"][aria-label], a[aria-label], [role="menuitem"][aria-label]',
              'aria-label');
    return texts;
}"""


def english(texts: list[str]) -> list[str]:
    """The texts that hold a Latin word outside ALLOWED (attribute names in [] excepted)."""
    found = []
    for text in texts:
        if STREAMLIT_SPOKEN.fullmatch(text):
            continue
        shown = re.sub(r" \[(aria-label|title|data-title|placeholder)\]$", "", text)
        words = LATIN_WORD.findall(FILE_PATH.sub("", shown))
        if any(word not in ALLOWED for word in words):
            found.append(text)
    return found


def scan(page) -> list[str]:
    return english(page.evaluate(_RENDERED_TEXT))


def open_menus_and_toolbars(page) -> list[str]:
    """Open what a user can open on the page — the main menu, a table's toolbar, the township
    dropdown, the date picker — and scan each while it is open."""
    found = []
    menu = page.locator('[data-testid="stMainMenu"] button, [data-testid="stMainMenuButton"]')
    if menu.count() and menu.first.is_visible():
        menu.first.click()
        page.wait_for_timeout(300)
        found += scan(page)
        page.keyboard.press("Escape")
    table = page.locator('[data-testid="stDataFrame"]:visible')
    if table.count():
        table.first.scroll_into_view_if_needed()
        table.first.hover()
        page.wait_for_timeout(300)
        found += scan(page)
    towns = page.get_by_role("combobox", name="乡镇")
    if towns.count() and towns.first.is_visible():
        towns.first.click()
        page.wait_for_timeout(300)
        found += scan(page)
        page.keyboard.press("Escape")
    dates = page.locator('[data-testid="stDateInput"] input, [data-testid="stDateInput"] [role="group"]')
    if dates.count() and dates.first.is_visible():
        dates.first.click()
        page.wait_for_timeout(400)
        found += scan(page)
        page.keyboard.press("Escape")
    plot = page.locator(".js-plotly-plot:visible")
    if plot.count():
        plot.first.scroll_into_view_if_needed()
        plot.first.hover()
        page.wait_for_timeout(300)
        found += scan(page)
    return found


@pytest.mark.parametrize("entry", PAGES, ids=[shot_name(p.path) for p in PAGES])
def test_no_english_on_the_page_or_in_what_opens_from_it(page, app_server, entry):
    open_page(page, app_server, entry.path)
    found = scan(page) + open_menus_and_toolbars(page)
    if found:
        screenshot(page, f"english-{shot_name(entry.path)}")
    assert not found, "English on screen:\n" + "\n".join(sorted(set(found)))


def test_no_english_in_presentation_mode(page, app_server):
    page.goto(f"{app_server}/present?present=1")
    wait_for_app(page)
    found = scan(page) + open_menus_and_toolbars(page)
    assert not found, "English on screen:\n" + "\n".join(sorted(set(found)))


def test_the_scan_sees_english_when_there_is_some():
    assert english(["导出 CSV", "GCJ-02 坐标", "导入 data/reference/townships.geojson 后",
                    "Help for 办结率 [aria-label]", "Download plot as a png [data-title]", "Select all",
                    "Search [aria-label]"]) == [
        "Download plot as a png [data-title]", "Select all", "Search [aria-label]"]


def test_no_english_on_the_sign_in_form_or_the_ledger_upload(empty_app, page):
    """The sign-in form, and 数据管理 as a 数据管理员 over real (empty) data, where the uploader shows."""
    page.goto(f"{empty_app}/data")
    wait_for_app(page)
    found = scan(page)
    sign_in(page, CLERK, PASSWORD)
    expect(page.locator('[data-testid="stFileUploader"]')).to_be_visible()
    found += scan(page) + open_menus_and_toolbars(page)
    screenshot(page, "english-data-upload")
    assert not found, "English on screen:\n" + "\n".join(sorted(set(found)))
