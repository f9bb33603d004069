"""Tables out of the app: Excel workbooks and CSV files with Chinese headers, safe to open in Excel."""

import io

import pandas as pd

from sanlian import labels, masking

FORMULA_STARTS = ("=", "+", "-", "@")


def defuse(value):
    """A text cell that Excel would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def for_people(frame: pd.DataFrame, masked: bool = True, table: str | None = None) -> pd.DataFrame:
    """A copy with personal data masked (unless asked), Chinese headers, defused text, 是/否."""
    out = masking.mask_frame(frame, table) if masked else frame.copy()
    for name in out.columns:
        if name in labels.RATE_COLUMNS:  # as on screen: 83.7, not 0.8366
            out[name] = out[name].map(labels.percent_points).astype("Float64")
        elif out[name].dtype == bool or str(out[name].dtype) == "boolean":
            out[name] = out[name].map({True: "是", False: "否"})
        elif pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.date
        elif out[name].dtype == object or str(out[name].dtype).startswith(("string", "str")):
            out[name] = out[name].map(defuse)
    return out.rename(columns=export_header)


def export_header(name: str) -> str:
    """A column's Chinese header in a file: rates say they are in percent."""
    return labels.column(name) + ("（%）" if name in labels.RATE_COLUMNS else "")


def csv_bytes(frame: pd.DataFrame, masked: bool = True, table: str | None = None) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel on Chinese Windows reads it right."""
    return for_people(frame, masked, table).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame], masked: bool = True) -> bytes:
    """One workbook with a sheet per frame (names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            for_people(frame, masked).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def large_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Like xlsx_bytes but streamed (openpyxl write-only, ~3× faster): for whole-dataset exports."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name[:31])
        people = for_people(frame)
        header = [WriteOnlyCell(sheet, value=str(c)) for c in people.columns]
        for cell in header:
            cell.font = Font(bold=True)
        sheet.append(header)
        for row in _cells(people).itertuples(index=False, name=None):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain Python cell values: dates without a time of day, None for missing."""
    out = frame.astype(object)
    for name in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[name]):
            out[name] = frame[name].dt.date.astype(object)
    return out.where(frame.notna(), None)
