"""Text cells → typed values, one column at a time, noting every cell that does not parse."""

import difflib
import re
import unicodedata
from datetime import date
from typing import ClassVar

import pandas as pd

from sanlian import settings
from sanlian.ingest import vocabulary
from sanlian.ingest.ledgers import LINK_VALUES, Column, Ledger, allowed_text, choices
from sanlian.ingest.places import Places

EARLIEST_DATE = pd.Timestamp("2000-01-01")
EXACT_INTEGER = 2**53
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_FULL_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})(?:[日号].*|[ T.].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_ONLY = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?(?:份|底|初|中旬|上旬|下旬)?$")
_YEAR_ONLY = re.compile(r"^(\d{4})年?(?:度|全年|年度|底|初)?$")
_NO_YEAR = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})[日号]?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_NUMBER_NOISE = re.compile(r"[,，\s约近余多左右个人户口元亩次场名位约计共+]|以上|以下")


def date_texts(cells: pd.Series, default_year: int | None = None) -> tuple[pd.Series, pd.Series]:
    """Dates as clerks write them → ISO text, and how each was read ("" when it was a whole date).

    2026年9月5日, 2026.9.5, 2026/9/5, 20260905, ９月２２日 (full-width), Excel serials (46285),
    2023年1月 (→ the 1st, "month"), 2026年全年 (→ 1 January, "year"), 9月5日 (→ `default_year`,
    "no_year"). Text that is none of these is returned unchanged, for the parser to report."""
    read = map_unique(cells, lambda v: _one_date(_date_text(v), default_year) if isinstance(v, str) else (None, ""))
    iso = read.map(lambda r: r[0] if isinstance(r, tuple) else None)
    how = read.map(lambda r: r[1] if isinstance(r, tuple) else "").astype(object)
    return iso.where(iso.notna(), cells).astype(object), how


def map_unique(values: pd.Series, function) -> pd.Series:
    """`function` applied once per distinct value (ledgers repeat dates, names and words a lot)."""
    distinct = values.dropna().unique()
    return values.map(dict(zip(distinct, map(function, distinct))))


_RANGE = re.compile(r"至|~|～|—|--|-(?=\d{4})")
_SEPARATOR_SPACES = re.compile(r"\s*([年月日号/.\-])\s*")


def _date_text(value: str) -> str:
    """NFKC, no spaces around 年/月/日 or separators, and no time of day (2026/9/5 14:30)."""
    text = _SEPARATOR_SPACES.sub(r"\1", unicodedata.normalize("NFKC", value).strip())
    text = _RANGE.split(text)[0]  # 2026年3月至2026年10月: the start
    return text.split()[0] if text else text


def _one_date(text: str, default_year: int | None) -> tuple[str | None, str]:
    if m := _FULL_DATE.match(text) or _COMPACT_DATE.match(text):
        return _iso(m.group(1), m.group(2), m.group(3)), ""
    if _SERIAL.match(text) and 20000 <= float(text) <= 80000:
        return (EXCEL_EPOCH + pd.Timedelta(days=int(float(text)))).date().isoformat(), ""
    if m := _MONTH_ONLY.match(text):
        return _iso(m.group(1), m.group(2), 1), "month"
    if m := _YEAR_ONLY.match(text):
        return _iso(m.group(1), 1, 1), "year"
    if default_year and (m := _NO_YEAR.match(text)):
        return _iso(default_year, m.group(1), m.group(2)), "no_year"
    return None, ""


def _iso(year, month, day) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def number_texts(cells: pd.Series) -> pd.Series:
    """约60人 → 60, 4人 → 4, 1,200 元 → 1200; NFKC first (full-width digits)."""
    cleaned = map_unique(cells, lambda v: _NUMBER_NOISE.sub("", unicodedata.normalize("NFKC", v))
                         if isinstance(v, str) else v)
    return cleaned.where(cells.notna(), None)


