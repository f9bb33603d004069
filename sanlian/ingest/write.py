"""Write validated ledgers in one transaction: insert new keys, update changed rows, log, re-derive."""

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from sanlian import build
from sanlian.ingest.ledgers import LEDGERS
from sanlian.ingest.validate import Checked

SAMPLE_REFUSAL = ("当前数据库装的是示例数据，不能导入真实台账（两者混在一起会让数字失真）。"
                  "请先在“数据管理 → 导入”中勾选确认并点击“切换为真实数据（清空示例数据）”，"
                  "或在命令行运行 `python -m sanlian.build --empty --force --out 数据库路径`，再导入。")


class LinkedChange(Exception):
    """Rows that would move a referenced record (DuckDB cannot update those in a transaction)."""

    def __init__(self, sheet: Checked, rows: list[int], columns: list[str]):
        super().__init__(f"{sheet.ledger.title}: rows {rows[:5]} change {columns}")
        self.sheet, self.rows, self.columns = sheet, rows, columns

    def problems(self) -> pd.DataFrame:
        """One problem per refused row, in the validation report's shape."""
        ledger = self.sheet.ledger
        headers = "、".join(ledger.column(c).header for c in self.columns)
        key = ledger.column(ledger.key[0])
        return pd.DataFrame({
            "sheet": self.sheet.sheet.name, "row_number": pd.array(self.rows, dtype="Int64"),
            "column_header": key.header,
            "cell_value": [str(self.sheet.frame.loc[r, key.name]) for r in self.rows],
            "reason": f"已有其他记录引用此{key.header}，导入时不能更改其{headers}"
                      "（数据库外键限制）；请核对，确需更改请使用新编号"})


class ImportRefused(Exception):
    """An import that must not go ahead; the message is for the clerk, in Chinese."""


@dataclass(frozen=True)
class Counts:
    """What an import did (or, in a dry run, would do) to one table."""

    table: str
    title: str
    rows: int
    inserted: int
    updated: int

    @property
    def unchanged(self) -> int:
        """Rows whose key and values were already in the database."""
        return self.rows - self.inserted - self.updated

    def describe(self) -> str:
        """新增 N 行，更新 M 行，未变化 K 行."""
        return f"新增 {self.inserted:,} 行，更新 {self.updated:,} 行，未变化 {self.unchanged:,} 行"


def refuse_sample(con: duckdb.DuckDBPyConnection) -> None:
    """Raise ImportRefused while the sample data is loaded: real and sample rows never mix."""
    kind = con.cursor().execute("select dataset_kind from meta").fetchone()[0]
    if kind == "sample":
        raise ImportRefused(SAMPLE_REFUSAL)


def write(con: duckdb.DuckDBPyConnection, checked: list[Checked], file_name: str,
          dry_run: bool = False, layouts: dict[str, dict] | None = None) -> list[Counts]:
    """Apply every sheet in one transaction (rolled back for a dry run or on any error); remember
    how each clerk's layout was read (`layouts`: layout key → kind, columns, supplied)."""
    cur = con.cursor()
    cur.begin()
    try:
        counts = [_apply(cur, sheet) for sheet in checked]
        if dry_run:
            cur.rollback()
            return counts
        for done in counts:
            _log(cur, file_name, done.table, done.rows, "成功", done.describe())
        _remember_layouts(cur, layouts or {})
        cur.execute("update meta set dataset_kind = 'imported'")
        build.refresh_derived(cur)
        cur.commit()
    except BaseException as exc:
        cur.rollback()
        if isinstance(exc, duckdb.Error) and not dry_run:  # validation failures are not logged
            with contextlib.suppress(duckdb.Error):  # a full disk refuses the log too: the first error says it
                log_failure(con, file_name, checked, exc)
        raise
    return counts


def _remember_layouts(cur, layouts: dict[str, dict]) -> None:
    build.upgrade(cur)  # a database from before import_layouts existed (the command line opens it directly)
    for key, how in layouts.items():
        cur.execute("insert or replace into import_layouts values (?, ?, ?, ?, ?)",
                    [key, how["kind"], json.dumps(how["columns"], ensure_ascii=False),
                     json.dumps(how["supplied"], ensure_ascii=False), datetime.now().replace(microsecond=0)])


