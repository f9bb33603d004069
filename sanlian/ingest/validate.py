"""Validate a whole ledger before anything is written: every problem, not only the first."""

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from sanlian.ingest.ledgers import LEDGERS, Ledger
from sanlian.ingest.parse import Problems, parse
from sanlian.ingest.places import Places
from sanlian.ingest.read import Sheet

EMPTY = pd.Series(dtype=object)  # reindexed to any rows: every value blank


@dataclass
class Checked:
    """One sheet after validation: typed rows (index = Excel row number) and what was wrong."""

    ledger: Ledger
    sheet: Sheet
    frame: pd.DataFrame
    problems: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the sheet may be written."""
        return self.problems.empty


class KnownKeys:
    """The keys of people, units and records: in the database, plus those earlier in this import."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.keys: dict[str, set] = {}

    def of(self, table: str) -> set:
        """Every key of a single-key table."""
        if table not in self.keys:
            key = LEDGERS[table].key[0]
            rows = self.con.cursor().execute(f"select {key} from {table}").fetchall()  # our names
            self.keys[table] = {r[0] for r in rows}
        return self.keys[table]

    def add(self, table: str, values) -> None:
        """Count this import's new keys as known for the sheets after it."""
        if len(LEDGERS[table].key) == 1:
            self.of(table).update(v for v in values if pd.notna(v))


def check_sheet(ledger: Ledger, sheet: Sheet, places: Places, known: KnownKeys,
                clerk: bool = False) -> Checked:
    """Parse and check one sheet against the ledger, the reference data and the known keys.

    `clerk`: the sheet was made from a clerk's own ledger (translate), so its columns are ours and
    an empty one is no problem (a roster that names nobody new adds no rows)."""
    problems = Problems(sheet.name)
    warnings: list[str] = []
    cells = _cells_by_column(ledger, sheet, problems, warnings, clerk)
    frame = pd.DataFrame(index=cells.index)
    for column in ledger.columns:
        if column.name in cells:
            frame[column.name] = parse(ledger, column, cells[column.name], places, problems)
    if ledger.table in ("activities", "issues"):
        _place_rules(ledger, frame, cells, places, problems)
    RULES.get(ledger.table, _no_rules)(frame, cells, problems)
    _end_after_start(ledger, frame, cells, problems)
    _references(ledger, frame, cells, known, problems)
    _duplicates(ledger, frame, cells, problems)
    known.add(ledger.table, frame.get(ledger.key[0], []))
    return Checked(ledger, sheet, frame, problems.frame(), warnings)


def _cells_by_column(ledger, sheet, problems, warnings, clerk) -> pd.DataFrame:
    """The sheet's cells under database column names; header problems noted."""
    lookup = {h: c for c in ledger.columns for h in c.headers()}
    chosen: dict[str, int] = {}
    for position, header in enumerate(sheet.headers):
        text = header.strip()
        column = lookup.get(text)
        if column is None:
            if text:
                warnings.append(f"工作表“{sheet.name}”中的列“{text}”不属于{ledger.title}台账，已忽略。")
            continue
        if column.name in chosen:
            problems.add_file(column.header, f"有两列都表示“{column.header}”，请删去一列")
        chosen[column.name] = position
    for column in ledger.columns:
        if column.required and column.name not in chosen:
            problems.add_file(column.header, "缺少必填列")
    if sheet.rows.empty and not clerk:
        problems.add_file("", "工作表中没有数据行（表头下面没有内容）", None)
    return pd.DataFrame({name: sheet.rows[position] for name, position in chosen.items()},
                        index=sheet.rows.index, dtype=object)


def _header(ledger: Ledger, name: str) -> str:
    return ledger.column(name).header


def _blank(cells: pd.DataFrame, name: str) -> pd.Series:
    return cells[name].isna() if name in cells else pd.Series(True, index=cells.index)