class Problems:
    """Collects problems as (row, column header, value, reason) batches; cheap for 50,000 rows."""

    COLUMNS: ClassVar[list[str]] = ["sheet", "row_number", "column_header", "cell_value", "reason"]

    def __init__(self, sheet: str):
        self.sheet = sheet
        self.parts: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, header: str, values: pd.Series, reason) -> None:
        """Note a problem for every row where `mask` is true; `reason` is text or a Series."""
        if not mask.any():
            return
        rows = mask[mask].index
        self.parts.append(pd.DataFrame({
            "sheet": self.sheet, "row_number": rows, "column_header": header,
            "cell_value": values.reindex(rows).astype(object).to_numpy(),
            "reason": reason.reindex(rows).to_numpy() if isinstance(reason, pd.Series) else reason}))

    def add_file(self, header: str, reason: str, row_number: int | None = 1) -> None:
        """A problem with the sheet as a whole (the header row by default)."""
        self.parts.append(pd.DataFrame([[self.sheet, row_number, header, None, reason]],
                                       columns=self.COLUMNS))

    def frame(self) -> pd.DataFrame:
        """Every problem, ordered by row."""
        if not self.parts:
            return pd.DataFrame(columns=self.COLUMNS)
        out = pd.concat(self.parts, ignore_index=True)
        out["row_number"] = out["row_number"].astype("Int64")
        return out.sort_values("row_number", kind="stable", na_position="first").reset_index(drop=True)


def parse(ledger: Ledger, column: Column, cells: pd.Series, places: Places,
          problems: Problems) -> pd.Series:
    """The typed values of one column; blank required cells and unparseable cells are noted."""
    if column.required:
        problems.add(cells.isna(), column.header, cells, "必填，不能为空")
    cells = _unreadable_removed(column, cells, problems)
    parser = PARSERS[column.kind]
    values, bad, reason = parser(cells, ledger, column, places)
    problems.add(bad & cells.notna(), column.header, cells, reason)
    if column.low is not None or column.high is not None:
        problems.add(_out_of_range(values, column), column.header, cells, f"超出范围（{_range_text(column)}）")
    return values


# Control characters (NUL, escape sequences that clear a terminal, bidirectional overrides that
# reorder what a reader sees); tabs and line breaks inside a cell are ordinary.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _unreadable_removed(column: Column, cells: pd.Series, problems: Problems) -> pd.Series:
    """Cells with control characters or over settings.INGEST_MAX_TEXT characters are problems
    (one each) and are blanked for the parser."""
    text = cells.astype("string")
    hidden = text.str.contains(CONTROL, regex=True).fillna(False).astype(bool)
    too_long = (text.str.len() > settings.INGEST_MAX_TEXT).fillna(False).astype(bool)
    shown = cells.map(lambda v: CONTROL.sub("□", v[:50]) + ("…" if len(v) > 50 else "") if isinstance(v, str) else v)
    problems.add(hidden & ~too_long, column.header, shown, "含有不可见的控制字符（显示为 □），请删除后再导入")
    problems.add(too_long, column.header, shown,
                 text.str.len().map(lambda n: f"内容过长（{n:,} 个字符），一个单元格最多 {settings.INGEST_MAX_TEXT:,} 个字符"))
    return cells.mask(hidden | too_long)


MASKED = r"\*|^（已隐藏）$"  # what sanlian.masking leaves in names, phones and notes
MASKABLE = {"name", "head_name", "phone", "note"}


def _text(cells, ledger, column, places):
    # An apostrophe before a formula sign is how our exports keep Excel from running it: drop it.
    values = cells.str.replace(r"^'(?=[=+\-@])", "", regex=True)
    masked = cells.str.contains(MASKED, regex=True).fillna(False).astype(bool) \
        if column.name in MASKABLE and ledger.table not in ("leaders", "orgs") \
        else pd.Series(False, index=cells.index)
    return values, masked, "看起来是脱敏后的内容，导入会覆盖真实信息；请使用未脱敏的台账"


def _number(cells: pd.Series) -> pd.Series:
    return pd.to_numeric(number_texts(cells), errors="coerce")


