"""The brief as an office suite shows it: LibreOffice (Debian's libreoffice-impress) turns it into a
PDF, poppler reads the text back, and every slide must show all its text, inside the page.

LibreOffice leaves out whatever falls off a slide, so "every text box's and table cell's text is on
its page" is the overflow check. The pages are kept as PNGs in test-artifacts/brief/.
"""

import re
import shutil
import subprocess
from datetime import date

import duckdb
import pytest
from pptx import Presentation

from sanlian import brief, dataset, db, settings
from sanlian.filters import Filters

ARTIFACTS = settings.ROOT / "test-artifacts" / "brief"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def squeeze(text: str) -> str:
    """Text without whitespace, and without what pdftotext writes as XML escapes."""
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module")
def rendered(sample_db, tmp_path_factory):
    """The whole-county brief over the sample: (python-pptx's view, [(page size, words)] per PDF page)."""
    folder = tmp_path_factory.mktemp("office")
    with duckdb.connect(str(sample_db), read_only=True) as con:
        info = dataset.load_info(lambda name: db.run(con, name))
        filters = Filters.default(info.as_of, info.data_start).within(info.as_of)
        params = dataset.query_params(filters, info)
        earlier = dataset.query_params(filters.year_earlier(), info)
        content = brief.brief_bytes(lambda name: db.run(con, name, **params), filters, info,
                                    lambda name: db.run(con, name, **earlier))
    pptx = folder / "brief.pptx"
    pptx.write_bytes(content)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
                    "--convert-to", "pdf", "--outdir", str(folder), str(pptx)],
                   check=True, capture_output=True, timeout=180)
    pdf = folder / "brief.pdf"
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "slide")], check=True, timeout=120)
    shutil.copy(pdf, ARTIFACTS / "brief.pdf")
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True,
                         timeout=60).stdout
    pages = []
    for width, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(body)]
        pages.append(((float(width), float(height)), words))
    return Presentation(str(pptx)), pages


def expected_texts(slide) -> list[str]:
    """What a reader must see on a slide: every paragraph of every text box and every table cell."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts += [p.text for p in shape.text_frame.paragraphs]
        if shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return [t for t in map(squeeze, texts) if t]


def test_libreoffice_draws_one_page_per_slide_with_its_page_number(rendered):
    prs, pages = rendered
    assert len(pages) == len(prs.slides)
    for number, (_, words) in enumerate(pages, start=1):
        text = "".join(w for *_, w in words)
        if number > 1:
            assert f"{number}/{len(pages)}" in text, number


def test_every_slide_shows_all_its_text_inside_the_page(rendered):
    prs, pages = rendered
    for number, (slide, ((width, height), words)) in enumerate(zip(prs.slides, pages, strict=True), start=1):
        inside = [min(x0, y0) >= 0 and x1 <= width and y1 <= height for x0, y0, x1, y1, _ in words]
        assert all(inside), number
        shown = squeeze("".join(w for *_, w in words))
        missing = [t for t in expected_texts(slide) if t not in shown]
        assert missing == [], (number, missing)  # LibreOffice drops what runs off the slide


def test_slide_3_names_every_township_on_its_axis(rendered, sample_db):
    with duckdb.connect(str(sample_db), read_only=True) as con:
        towns = [name for (name,) in con.execute("select name from townships").fetchall()]
    _, pages = rendered
    shown = {w for *_, w in pages[2][1]}
    assert [t for t in towns if t not in shown] == []


def test_the_rendered_pages_are_kept_as_pictures(rendered):
    prs, _ = rendered
    assert len(list(ARTIFACTS.glob("slide-*.png"))) == len(prs.slides)


def test_the_brief_is_signed_on_its_summing_up_page(rendered):
    _, pages = rendered
    text = "".join(w for *_, w in pages[9][1])
    assert brief.SIGNATURE in text and f"{date.today():%Y}年" in text and "下步打算" in text
