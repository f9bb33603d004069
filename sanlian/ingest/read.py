"""Read what clerks have into grids of cells: .xlsx/.xlsm/.xls/.xlsb/.ods/WPS .et through calamine
(formula cells give the value the office suite saved; a merged cell's value fills every cell it spans),
and CSV in UTF-8, UTF-8 with BOM, GBK or GB18030."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pandas as pd

from sanlian import settings

WORKBOOK_SUFFIXES = ("xlsx", "xlsm", "xls", "xlsb", "ods", "et", "ett")
TEXT_SUFFIXES = ("csv", "txt")
ACCEPTED_SUFFIXES = WORKBOOK_SUFFIXES + TEXT_SUFFIXES


class ReadError(Exception):
    """A file that cannot be read at all; the message is for the clerk, in Chinese."""


@dataclass(frozen=True)
class Grid:
    """One sheet as the clerk sees it: every row, cells as text (None when blank), numbered from 1."""

    name: str
    rows: list[list[str | None]]


@dataclass(frozen=True)
class Sheet:
    """The table found in a grid: headers as written, data rows indexed by their row number.

    `skipped` lists (row number, why) for title, footer and subtotal rows; `context` holds what the
    lines above the header said (title, 填报单位, 金额单位, year)."""

    name: str
    headers: list[str]
    rows: pd.DataFrame
    skipped: list[tuple[int, str]] = field(default_factory=list)
    context: dict = field(default_factory=dict)


def read_file(file_name: str, content: bytes, max_rows: int | None = None) -> list[Grid]:
    """Every sheet of the file as a grid; raises ReadError."""
    max_rows = settings.INGEST_MAX_ROWS if max_rows is None else max_rows
    if len(content) > settings.INGEST_MAX_BYTES:
        raise ReadError(f"文件大小 {len(content) / 1e6:.1f} MB，超过上限 "
                        f"{settings.INGEST_MAX_BYTES / 1e6:.0f} MB；请拆分后分批导入。")
    if not content:
        raise ReadError("文件是空的（0 字节）。")
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix in WORKBOOK_SUFFIXES:
        grids = _workbook_grids(content)
    elif suffix in TEXT_SUFFIXES:
        grids = [Grid(_stem(file_name), [[cell_text(v) for v in row]
                                         for row in csv.reader(io.StringIO(_decode(content)))])]
    else:
        raise ReadError(f"不支持的文件类型“.{suffix}”：请上传 Excel（.xlsx、.xls）、WPS 表格（.et）、"
                        "OpenDocument（.ods）或 CSV 文件。")
    for grid in grids:
        if len(grid.rows) > max_rows * 2 + 50:  # far over; the exact cap is checked on the data rows
            raise ReadError(f"工作表“{grid.name}”的数据超过 {max_rows:,} 行的上限；请拆分后分批导入。")
    return grids


def _stem(file_name: str) -> str:
    return file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _decode(content: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别 CSV 文件的编码：请另存为“CSV UTF-8”或 GBK 编码。")


def _workbook_grids(content: bytes) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise ReadError("无法读取这个表格文件：文件已损坏、加了密码，或不是 Excel/WPS/ODS 格式"
                        "（请用 Excel 或 WPS 打开后另存为 .xlsx 再试）。") from exc
    grids = []
    try:
        hidden = {m.name for m in book.sheets_metadata if str(m.visible).rsplit(".", 1)[-1] != "Visible"
                  or str(m.typ).rsplit(".", 1)[-1] != "WorkSheet"}
        for name in book.sheet_names:
            if name in hidden:  # dropdown lists and helpers the clerk never sees
                continue
            sheet = book.get_sheet_by_name(name)
            rows = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
            grids.append(Grid(name, _filled(rows, sheet.merged_cell_ranges or [])))
    except Exception as exc:
        raise ReadError(f"无法读取工作表（{exc.__class__.__name__}）：请用 Excel 或 WPS 打开后另存为 "
                        ".xlsx 再试。") from exc
    finally:
        book.close()
    return grids


def _filled(rows: list[list], merged) -> list[list]:
    """Each merged range's first value copied into every cell it spans (the clerk sees it there)."""
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        while len(rows) <= bottom:
            rows.append([])
        for r in range(top, bottom + 1):
            row = rows[r]
            row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value
    return rows


def cell_text(value) -> str | None:
    """One cell as the text a clerk sees: dates as YYYY-MM-DD, 12.0 as 12, blanks as None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = str(value).strip()
    return text or None
