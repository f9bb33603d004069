"""Text from data is text: a database full of markdown, HTML and LaTeX goes through every page in
AppTest, and nothing of it is rendered as an image, a link, styling or markup."""

import json
import re
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from sanlian import slides
from sanlian.nav import existing_pages
from tests.conftest import load_fixture
from tests.hostile import HOSTILE, make_hostile
from tests.test_pages import run_page

pytestmark = pytest.mark.usefixtures("admin_session")  # the fixture is imported data: sign-in

MARKUP = re.compile(r'<b>b</b>|<a href="|<img src=x')  # the hostile HTML, as plotly or a browser reads it
# The hostile parts as Streamlit would parse them; escaped, none of these remains.
UNESCAPED = re.compile(r"!\[|\]\(|\[点我\]|:red\[|\$x\^2\$|\*\*粗\*\*|http://|(?<!\\)# 标题|" + MARKUP.pattern)
SHOWN_ESCAPED = r"\!\[i\]"  # the start of the hostile text, escaped: proof it reached the page
PAGES = [p.path for p in existing_pages()]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    with duckdb.connect(str(path)) as con:
        load_fixture(con)
    make_hostile(path)
    return path


@pytest.fixture
def hostile(hostile_db, use_db, tmp_path):
    return use_db(shutil.copy(hostile_db, tmp_path / "hostile.duckdb"))


def markdown_texts(at: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as markdown: text elements, messages, metric
    labels and help, widget labels, tabs and expanders."""
    texts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                                  "error", "success", "toast") for e in getattr(at, kind)]
    texts += [f"{m.label} {m.help or ''}" for m in at.metric]
    texts += [w.label for kind in ("selectbox", "multiselect", "text_input", "button", "toggle", "checkbox")
              for w in getattr(at, kind)]
    texts += [t.label for t in at.tabs] + [e.label for e in at.expander]
    return [str(t) for t in texts]


def chart_texts(at: AppTest) -> list[str]:
    """Every string inside the page's plotly figures (labels, ticks, hovers, titles)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    for chart in at.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return found


def assert_text_only(at: AppTest, where: str) -> None:
    assert not at.exception, (where, at.exception)
    rendered = [t for t in markdown_texts(at) if UNESCAPED.search(t)]
    assert not rendered, (where, rendered)
    markup = [t for t in chart_texts(at) if MARKUP.search(t)]
    assert not markup, (where, markup)


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_in_the_data_stays_text_on_every_page(hostile, path):
    at = run_page(path)
    assert_text_only(at, path)


@pytest.mark.parametrize("path", ["app.py", "pages/township.py", "pages/village.py"])
def test_hostile_text_stays_text_when_one_township_and_village_are_chosen(hostile, path):
    """The drill-down pages name the township, its villages and the village's people in headings."""
    with duckdb.connect(str(hostile), read_only=True) as con:
        village = con.execute("select name from villages where village_code = 'V11'").fetchone()[0]
    at = run_page(path, town="甲镇", village=village)
    assert_text_only(at, path)


def test_hostile_text_stays_text_on_every_slide_and_reaches_the_examples(hostile):
    at = run_page("pages/present.py")
    for title in slides.SLIDE_TITLES:
        assert_text_only(at, title)
        if title == "典型案例":  # projects, issue summaries, 承办单位, industries, org names
            bullets = [m.value for m in at.markdown if m.value.startswith("- ")]
            assert len(bullets) >= 3 and all(SHOWN_ESCAPED in b for b in bullets), bullets
        at = at.button(key="slide_next").click().run()


def test_industries_from_the_data_are_escaped_in_chart_labels(hostile):
    for path, query in (("pages/incomes.py", {}), ("pages/township.py", {"town": "甲镇"})):
        labels = chart_texts(run_page(path, **query))
        assert any("&lt;b&gt;b&lt;/b&gt;&lt;a href=" in t for t in labels), path


def test_the_map_tooltips_are_plain_text_not_html(hostile):
    at = run_page("pages/map.py")
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)  # deck.gl sets a text tooltip as innerText
    assert "text" in tooltip and "html" not in tooltip


def _import_check_script(content: bytes) -> None:
    """The 导入 tab's check result and preview for an uploaded file, on the fixture database."""
    import duckdb

    from sanlian import import_panel, ingest
    from tests.conftest import load_fixture

    con = duckdb.connect()
    load_fixture(con)
    import_panel.show_report(ingest.check(con, "花名册.xlsx", content, ingest.AUTO))


def test_a_hostile_header_in_an_uploaded_file_is_shown_as_text(hostile):
    from tests.ingest_files import BASE, as_rows, headers, xlsx

    rows = [[*headers("households"), HOSTILE], *[[*r, "x"] for r in as_rows("households", BASE["households"])]]
    at = AppTest.from_function(_import_check_script, args=(xlsx({"花名册": rows}),), default_timeout=60).run()
    assert_text_only(at, "导入")
    assert any(SHOWN_ESCAPED in i.value and "不属于联系户台账" in i.value for i in at.info)