def remembered_layouts(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Every layout read before: key → kind, columns, supplied and when (empty in older databases)."""
    cur = con.cursor()
    if not cur.execute("select count(*) from information_schema.tables where table_name = 'import_layouts'"
                       ).fetchone()[0]:
        return {}
    return {key: {"kind": kind, "columns": json.loads(columns), "supplied": json.loads(supplied), "saved_at": at}
            for key, kind, columns, supplied, at in cur.execute("select * from import_layouts").fetchall()}


def log_failure(con, file_name: str, checked: list[Checked], exc: Exception) -> None:
    """Record a write that the database refused (validation failures write nothing at all)."""
    cur = con.cursor()
    for sheet in checked:
        _log(cur, file_name, sheet.ledger.table, len(sheet.frame), "失败", str(exc)[:500])


def _present_columns(sheet: Checked) -> list[str]:
    """The ledger's columns the file supplied (absent ones keep their value or default)."""
    return [c.name for c in sheet.ledger.columns if c.name in sheet.frame]


def _linked_columns(sheet: Checked, columns: list[str]) -> list[str]:
    """Columns that are foreign keys (people, units, places) and not part of the key."""
    return [c.name for c in sheet.ledger.columns if c.name in columns and c.name not in
            sheet.ledger.key and (c.refers or c.kind in ("township", "village"))]


def _apply(cur, sheet: Checked) -> Counts:
    """Stage one sheet, count what is new or changed, then insert or update only those rows."""
    table, columns = sheet.ledger.table, _present_columns(sheet)
    frame = sheet.frame[columns].assign(row_number=sheet.frame.index)
    cur.register("incoming_frame", _for_duckdb(frame))
    # Table and column names below come from the ledger definitions, never from the file.
    cur.execute(f"create or replace temp table incoming as "
                f"select {', '.join(columns)}, 0 as row_number from {table} limit 0")
    cur.execute("insert into incoming by name select * from incoming_frame")
    cur.unregister("incoming_frame")
    same = _same_row(columns, "t", "i")
    cur.execute(f"create or replace temp table delta as select i.*, exists (select 1 from {table} "
                f"as t where {_match(sheet, 't', 'i')}) as is_update from incoming as i "
                f"where not exists (select 1 from {table} as t where {same})")
    _refuse_linked_changes(cur, sheet, columns)
    updated, total = cur.execute("select count(*) filter (where is_update), count(*) from delta").fetchone()
    _insert_new(cur, table, columns)
    _update_changed(cur, sheet, [c for c in columns if c not in sheet.ledger.key])
    cur.execute("drop table incoming; drop table delta")
    return Counts(table, sheet.ledger.title, len(sheet.frame), total - updated, updated)


def _match(sheet: Checked, left: str, right: str) -> str:
    return " and ".join(f"{left}.{k} = {right}.{k}" for k in sheet.ledger.key)


def _same_row(columns: list[str], left: str, right: str) -> str:
    return (f"row({', '.join(f'{left}.{c}' for c in columns)}) is not distinct from "
            f"row({', '.join(f'{right}.{c}' for c in columns)})")


def _insert_new(cur, table: str, columns: list[str]) -> None:
    names = ", ".join(columns)
    cur.execute(f"insert into {table} ({names}) select {names} from delta where not is_update")


def _update_changed(cur, sheet: Checked, others: list[str]) -> None:
    """Update plain columns, then foreign-key columns only where they changed.

    DuckDB rejects any UPDATE that sets a foreign-key column of a row other tables reference, even
    to the same value, so those columns are set only on the rows whose value really differs
    (and _refuse_linked_changes has already turned away the referenced ones)."""
    table, linked = sheet.ledger.table, _linked_columns(sheet, others)
    plain = [c for c in others if c not in linked]
    match = _match(sheet, table, "d")
    if plain:
        sets = ", ".join(f"{c} = d.{c}" for c in plain)
        cur.execute(f"update {table} set {sets} from delta as d where d.is_update and {match}")
    for name in linked:
        cur.execute(f"update {table} set {name} = d.{name} from delta as d "
                    f"where d.is_update and {match} and {table}.{name} is distinct from d.{name}")


def _refuse_linked_changes(cur, sheet: Checked, columns: list[str]) -> None:
    """Raise LinkedChange for updates that move a referenced row to another unit or place."""
    children = [(ledger.table, c.name) for ledger in LEDGERS.values() for c in ledger.columns
                if c.refers == sheet.ledger.table]
    linked = _linked_columns(sheet, columns)
    if not children or not linked:
        return
    key = sheet.ledger.key[0]
    moved = " or ".join(f"t.{c} is distinct from d.{c}" for c in linked)
    used = " or ".join(f"exists (select 1 from {child} as x where x.{name} = d.{key})"
                       for child, name in children)
    rows = cur.execute(f"select d.row_number from delta as d join {sheet.ledger.table} as t "
                       f"on {_match(sheet, 't', 'd')} where ({moved}) and ({used}) "
                       f"order by d.row_number").fetchall()
    if rows:
        raise LinkedChange(sheet, [r[0] for r in rows], linked)


def _for_duckdb(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with real None for blanks (NaN in an object column is not NULL to everyone)."""
    out = frame.reset_index(drop=True)
    for name in out.columns:
        if out[name].dtype == object:
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def _log(cur, file_name: str, table: str, rows: int, status: str, message: str) -> None:
    cur.execute("insert into imports select coalesce(max(import_id), 0) + 1, ?, ?, ?, ?, ?, ? "
                "from imports", [datetime.now().replace(microsecond=0), file_name, table, rows,
                                 status, message])
