"""Import a ledger file: read every sheet, find its table, recognise the ledger, validate everything,
then write all or nothing. No Streamlit here: the page clears the app's caches itself."""

import errno
import hashlib
import time

import duckdb
import pandas as pd

from sanlian import settings
from sanlian.ingest.builders import BUILDERS
from sanlian.ingest.directory import Directory
from sanlian.ingest.kinds import (
    FIELD_LABELS,
    KIND_OF,
    SUPPLIED,
    TICKED,
    UNRECOGNISED,
    Kind,
    field_choices,
    recognise,
)
from sanlian.ingest.layout import find_table
from sanlian.ingest.ledgers import LEDGERS, Ledger, ledger_for
from sanlian.ingest.parse import Problems
from sanlian.ingest.places import Places
from sanlian.ingest.read import Grid, ReadError, Sheet, read_file
from sanlian.ingest.report import Report, SheetReport
from sanlian.ingest.translate import Builder
from sanlian.ingest.validate import KnownKeys, check_sheet
from sanlian.ingest.vocabulary import header_suggestion, normalized
from sanlian.ingest.write import ImportRefused, LinkedChange, refuse_sample, remembered_layouts, write

ALL = "all"
AUTO = "auto"
NOTES_SHEETS = ("填写说明", "说明", "填表说明")


def template_headers() -> set[str]:
    """Every header our own templates use (they help find the header row of a filled template)."""
    return {h for ledger in LEDGERS.values() for c in ledger.columns for h in c.headers()}


def template_for(sheet: Sheet, table: str) -> Ledger | None:
    """The template ledger a sheet is a filled-in copy of: its key columns (编号) are there, or it
    was asked for by a table that only our templates hold (村坐标, 机关党组织 …)."""
    headers = {h.strip() for h in sheet.headers}
    if table not in (AUTO, ALL):
        wanted = ledger_for(table)
        if wanted and (wanted.table not in KIND_OF or _has_keys(wanted, headers)):
            return wanted
        return None
    named = ledger_for(sheet.name)
    for ledger in [named] if named else LEDGERS.values():
        if _has_keys(ledger, headers) and all(headers & c.headers() for c in ledger.columns if c.required):
            return ledger
    return None


def _has_keys(ledger: Ledger, headers: set[str]) -> bool:
    return all(headers & ledger.column(k).headers() for k in ledger.key)


def kind_for(sheet: Sheet, table: str) -> tuple[Kind | None, str]:
    """The clerk's ledger kind: the one asked for, or the one its headers show; (None, why)."""
    if table in (AUTO, ALL):
        return recognise(sheet.headers)
    ledger = ledger_for(table)
    kind = KIND_OF.get(ledger.table if ledger else table)
    if kind is None:
        names = "、".join(f"{k.table}（{k.title}）" for k in KIND_OF.values())
        return None, f"没有名为“{table}”的台账。可选：{names}，或 auto 自动识别"
    return kind, ""


