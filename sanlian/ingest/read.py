"""Read what clerks have into grids of cells: .xlsx/.xlsm/.xls/.xlsb/.ods/WPS .et through calamine
(formula cells give the value the office suite saved; a merged cell's value fills every cell it spans),
and CSV in UTF-8, UTF-8 with BOM, GBK or GB18030."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pandas as pd

from sanlian import settings
from sanlian.ingest import extent

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
    """Every sheet of the file as a grid; raises ReadError. A sheet is measured before it is loaded:
    one reaching past the row, column or cell limits (settings) is refused, whatever its file size."""
    max_rows = settings.INGEST_MAX_ROWS if max_rows is None else max_rows
    if len(content) > settings.INGEST_MAX_BYTES:
        raise ReadError(f"文件大小 {megabytes(len(content)):.1f} MB，超过上限 "
                        f"{megabytes(settings.INGEST_MAX_BYTES):g} MB；请拆分后分批导入。")
    if not content:
        raise ReadError("文件是空的（0 字节）。")
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_grids(content, max_rows)
    if suffix in TEXT_SUFFIXES:
        return [_csv_grid(_stem(file_name), _decode(content), max_rows)]
    raise ReadError(f"不支持的文件类型“.{suffix}”：请上传 Excel（.xlsx、.xls）、WPS 表格（.et）、"
                    "OpenDocument（.ods）或 CSV 文件。")


def megabytes(size: int) -> float:
    """Bytes in MB as Streamlit counts them for server.maxUploadSize (2^20 bytes)."""
    return size / 2**20


def row_limit(max_rows: int) -> int:
    """Rows a sheet may reach: the data rows' cap, with room for titles, blank and footer rows
    (the exact cap is checked on the data rows once the table is found)."""
    return max_rows * 2 + 50


def check_extent(sheet: str, rows: int, columns: int, max_rows: int) -> None:
    """Raise ReadError when a sheet reaching `rows` × `columns` from A1 is over a limit."""
    if rows > row_limit(max_rows):
        raise ReadError(f"工作表“{sheet}”的数据超过 {max_rows:,} 行的上限（内容延伸到第 {rows:,} 行）；"
                        "请拆分后分批导入。")
    if columns > settings.INGEST_MAX_COLUMNS:
        raise ReadError(f"工作表“{sheet}”的内容延伸到第 {columns:,} 列，超过 {settings.INGEST_MAX_COLUMNS:,} "
                        "列的上限；请删去多余的列（或远处误填的单元格）后再导入。")
    if rows * columns > settings.INGEST_MAX_CELLS:
        raise ReadError(f"工作表“{sheet}”的内容范围为 {rows:,} 行 × {columns:,} 列，超过 "
                        f"{settings.INGEST_MAX_CELLS:,} 个单元格的上限；请拆分后分批导入。")


def _csv_grid(name: str, text: str, max_rows: int) -> Grid:
    """The rows of a CSV file, measured as they are read (a cell's length is checked later, per row)."""
    csv.field_size_limit(settings.INGEST_MAX_BYTES)  # long cells become row problems, not a csv.Error
    rows, widest = [], 0
    try:
        for row in csv.reader(io.StringIO(text)):
            rows.append([cell_text(v) for v in row])
            widest = max(widest, len(row))
            check_extent(name, len(rows), widest, max_rows)
    except csv.Error as exc:
        raise ReadError(f"CSV 文件第 {len(rows) + 1:,} 行无法读取（{exc}）：请用 Excel 或 WPS 打开后另存为 "
                        "“CSV UTF-8”再试。") from exc
    return Grid(name, rows)


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


def _workbook_grids(content: bytes, max_rows: int) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    for name, (rows, columns) in _declared_extents(content).items():  # ODS loads every sheet on open
        check_extent(name, rows, columns, max_rows)
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
            grids.append(_sheet_grid(book.get_sheet_by_name(name), name, max_rows))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"无法读取工作表（{exc.__class__.__name__}）：请用 Excel 或 WPS 打开后另存为 "
                        ".xlsx 再试。") from exc
    finally:
        book.close()
    return grids


def _declared_extents(content: bytes) -> dict[str, tuple[int, int]]:
    try:
        return extent.sheet_extents(content, settings.INGEST_MAX_CELLS * 100)
    except extent.TooLarge as exc:
        raise ReadError(f"工作表“{exc}”解压后超过 {megabytes(settings.INGEST_MAX_CELLS * 100):,.0f} MB，"
                        "超出读取上限；请拆分后分批导入。") from exc


def _sheet_grid(sheet, name: str, max_rows: int) -> Grid:
    """One loaded sheet as a grid from A1, its size and merged ranges checked before they are copied."""
    end_row, end_col = sheet.end or (-1, -1)
    check_extent(name, end_row + 1, end_col + 1, max_rows)
    merged = sheet.merged_cell_ranges or []
    for _, (bottom, right) in merged:
        check_extent(name, bottom + 1, right + 1, max_rows)
    rows = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    return Grid(name, _filled(rows, merged))


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
