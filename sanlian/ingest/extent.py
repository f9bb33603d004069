"""How far each sheet of a workbook reaches (rows, columns from A1 to its last filled cell), read from
the file's XML without loading the sheet: calamine makes one dense grid of that size, so a few-KB
file with one cell at XFD250000 would otherwise fill the server's memory. For .xlsx/.xlsm (and WPS
files saved as such) and .ods; other formats are checked on calamine's range before it is copied."""

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator

CHUNK = 1 << 20
_XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*?)(/?)>")
_REF = re.compile(rb'(?:^|\s)r="([A-Za-z]*)(\d*)"')
_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>")
_ODS_REPEAT = {b"table-row": re.compile(rb'table:number-rows-repeated="(\d+)"'),
               b"table-cell": re.compile(rb'table:number-columns-repeated="(\d+)"'),
               b"covered-table-cell": re.compile(rb'table:number-columns-repeated="(\d+)"')}
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')


class TooLarge(Exception):
    """A part that unpacks to more than the reading limit."""


def sheet_extents(content: bytes, max_xml_bytes: int) -> dict[str, tuple[int, int]]:
    """Sheet name → (rows, columns) it reaches; {} for formats not read here (.xls, .xlsb, CSV).
    Raises TooLarge (with the sheet's name) when a sheet's XML unpacks past `max_xml_bytes`."""
    if not content.startswith(b"PK"):
        return {}
    try:
        book = zipfile.ZipFile(io.BytesIO(content))
        names = set(book.namelist())
        if "xl/workbook.xml" in names:
            return {sheet: _xlsx_extent(_chunks(book, part, sheet, max_xml_bytes))
                    for sheet, part in _xlsx_parts(book, names).items()}
        if "content.xml" in names:
            return _ods_extents(_chunks(book, "content.xml", "", max_xml_bytes))
    except (zipfile.BadZipFile, ET.ParseError, KeyError, ValueError, EOFError, OSError):
        return {}  # damaged: calamine says so in the clerk's words
    return {}


def _xlsx_parts(book: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name → its XML part, from the workbook and its relationships (any namespace: Strict
    OOXML files use other ones)."""
    targets = {r.get("Id"): r.get("Target", "") for r in
               ET.fromstring(book.read("xl/_rels/workbook.xml.rels")) if _local(r.tag) == "Relationship"}
    parts = {}
    for sheet in ET.fromstring(book.read("xl/workbook.xml")).iter():
        if _local(sheet.tag) != "sheet":
            continue
        target = targets.get(next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part in names:
            parts[sheet.get("name", "")] = part
    return parts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _chunks(book: zipfile.ZipFile, part: str, sheet: str, limit: int) -> Iterator[bytes]:
    """The part's bytes in pieces that each end before a tag (a tag never straddles two)."""
    read, rest = 0, b""
    with book.open(part) as stream:
        while chunk := stream.read(CHUNK):
            read += len(chunk)
            if read > limit:
                raise TooLarge(sheet)
            text = rest + chunk
            cut = text.rfind(b"<")
            cut = len(text) if cut <= 0 else cut
            yield text[:cut]
            rest = text[cut:]
    yield rest


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _xlsx_extent(chunks: Iterator[bytes]) -> tuple[int, int]:
    """The last row and column holding a cell that is not empty (`<c …/>` is an empty styled cell)."""
    row = col = rows = cols = 0
    for chunk in chunks:
        for tag, attributes, empty in _XLSX_TAG.findall(chunk):
            ref = _REF.search(attributes)
            if tag == b"row":
                row, col = (int(ref.group(2)) if ref and ref.group(2) else row + 1), 0
                continue
            col = _column_number(ref.group(1)) if ref and ref.group(1) else col + 1
            row = int(ref.group(2)) if ref and ref.group(2) else row
            if not empty:
                rows, cols = max(rows, row), max(cols, col)
    return rows, cols


def _ods_extents(chunks: Iterator[bytes]) -> dict[str, tuple[int, int]]:
    """Per table: rows and columns up to the last cell with a value (repeats counted)."""
    out: dict[str, tuple[int, int]] = {}
    name, row, row_repeat, col, row_cols = "", 0, 1, 0, 0
    for chunk in chunks:
        for closing, tag, attributes, empty in _ODS_TAG.findall(chunk):
            if tag == b"table" and not closing:
                name = (m.group(1).decode("utf-8", "replace") if (m := _ODS_NAME.search(attributes)) else "")
                row, out[name] = 0, (0, 0)
            elif tag == b"table-row" and not closing and empty:
                row += _repeat(tag, attributes)
            elif tag == b"table-row" and not closing:
                row_repeat, col, row_cols = _repeat(tag, attributes), 0, 0
            elif tag == b"table-row":
                if row_cols:
                    out[name] = (row + row_repeat, max(out.get(name, (0, 0))[1], row_cols))
                row += row_repeat
            elif not closing:
                col += _repeat(tag, attributes)
                if not empty or b"office:value-type" in attributes:
                    row_cols = col
    return out


def _repeat(tag: bytes, attributes: bytes) -> int:
    found = _ODS_REPEAT[tag].search(attributes)
    return int(found.group(1)) if found else 1