def layout_key(sheet: Sheet) -> str:
    """A ledger layout: its set of headers (next month's ledger of the same office has the same)."""
    text = "|".join(sorted(normalized(h) for h in sheet.headers if h))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class Importer:
    """One file's sheets checked in order against the database and each other."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, supplied: dict[str, str],
                 columns: dict[str, str]):
        self.table, self.supplied, self.columns = table, supplied, columns
        self.places, self.known = Places.from_db(con), KnownKeys(con)
        self.directory = Directory.from_db(con)
        self.headers = template_headers()
        self.remembered = remembered_layouts(con)

    def sheet(self, grid: Grid, report: Report, several: bool) -> list[pd.DataFrame]:
        """Check one sheet; its problems (the report gains the sheet's summary). `several`: the
        workbook has other sheets, so an empty template sheet is passed over, not an error."""
        sheet = find_table(grid, self.headers)
        if len(sheet.rows) > settings.INGEST_MAX_ROWS:
            return [_sheet_problem(sheet.name, f"工作表“{sheet.name}”的数据超过 {settings.INGEST_MAX_ROWS:,} "
                                               "行的上限；请拆分后分批导入。")]
        ledger = template_for(sheet, self.table)
        if ledger is not None and several and sheet.rows.empty:
            report.sheets.append(SheetReport(sheet.name, ledger.title, 0, sheet.skipped))
            return []
        if ledger is not None:
            checked = check_sheet(ledger, sheet, self.places, self.known)
            report.checked.append(checked)
            report.warnings += checked.warnings
            report.sheets.append(SheetReport(sheet.name, ledger.title, len(checked.frame), sheet.skipped))
            return [checked.problems]
        key = layout_key(sheet)
        before = self.remembered.get(key) if self.table in (AUTO, ALL) else None
        kind, why = (KIND_OF[before["kind"]], "") if before else kind_for(sheet, self.table)
        if kind is None:
            return [_sheet_problem(sheet.name, why + _unknown_headers(sheet))]
        supplied = {**(before or {}).get("supplied", {}), **self.supplied}
        columns = {**(before or {}).get("columns", {}), **self.columns}
        report.layouts[key] = {"kind": kind.table, "columns": columns, "supplied": supplied}
        problems = self._natural(sheet, kind, report, supplied, columns)
        if before:
            report.sheets[-1].notes.insert(0, _remembered_note(before))
        return problems

    def names(self) -> dict[str, str]:
        """Every id and place code this import knows → its name."""
        d = self.directory
        pairs = [(d.orgs, "name"), (d.members, "name"), (d.households, "name"), (d.leaders, "name"),
                 (d.projects, "name")]
        found = {str(i): str(n) for table, column in pairs for i, n in zip(table["id"], table[column])}
        found.update(self.places.township_name)
        found.update(self.places.village_name)
        return found

    def _natural(self, sheet: Sheet, kind: Kind, report: Report, supplied: dict[str, str],
                 columns: dict[str, str]) -> list[pd.DataFrame]:
        if sheet.rows.empty:
            return [_sheet_problem(sheet.name, f"工作表按“{kind.title}”读取，但表头下面没有数据行")]
        builder = Builder(sheet, kind, supplied, self.places, self.directory, columns)
        BUILDERS[kind.table](builder)
        out = builder.finish()
        problems = list(out.problems)
        flagged = {int(r) for p in problems for r in p["row_number"].dropna()}
        for part in out.parts:
            ledger = LEDGERS[part.table]
            part_sheet = Sheet(sheet.name, list(part.frame.columns),
                               part.frame.set_axis(range(part.frame.shape[1]), axis=1))
            checked = check_sheet(ledger, part_sheet, self.places, self.known, clerk=True)
            report.checked.append(checked)
            renames = {ledger.column(c).header: h for c, h in out.header_of.items()
                       if any(col.name == c for col in ledger.columns)}
            found = checked.problems.replace({"column_header": renames})
            # One root cause, one message: rows already reported, and facts the file must be given.
            problems.append(found[~found["row_number"].isin(flagged)
                                  & ~found["column_header"].isin(out.missing)])
        mapping = {h: {"year_column": "年度收入", "month_column": "当月走访"}.get(f, FIELD_LABELS.get(f.removeprefix(TICKED), f))
                   for h, f in zip(sheet.headers, (builder.columns.get(p) for p in range(len(sheet.headers))))
                   if h and f}
        report.sheets.append(SheetReport(sheet.name, kind.title, len(sheet.rows), sheet.skipped, mapping,
                                         out.ignored, out.notes + _ignored_note(out.ignored, kind), out.missing,
                                         field_choices(kind)))
        return problems


def _remembered_note(before: dict) -> str:
    given = [f"{k}={v}" for k, v in before["supplied"].items()] + [
        f"「{h}」按「{f}」读取" for h, f in before["columns"].items()]
    when = f"{before['saved_at']:%Y-%m-%d}" if before.get("saved_at") else "上次"
    return f"同样表头的台账已于 {when} 导入过，沿用当时的读取方式" + (f"：{'；'.join(given)}。" if given else "。")


def _ignored_note(ignored: list[str], kind: Kind) -> list[str]:
    if not ignored:
        return []
    wanted = {f: FIELD_LABELS[f] for f in kind.fields if f in FIELD_LABELS}
    hints = [f"「{h}」是否为「{s}」？" for h in ignored if (s := header_suggestion(h, wanted))]
    return [f"未使用的列：{'、'.join(ignored)}。" + ("".join(hints) if hints else "")]


def _unknown_headers(sheet: Sheet) -> str:
    shown = "、".join(h for h in sheet.headers if h)[:200]
    return f"（表头：{shown}）。可在命令行用 --table 指定台账类型" if shown else "（没有找到表头）"


def _sheet_problem(sheet: str, reason: str) -> pd.DataFrame:
    problems = Problems(sheet)
    problems.add_file("", reason, None)
    return problems.frame()


def _grids_to_read(grids: list[Grid]) -> list[Grid]:
    """The sheets that hold anything but the template's notes; a workbook of our template sheets in
    the order their references need (机关党组织 before 组织结对村)."""
    order = list(LEDGERS)
    def position(grid: Grid) -> int:
        ledger = ledger_for(grid.name)
        return order.index(ledger.table) if ledger else len(order)
    kept = [g for g in grids if g.name not in NOTES_SHEETS and any(any(c for c in r) for r in g.rows)]
    return sorted(kept, key=position)


def _passed_over(per_sheet: list[list[pd.DataFrame]], grids: list[Grid], report: Report) -> list[list]:
    """In a workbook where some sheet was recognised, a sheet that was not (a list of dropdown
    values, notes) is passed over with a warning instead of stopping the import."""
    unknown = [any(p["reason"].str.startswith(UNRECOGNISED).any() for p in found) for found in per_sheet]
    if not any(unknown) or all(unknown):
        return per_sheet
    for grid, skip in zip(grids, unknown):
        if skip:
            report.warnings.append(f"工作表“{grid.name}”没有认出是哪种台账，未导入（如需导入，请单独上传并选择台账类型）。")
    return [[] if skip else found for found, skip in zip(per_sheet, unknown)]


def _known_table(table: str) -> None:
    if table not in (AUTO, ALL) and not ledger_for(table) and table not in KIND_OF:
        names = "、".join([*(f"{k.table}（{k.title}）" for k in KIND_OF.values()),
                           *(f"{t}（{ledger.title}）" for t, ledger in LEDGERS.items() if t not in KIND_OF)])
        raise ReadError(f"没有名为“{table}”的台账。可选：{names}；或 auto 自动识别。")


def supplied_fields(supplied: dict[str, str] | None) -> dict[str, str]:
    """`--set` values by their Chinese labels; raises ReadError for an unknown label."""
    supplied = dict(supplied or {})
    unknown = [k for k in supplied if k not in SUPPLIED]
    if unknown:
        raise ReadError(f"不能指定“{'、'.join(unknown)}”：可指定的有 {'、'.join(SUPPLIED)}")
    return supplied


def check(con: duckdb.DuckDBPyConnection, file_name: str, content: bytes, table: str = AUTO,
          supplied: dict[str, str] | None = None, columns: dict[str, str] | None = None) -> Report:
    """Read and validate a file against the database; writes nothing."""
    started = time.monotonic()
    report = Report(file_name)
    try:
        refuse_sample(con)
        grids = _grids_to_read(read_file(file_name, content))
        if not grids:
            raise ReadError("文件中没有任何内容。")
        _known_table(table)
        importer = Importer(con, table, supplied_fields(supplied), dict(columns or {}))
    except ImportRefused as exc:
        report.refused = str(exc)
        return report
    except ReadError as exc:
        report.problems = _sheet_problem("", str(exc))
        return report
    per_sheet = [importer.sheet(grid, report, len(grids) > 1) for grid in grids]
    problems = [p for found in _passed_over(per_sheet, grids, report) for p in found]
    report.problems = pd.concat([p for p in problems if not p.empty] or [Problems("").frame()],
                                ignore_index=True)
    report.checked.sort(key=lambda c: list(LEDGERS).index(c.ledger.table))
    report.table = _main_table(report)
    report.names = importer.names()
    report.seconds = time.monotonic() - started
    return report


def _main_table(report: Report) -> str | None:
    titles = {k.title: k.table for k in KIND_OF.values()} | {ledger.title: t for t, ledger in LEDGERS.items()}
    tables = [titles.get(s.title) for s in report.sheets]
    return tables[0] if tables and len(set(tables)) == 1 else (ALL if tables else None)


DISK_FULL = ("磁盘空间已满，导入未完成，数据库保持导入前的样子（没有写入任何一行）。"
             "请清理服务器磁盘空间后重新导入。")


def disk_full(exc: BaseException) -> bool:
    """Whether the system ran out of disk space (DuckDB reports it in its own error's text)."""
    return (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "No space left on device" in str(exc)


def run(con: duckdb.DuckDBPyConnection, file_name: str, content: bytes, table: str = AUTO,
        dry_run: bool = False, supplied: dict[str, str] | None = None,
        columns: dict[str, str] | None = None) -> Report:
    """Validate, then (unless there is any problem) write everything in one transaction."""
    started = time.monotonic()
    report = check(con, file_name, content, table, supplied, columns)
    if report.ok:
        try:
            report.counts = write(con, [c for c in report.checked if len(c.frame)], file_name,
                                  dry_run=dry_run, layouts=report.layouts)
            report.written = not dry_run
        except LinkedChange as exc:
            report.problems = exc.problems()
        except (OSError, duckdb.Error) as exc:
            if not disk_full(exc):
                raise
            report.refused = DISK_FULL
    report.seconds = time.monotonic() - started
    return report
