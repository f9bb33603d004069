"""Text from data is text, in Chromium: a sample whose names, projects, issues and industries are
markdown, HTML and LaTeX shows them as typed — no remote image, no link, no styling — on 汇报's
典型案例 slide and on 增收成效 (industries in chart labels)."""

import shutil

import pytest

from sanlian import slides
from tests.e2e.conftest import streamlit_server, wait_for_app
from tests.hostile import make_hostile

# What a browser made of the hostile text: images and links (in HTML or plotly's SVG), LaTeX, colour.
_RENDERED = """() => ({
    images: [...document.querySelectorAll('img')].map(i => i.getAttribute('src') || '')
        .filter(src => src.includes('127.0.0.1:9') || src === 'x'),
    links: [...document.querySelectorAll('a')]
        .map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')
        .filter(href => href.includes('evil')),
    latex: document.querySelectorAll('.katex').length,
    text: document.querySelector('[data-testid="stMain"]').innerText,
    charts: [...document.querySelectorAll('.js-plotly-plot')].map(p => p.textContent).join('\\n'),
})"""


@pytest.fixture(scope="module")
def hostile_app(e2e_db, tmp_path_factory):
    """A Streamlit server over a copy of the sample rewritten with hostile text (open demo mode)."""
    folder = tmp_path_factory.mktemp("e2e_hostile")
    db = shutil.copy(e2e_db, folder / "hostile.duckdb")
    make_hostile(db)
    with streamlit_server(db, folder / "no-users.json", folder / "streamlit.log") as url:
        yield url


def assert_shown_as_text(page) -> dict:
    found = page.evaluate(_RENDERED)
    assert found["images"] == [] and found["links"] == [] and found["latex"] == 0, found
    assert page.outside_requests == []
    return found


def test_the_examples_slide_shows_hostile_names_and_summaries_as_typed(hostile_app, page):
    page.goto(f"{hostile_app}/present")
    wait_for_app(page)
    for number in range(1, slides.SLIDE_TITLES.index("典型案例") + 1):
        page.get_by_role("button", name="下一页").click()
        page.wait_for_function(
            "n => document.querySelector('[data-testid=\"stMain\"] h3').innerText.startsWith((n + 1) + '. ')",
            arg=number, timeout=20_000)
        wait_for_app(page)
    found = assert_shown_as_text(page)
    assert "7. 典型案例" in found["text"]
    assert "![i](http://127.0.0.1:9/x.png) [点我](http://evil) **粗** :red[红] $x^2$" in found["text"]
    assert '<img src=x onerror=alert(1)> # 标题' in found["text"]


def test_hostile_industries_are_typed_text_in_the_income_charts(hostile_app, page):
    page.goto(f"{hostile_app}/incomes")
    wait_for_app(page)
    found = assert_shown_as_text(page)
    assert '<b>b</b><a href="http://evil">a</a>' in found["charts"]
