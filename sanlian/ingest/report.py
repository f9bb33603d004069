"""What an import found and did, sheet by sheet: for the page, the CLI and the error workbook."""

from dataclasses import dataclass, field

import pandas as pd

from sanlian.ingest.parse import Problems
from sanlian.ingest.validate import Checked
from sanlian.ingest.write import Counts


@dataclass
class SheetReport:
    """What one sheet gave: the ledger it was read as, its rows, skipped rows and column mapping."""

    name: str
    title: str
    rows: int
    skipped: list[tuple[int, str]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # clerk's header → what it was read as
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)  # what an unused column may be read as

    def line(self) -> str:
        """工作表“马市镇”：党员联系户花名册，12 行（跳过 2 行）."""
        skipped = f"（跳过 {len(self.skipped)} 行）" if self.skipped else ""
        return f"工作表“{self.name}”：{self.title}，{self.rows:,} 行{skipped}"


@dataclass
class Report:
    """Everything an import found and did, for the page, the CLI and the error workbook."""

    file_name: str
    table: str | None = None
    sheets: list[SheetReport] = field(default_factory=list)
    checked: list[Checked] = field(default_factory=list)
    problems: pd.DataFrame = field(default_factory=lambda: Problems("").frame())
    warnings: list[str] = field(default_factory=list)
    counts: list[Counts] = field(default_factory=list)
    refused: str | None = None
    written: bool = False
    seconds: float = 0.0
    names: dict[str, str] = field(default_factory=dict)  # ids and codes → names, for the preview
    layouts: dict[str, dict] = field(default_factory=dict)  # how each clerk's layout was read

    @property
    def ok(self) -> bool:
        """True when the file was readable, allowed and free of problems."""
        return self.refused is None and self.problems.empty

    @property
    def rows(self) -> int:
        """Ledger rows read, over all sheets."""
        return sum(s.rows for s in self.sheets)

    @property
    def skipped(self) -> list[tuple[str, int, str]]:
        """(sheet, row number, why) of every row that was not read as data."""
        return [(s.name, row, why) for s in self.sheets for row, why in s.skipped]

    @property
    def missing_facts(self) -> list[str]:
        """The facts (by Chinese label) the clerk must supply for the file to go in."""
        return list(dict.fromkeys(m for s in self.sheets for m in s.missing))

    @property
    def notes(self) -> list[str]:
        """Everything inferred, supplied or converted, sheet by sheet."""
        return [note for s in self.sheets for note in s.notes]

    def text(self, limit: int = 50) -> str:
        """The report in Chinese, as the CLI prints it."""
        lines = [f"文件：{self.file_name}"]
        lines += [f"  {s.line()}" for s in self.sheets]
        lines += [f"  跳过：工作表“{sheet}”第 {row} 行：{why}" for sheet, row, why in self.skipped[:limit]]
        lines += [f"说明：{note}" for note in dict.fromkeys(self.notes)]
        lines += [f"提示：{w}" for w in self.warnings]
        if self.refused:
            return "\n".join([*lines, f"未导入：{self.refused}"])
        if not self.ok:
            lines.append(f"发现 {len(self.problems):,} 个问题，未写入任何数据：")
            lines += [f"  {problem_line(row)}" for row in self.problems.head(limit).itertuples()]
            if len(self.problems) > limit:
                lines.append(f"  ……另有 {len(self.problems) - limit:,} 个问题，见错误清单。")
            return "\n".join(lines)
        verb = "已导入" if self.written else "检查通过（试运行，未写入）"
        lines += [f"{verb}：{c.title} {c.describe()}" for c in merged_counts(self.counts)]
        return "\n".join([*lines, f"用时 {self.seconds:.1f} 秒"])


def merged_counts(counts: list[Counts]) -> list[Counts]:
    """One line per table, however many parts of the file fed it."""
    by_table: dict[str, Counts] = {}
    for c in counts:
        was = by_table.get(c.table)
        by_table[c.table] = c if was is None else Counts(c.table, c.title, was.rows + c.rows,
                                                         was.inserted + c.inserted, was.updated + c.updated)
    return list(by_table.values())


def problem_line(row) -> str:
    """第 3 行「活动日期」“2024-13-01”：日期无法识别."""
    where = f"第 {row.row_number} 行" if pd.notna(row.row_number) else "文件"
    sheet = f"工作表“{row.sheet}” " if row.sheet else ""
    value = f"“{row.cell_value}”" if isinstance(row.cell_value, str) else ""
    column = f"「{row.column_header}」" if row.column_header else ""
    return f"{sheet}{where}{column}{value}：{row.reason}"
