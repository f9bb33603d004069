"""Bounded reading: a few-KB workbook that claims a huge sheet is refused with a Chinese message
naming the sheet and the limit, before anything large is allocated (memory stays under 300 MB)."""

import io
import subprocess
import sys
import zipfile

import pytest

from sanlian import build, settings
from sanlian.ingest import extent
from sanlian.ingest.read import ReadError, read_file

MEMORY_CAP_MB = 300
_XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="走访台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text)
    return out.getvalue()


def dimension_bomb(*refs: str, dimension: str = "A1:XFD250000") -> bytes:
    """An .xlsx whose one sheet declares `dimension` and holds a cell at each ref (e.g. XFD250000)."""
    rows = "".join(f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}" t="inlineStr">'
                   f"<is><t>x</t></is></c></row>" for ref in refs)
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>')
    return _zip({**_XLSX_PARTS, "xl/worksheets/sheet1.xml": sheet})


def ods_bomb(rows: str) -> bytes:
    """An .ods whose one table holds `rows` (table:table-row elements, repeats allowed)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="走访台账">{rows}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    return _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": content,
                 "META-INF/manifest.xml": manifest})


CELL = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
COLUMNS = f"超过 {settings.INGEST_MAX_COLUMNS:,} 列的上限"
ROWS = f"工作表“走访台账”的数据超过 {settings.INGEST_MAX_ROWS:,} 行的上限（内容延伸到第"
BOMBS = {
    "one cell at XFD250000": ("bomb.xlsx", dimension_bomb("XFD250000"), "工作表“走访台账”的内容延伸到第 16,384 列，" + COLUMNS),
    "A1 and XFD250000": ("bomb.xlsx", dimension_bomb("A1", "XFD250000"), "工作表“走访台账”的内容延伸到第 16,384 列，" + COLUMNS),
    "a cell at A1048576": ("bomb.xlsx", dimension_bomb("A1048576"), ROWS + " 1,048,576 行）"),
    "ods row repeated wide": ("bomb.ods", ods_bomb(
        '<table:table-row table:number-rows-repeated="5000"><table:table-cell table:number-columns-repeated='
        '"16000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'),
        "工作表“走访台账”的内容延伸到第 16,000 列，" + COLUMNS),
    "ods a million blank rows then a cell": ("bomb.ods", ods_bomb(
        f'<table:table-row>{CELL}</table:table-row><table:table-row table:number-rows-repeated="1000000">'
        f"<table:table-cell/></table:table-row><table:table-row>{CELL}</table:table-row>"),
        ROWS + " 1,000,002 行）"),
}


@pytest.mark.parametrize("case", BOMBS)
def test_a_small_file_claiming_a_huge_sheet_is_refused_with_the_sheet_and_the_limit(case):
    name, content, message = BOMBS[case]
    assert len(content) < 5_000
    with pytest.raises(ReadError) as refused:
        read_file(name, content)
    assert str(refused.value).startswith(message)


_MEASURE = ("import resource, subprocess, sys\n"
            "done = subprocess.run([sys.executable, *sys.argv[1:]], capture_output=True, text=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, done.returncode)\n"
            "sys.stdout.write(done.stdout + done.stderr)\n")


def peak_mb(*argv: str) -> tuple[float, int, str]:
    """Run `python *argv` as the only child of a fresh interpreter: its peak RSS in MB, its exit
    code and its output (the test process's own children do not count)."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *argv], check=False, capture_output=True, text=True,
                          cwd=settings.ROOT, timeout=120)
    first, output = done.stdout.split("\n", 1)
    peak, code = first.split()
    return float(peak), int(code), output


@pytest.mark.parametrize("case", ["one cell at XFD250000", "ods row repeated wide"])
def test_the_dimension_bomb_stays_under_300_mb_in_the_reader_and_the_command_line(case, tmp_path):
    name, content, message = BOMBS[case]
    bomb = tmp_path / name
    bomb.write_bytes(content)
    db = build.build(tmp_path / "empty.duckdb", "empty")
    reader = ("import sys; from sanlian.ingest.read import read_file, ReadError\n"
              "try: read_file(sys.argv[1], open(sys.argv[1], 'rb').read())\n"
              "except ReadError as e: print(e)")
    peak, code, output = peak_mb("-c", reader, str(bomb))
    assert peak < MEMORY_CAP_MB and message in output
    peak, code, output = peak_mb("-m", "sanlian.ingest", str(bomb), "--db", str(db), "--dry-run")
    assert peak < MEMORY_CAP_MB and code == 1
    assert message in output and "Traceback" not in output


def test_a_csv_wider_than_the_column_limit_is_refused(monkeypatch):
    monkeypatch.setattr(settings, "INGEST_MAX_COLUMNS", 10)
    with pytest.raises(ReadError, match="工作表“wide”的内容延伸到第 11 列，超过 10 列的上限"):
        read_file("wide.csv", ("," * 10 + "\n").encode())


def test_a_merged_range_reaching_past_the_limits_is_refused():
    """A merge from A1 to XFD1 would be filled cell by cell: refused before that."""
    content = dimension_bomb("A1", dimension="A1")
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    merged = sheet.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1"/></mergeCells>')
    with pytest.raises(ReadError, match="内容延伸到第 16,384 列"):
        read_file("merged.xlsx", _zip({**_XLSX_PARTS, "xl/worksheets/sheet1.xml": merged}))


def test_styled_empty_cells_far_out_do_not_count_as_content():
    """Excel writes formatted but empty cells as <c r=… s=…/>: calamine skips them, so do we."""
    content = dimension_bomb("B3", dimension="A1:XFD9")
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    styled = sheet.replace("</sheetData>", '<row r="9"><c r="XFD9" s="1"/></row></sheetData>')
    assert extent.sheet_extents(_zip({**_XLSX_PARTS, "xl/worksheets/sheet1.xml": styled}), 10**8) == {"走访台账": (3, 2)}