def _int(cells, ledger, column, places):
    numbers = _number(cells)
    huge = numbers.abs() > EXACT_INTEGER  # beyond this a float no longer holds every integer
    bad = numbers.isna() | (numbers % 1 != 0) | huge
    reason = pd.Series("应为整数", index=cells.index).mask(huge, f"超出范围（{_range_text(column)}）")
    return numbers.where(~bad).astype("Int64"), bad, reason


def _money(cells, ledger, column, places):
    numbers = _number(cells)
    negative = numbers < 0
    endless = numbers.abs() == float("inf")
    reason = (pd.Series("应为数字（金额，单位元）", index=cells.index).mask(negative, "金额不能为负数")
              .mask(endless & ~negative, f"超出范围（{_range_text(column)}）"))
    bad = numbers.isna() | negative | endless
    return numbers.round(2).where(~bad), bad, reason


def _coordinate(cells, ledger, column, places):
    numbers = pd.to_numeric(cells, errors="coerce")
    return numbers, numbers.isna(), "应为数字（度，保留小数）"


def _date(cells, ledger, column, places):
    days = pd.to_datetime(date_texts(cells)[0], format="%Y-%m-%d", errors="coerce")
    today = pd.Timestamp.max if column.future_ok else pd.Timestamp(date.today())
    reason = (pd.Series("日期无法识别，应为 2024-03-05 这样的格式", index=cells.index)
              .mask(days > today, f"日期晚于今天（{today:%Y-%m-%d}）")
              .mask(days < EARLIEST_DATE, "日期早于 2000 年，请核对"))
    bad = days.isna() | (days > today) | (days < EARLIEST_DATE)
    return days.where(~bad), bad, reason


def _bool(cells, ledger, column, places):
    words = map_unique(cells, lambda v: vocabulary.canonical("bool", v))
    bad = cells.notna() & words.isna()
    return words.eq("是").astype("boolean"), bad, "应为“是”或“否”（也可写 √、×、有、无）"


def _choice(cells, ledger, column, places):
    allowed = choices(ledger.table, column.name)
    if vocabulary.has_values(column.name):
        cells = map_unique(cells, lambda v: vocabulary.canonical(column.name, v) or v)
    bad = cells.notna() & ~cells.isin(allowed)
    hints = {v: _suggest(v, allowed) for v in cells[bad].unique()}
    reason = cells.map(lambda v: f"不在允许的取值中（{allowed_text(ledger, column)}）{hints.get(v, '')}")
    return cells.where(~bad), bad, reason


def _link(cells, ledger, column, places):
    values = cells.map(lambda v: LINK_VALUES.get(v) or LINK_VALUES.get(vocabulary.canonical("link", v)))
    return values.astype("Int64"), values.isna(), f"应为 {allowed_text(ledger, column)}"


def _township(cells, ledger, column, places):
    codes, reasons = places.township_codes(cells)
    return codes, reasons.notna(), reasons


def _village(cells, ledger, column, places):
    codes, reasons = places.village_codes(cells)
    return codes, reasons.notna(), reasons


def _suggest(value: str, allowed) -> str:
    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.3)
    return f"，是否为“{close[0]}”？" if close else ""


def _out_of_range(values: pd.Series, column: Column) -> pd.Series:
    low = values < column.low if column.low is not None else False
    high = values > column.high if column.high is not None else False
    return (pd.Series(low, index=values.index) | high).fillna(False).astype(bool)


def _range_text(column: Column) -> str:
    if column.high is None:
        return f"不能小于 {_bound(column.low)}"
    if column.low is None:
        return f"不能大于 {_bound(column.high)}"
    return f"应在 {_bound(column.low)} 到 {_bound(column.high)} 之间"


def _bound(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) >= 10_000 else f"{value:g}"


PARSERS = {"text": _text, "int": _int, "money": _money, "coordinate": _coordinate, "date": _date,
           "bool": _bool, "choice": _choice, "link": _link, "township": _township,
           "village": _village}
