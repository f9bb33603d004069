"""Read an uploaded ledger (.xlsx, or .csv in UTF-8, UTF-8 with BOM or GBK/GB18030) into text cells."""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from sanlian import settings


class ReadError(Exception):
    """A file that cannot be read at all; the message is for the clerk, in Chinese."""


@dataclass(frozen=True)
class Sheet:
    """One sheet of text cells: headers as written, rows indexed by their Excel row number."""

    name: str
    headers: list[str]
    rows: pd.DataFrame


def read_file(file_name: str, content: bytes, max_rows: int | None = None) -> list[Sheet]:
    """Every sheet of the file, cells as stripped text or None; raises ReadError."""
    max_rows = settings.INGEST_MAX_ROWS if max_rows is None else max_rows
    if len(content) > settings.INGEST_MAX_BYTES:
        raise ReadError(f"文件大小 {len(content) / 1e6:.1f} MB，超过上限 "
                        f"{settings.INGEST_MAX_BYTES / 1e6:.0f} MB；请拆分后分批导入。")
    if not content:
        raise ReadError("文件是空的（0 字节）。")
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix in ("xlsx", "xlsm"):
        return _xlsx_sheets(content, max_rows)
    if suffix in ("csv", "txt"):
        return [_sheet(file_name, list(csv.reader(io.StringIO(_decode(content)))), max_rows)]
    raise ReadError(f"不支持的文件类型“.{suffix}”：请上传 .xlsx 或 .csv 文件"
                    "（.xls 和 WPS .et 请先另存为 .xlsx）。")


def _decode(content: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别 CSV 文件的编码：请另存为“CSV UTF-8”或 GBK 编码。")


def _xlsx_sheets(content: bytes, max_rows: int) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ReadError("无法读取这个 Excel 文件：文件已损坏，或不是 .xlsx 格式"
                        "（.xls 或 WPS .et 文件请先另存为 .xlsx）。") from exc
    except Exception as exc:  # openpyxl raises its own types for many kinds of damage
        raise ReadError(f"无法读取这个 Excel 文件（{exc.__class__.__name__}）：请用 Excel 或 WPS "
                        "打开后另存为 .xlsx 再试。") from exc
    try:
        return [_sheet(ws.title, _limited(ws.iter_rows(values_only=True), max_rows), max_rows)
                for ws in book.worksheets]
    finally:
        book.close()


def _limited(rows, max_rows: int) -> list:
    """At most header + max_rows + 1 rows, so an oversized file is refused without reading it all."""
    out = []
    for row in rows:
        out.append(row)
        if len(out) > max_rows + 1:
            break
    return out


def _sheet(name: str, records: list, max_rows: int) -> Sheet:
    """A Sheet from raw records (first is the header); blank rows dropped, row numbers kept."""
    texts = [[cell_text(v) for v in record] for record in records]
    if len(texts) - 1 > max_rows:
        raise ReadError(f"工作表“{name}”的数据超过 {max_rows:,} 行的上限；请拆分后分批导入。")
    headers = [h or "" for h in (texts[0] if texts else [])]
    width = len(headers)
    body = {number: (row + [None] * width)[:width] for number, row in enumerate(texts[1:], start=2)
            if any(cell is not None for cell in row)}
    rows = pd.DataFrame.from_dict(body, orient="index", columns=range(width), dtype=object)
    return Sheet(name, headers, rows)


def cell_text(value) -> str | None:
    """One cell as the text a clerk sees: dates as YYYY-MM-DD, 12.0 as 12, blanks as None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None
