"""Import a ledger file: read, validate everything, then write all or nothing. No Streamlit here:
the page clears the app's caches itself."""

import time
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from sanlian.ingest.ledgers import LEDGERS, Ledger, ledger_for
from sanlian.ingest.parse import Problems
from sanlian.ingest.places import Places
from sanlian.ingest.read import ReadError, Sheet, read_file
from sanlian.ingest.validate import Checked, KnownKeys, check_sheet
from sanlian.ingest.write import Counts, ImportRefused, LinkedChange, refuse_sample, write

ALL = "all"


@dataclass
class Report:
    """Everything an import found and did, for the page, the CLI and the error workbook."""

    file_name: str
    checked: list[Checked] = field(default_factory=list)
    problems: pd.DataFrame = field(default_factory=lambda: Problems("").frame())
    warnings: list[str] = field(default_factory=list)
    counts: list[Counts] = field(default_factory=list)
    refused: str | None = None
    written: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the file was readable, allowed and free of problems."""
        return self.refused is None and self.problems.empty

    @property
    def rows(self) -> int:
        """Data rows read, over all sheets."""
        return sum(len(c.frame) for c in self.checked)

    def text(self, limit: int = 50) -> str:
        """The report in Chinese, as the CLI prints it."""
        lines = [f"文件：{self.file_name}"]
        lines += [f"  {c.ledger.title}（{c.ledger.table}）：{len(c.frame):,} 行" for c in self.checked]
        lines += [f"提示：{w}" for w in self.warnings]
        if self.refused:
            return "\n".join(lines + [f"未导入：{self.refused}"])
        if not self.ok:
            lines.append(f"发现 {len(self.problems):,} 个问题，未写入任何数据：")
            lines += [f"  {problem_line(row)}" for row in self.problems.head(limit).itertuples()]
            if len(self.problems) > limit:
                lines.append(f"  ……另有 {len(self.problems) - limit:,} 个问题，见错误清单。")
            return "\n".join(lines)
        verb = "已导入" if self.written else "检查通过（试运行，未写入）"
        lines += [f"{verb}：{c.title} {c.describe()}" for c in self.counts]
        return "\n".join(lines + [f"用时 {self.seconds:.1f} 秒"])


def problem_line(row) -> str:
    """第 3 行「活动日期」“2024-13-01”：日期无法识别."""
    where = f"第 {row.row_number} 行" if pd.notna(row.row_number) else "文件"
    sheet = f"工作表“{row.sheet}” " if row.sheet else ""
    value = f"“{row.cell_value}”" if isinstance(row.cell_value, str) else ""
    column = f"「{row.column_header}」" if row.column_header else ""
    return f"{sheet}{where}{column}{value}：{row.reason}"


def pick_sheets(sheets: list[Sheet], table: str) -> list[tuple[Ledger, Sheet]]:
    """The (ledger, sheet) pairs to import, in dependency order; raises ReadError."""
    if table == ALL:
        pairs = [(ledger_for(s.name), s) for s in sheets if ledger_for(s.name)]
        if not pairs:
            raise ReadError("工作簿中没有以台账名称命名的工作表（如“活动记录”），无法按整本导入。")
        pairs = [(ledger, s) for ledger, s in pairs if not s.rows.empty]  # an empty ledger: nothing to do
        if not pairs:
            raise ReadError("工作簿的各台账工作表中都没有数据行。")
        order = list(LEDGERS)
        return sorted(pairs, key=lambda pair: order.index(pair[0].table))
    ledger = ledger_for(table)
    if ledger is None:
        raise ReadError(f"没有名为“{table}”的台账。可选：{'、'.join(LEDGERS)}")
    named = [s for s in sheets if s.name in (ledger.title, ledger.table)]
    return [(ledger, (named or sheets)[0])]


def check(con: duckdb.DuckDBPyConnection, file_name: str, content: bytes, table: str) -> Report:
    """Read and validate a file against the database; writes nothing."""
    started = time.monotonic()
    report = Report(file_name)
    try:
        refuse_sample(con)
        pairs = pick_sheets(read_file(file_name, content), table)
    except ImportRefused as exc:
        report.refused = str(exc)
        return report
    except ReadError as exc:
        report.problems = _file_problem(str(exc))
        return report
    places, known = Places.from_db(con), KnownKeys(con)
    report.checked = [check_sheet(ledger, sheet, places, known) for ledger, sheet in pairs]
    report.problems = pd.concat([c.problems for c in report.checked], ignore_index=True)
    report.warnings = [w for c in report.checked for w in c.warnings]
    report.seconds = time.monotonic() - started
    return report


def run(con: duckdb.DuckDBPyConnection, file_name: str, content: bytes, table: str,
        dry_run: bool = False) -> Report:
    """Validate, then (unless there is any problem) write everything in one transaction."""
    started = time.monotonic()
    report = check(con, file_name, content, table)
    if report.ok:
        try:
            report.counts = write(con, report.checked, file_name, dry_run=dry_run)
            report.written = not dry_run
        except LinkedChange as exc:
            report.problems = exc.problems()
    report.seconds = time.monotonic() - started
    return report


def _file_problem(reason: str) -> pd.DataFrame:
    problems = Problems("")
    problems.add_file("", reason, None)
    return problems.frame()