def _place_rules(ledger, frame, cells, places, problems) -> None:
    """Activities and issues: the township may come from the village, and the two must agree."""
    blank_town, blank_village = _blank(cells, "township_code"), _blank(cells, "village_code")
    problems.add(blank_town & blank_village, "乡镇", cells.get("township_code", EMPTY),
                 "乡镇和村（居）委会至少填一项")
    if "village_code" not in frame:
        return
    village_town = frame["village_code"].map(places.township_of_village)
    town = frame.get("township_code", pd.Series(None, index=frame.index, dtype=object))
    mismatch = ~blank_town & village_town.notna() & town.notna() & (village_town != town)
    reason = village_town.map(lambda c: f"该村属于{places.township_name.get(c, c)}，与所填乡镇不一致")
    problems.add(mismatch, _header(ledger, "village_code"), cells["village_code"], reason)
    frame["township_code"] = town.where(~blank_town, village_town)


def _activity_rules(frame, cells, problems) -> None:
    ledger = LEDGERS["activities"]
    link = frame.get("link", pd.Series(pd.NA, index=frame.index, dtype="Int64"))
    blank = {name: _blank(cells, name) for name in ("leader_id", "org_id", "member_id", "household_id")}
    needs = [("leader_id", 1, "三联类型为领导联乡镇时必填"), ("org_id", 2, "三联类型为机关联农村时必填"),
             ("member_id", 3, "三联类型为党员联群众时必填"), ("household_id", 3, "三联类型为党员联群众时必填")]
    for name, value, reason in needs:
        problems.add((link == value).fillna(False) & blank[name], _header(ledger, name), EMPTY, reason)
    extra = (link != 1).fillna(False) & ~blank["leader_id"]
    problems.add(extra, _header(ledger, "leader_id"), cells.get("leader_id", EMPTY),
                 "只有领导联乡镇的活动才填领导编号")


def _issue_rules(frame, cells, problems) -> None:
    ledger = LEDGERS["issues"]
    raised = frame.get("raised_date")
    for name, reason in (("closed_date", "办结日期早于提出日期"), ("due_date", "办结期限早于提出日期")):
        if name in frame and raised is not None:
            problems.add((frame[name] < raised).fillna(False), _header(ledger, name), cells[name], reason)
    open_ = _blank(cells, "closed_date")
    if "is_resolved" in frame:
        problems.add(open_ & frame["is_resolved"].fillna(False), _header(ledger, "is_resolved"),
                     cells["is_resolved"], "未办结（办结日期空白）的问题不能标记为已解决")
    if "satisfaction" in frame:
        problems.add(open_ & frame["satisfaction"].notna(), _header(ledger, "satisfaction"),
                     cells["satisfaction"], "未办结（办结日期空白）的问题不能有满意度")


def _no_rules(frame, cells, problems) -> None:
    return None


RULES = {"activities": _activity_rules, "issues": _issue_rules}


def _end_after_start(ledger, frame, cells, problems) -> None:
    if "start_date" in frame and "end_date" in frame:
        problems.add((frame["end_date"] < frame["start_date"]).fillna(False),
                     _header(ledger, "end_date"), cells["end_date"], "结束日期早于开始日期")


def _references(ledger, frame, cells, known, problems) -> None:
    """Every person, unit or record a row names must exist in the database or earlier in the import."""
    for column in ledger.columns:
        if column.refers and column.name in frame:
            values = frame[column.name]
            missing = values.notna() & ~values.isin(known.of(column.refers))
            target = LEDGERS[column.refers].title
            problems.add(missing, column.header, cells[column.name],
                         f"{column.header}不存在：请先导入“{target}”台账，或核对编号")


def _duplicates(ledger, frame, cells, problems) -> None:
    """Rows whose key repeats an earlier row of the same file (the database may hold it: an update)."""
    if not all(k in frame for k in ledger.key):
        return
    keys = frame[list(ledger.key)]
    complete = keys.notna().all(axis=1)
    repeated = keys.duplicated(keep="first") & complete
    if not repeated.any():
        return
    first_row = pd.Series(keys.index, index=keys.index).groupby(
        [keys[k].astype(str) for k in ledger.key]).transform("first")
    names = "、".join(_header(ledger, k) for k in ledger.key)
    reason = first_row.map(lambda r: f"与第 {r} 行重复（{names}相同）")
    first = ledger.key[0]
    problems.add(repeated, _header(ledger, first), cells.get(first, frame[first]), reason)
