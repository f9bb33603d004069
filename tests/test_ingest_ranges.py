"""Values no ledger can hold: out-of-range numbers, over-long cells and control characters are row
problems in Chinese (row, column, reason), never a traceback from the write; nothing is written."""

import errno
import re

import duckdb
import pandas as pd
import pytest

from sanlian import settings
from sanlian.ingest import write
from sanlian.ingest.ledgers import LEDGERS
from sanlian.ingest.parse import CONTROL
from tests.ingest_files import csv_file, headers, table_xlsx
from tests.ingest_files.databases import county_db, county_db_template, run_import, sha256  # noqa: F401 (fixtures)
from tests.test_ingest import ISSUE, PROJECT, VISIT, found

INCOME = {"household_id": "H1", "year": 2025, "net_income_yuan": 58000}
MONEY = "应在 0 到 10,000,000,000 之间"
OUT_OF_RANGE = [
    ("investment_1e12", "projects", {**PROJECT, "investment_yuan": 1e12},
     (2, "投入（元）", f"超出范围（{MONEY}）")),
    ("investment_inf", "projects", {**PROJECT, "investment_yuan": "inf"},
     (2, "投入（元）", f"超出范围（{MONEY}）")),
    ("investment_nan", "projects", {**PROJECT, "investment_yuan": "nan"},
     (2, "投入（元）", "应为数字（金额，单位元）")),
    ("income_1e13", "household_incomes", {**INCOME, "net_income_yuan": "10000000000000"},
     (2, "家庭纯收入（元）", "超出范围（应在 0 到 100,000,000 之间）")),
    ("participants_1e12", "activities", {**VISIT, "participants": "1000000000000"},
     (2, "参与人数", "超出范围（应在 0 到 1,000,000 之间）")),
    ("participants_negative", "activities", {**VISIT, "participants": -3},
     (2, "参与人数", "超出范围（应在 0 到 1,000,000 之间）")),
    ("activity_id_9.3e18", "activities", {**VISIT, "activity_id": "9300000000000000000"},
     (2, "活动编号", "超出范围（应在 1 到 999,999,999,999,999 之间）")),
    ("issue_id_1e16", "issues", {**ISSUE, "issue_id": "10000000000000000"},
     (2, "问题编号", "超出范围（应在 1 到 999,999,999,999,999 之间）")),
    ("nul_in_a_name", "projects", {**PROJECT, "name": "路\x00灯"},
     (2, "项目名称", "含有不可见的控制字符（显示为 □），请删除后再导入")),
    ("ansi_escape_in_a_summary", "issues", {**ISSUE, "summary": "\x1b[2J\x1b[H全部导入成功"},
     (2, "问题摘要", "含有不可见的控制字符（显示为 □），请删除后再导入")),
]


def ledger_file(table: str, record: dict) -> tuple[str, bytes]:
    """An xlsx ledger; a CSV when a cell holds control characters (openpyxl refuses to write them)."""
    if any(isinstance(v, str) and CONTROL.search(v) for v in record.values()):
        rows = [headers(table), [record.get(c.name) for c in LEDGERS[table].columns]]
        return f"{table}.csv", csv_file(rows)
    return f"{table}.xlsx", table_xlsx(table, [record])


@pytest.mark.parametrize("case, table, record, expected", OUT_OF_RANGE, ids=[c[0] for c in OUT_OF_RANGE])
def test_a_value_outside_what_the_database_holds_is_a_row_problem_not_a_traceback(
        county_db, case, table, record, expected):
    before = sha256(county_db)
    report = run_import(county_db, *ledger_file(table, record), table)
    assert found(report) == [expected]
    assert not report.written and sha256(county_db) == before


def test_a_csv_cell_over_the_csv_modules_limit_is_a_row_problem(county_db):
    """A 200,000-character cell (over csv's 131,072 default) is a row problem naming the limit."""
    record = {**PROJECT, "name": "灯" * 200_000}
    rows = [headers("projects"), [record.get(c.name) for c in LEDGERS["projects"].columns]]
    report = run_import(county_db, "projects.csv", csv_file(rows), "projects")
    assert found(report) == [(2, "项目名称", f"内容过长（200,000 个字符），一个单元格最多 "
                                         f"{settings.INGEST_MAX_TEXT:,} 个字符")]
    assert len(report.problems["cell_value"][0]) == 51  # the error list shows the start of the cell


def test_every_number_column_has_bounds_that_fit_its_schema_type():
    """The bounds are the one place the write's limits live: each int and money column has both,
    inside the schema.sql type (integer, smallint, tinyint, bigint read through a float, decimal)."""
    schema = settings.SCHEMA_FILE.read_text(encoding="utf-8")
    fits = {"integer": 2**31 - 1, "smallint": 2**15 - 1, "tinyint": 127, "bigint": 2**53,
            "decimal(14, 2)": 10**12}
    for ledger in LEDGERS.values():
        body = re.search(rf"create table {ledger.table} \((.*?)\n\);", schema, re.S).group(1)
        for column in ledger.columns:
            if column.kind in ("int", "money"):
                kind = re.search(rf"\n\s+{column.name}\s+(\w+(?:\(\d+, \d+\))?)", body).group(1)
                assert column.low is not None and column.high is not None, (ledger.table, column.name)
                assert -fits[kind] <= column.low <= column.high < fits[kind], (ledger.table, column.name)


def test_a_full_disk_is_a_chinese_refusal_and_nothing_is_written(county_db, monkeypatch):
    """ENOSPC during the write: one Chinese sentence (no traceback), the database unchanged."""
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write, "_apply", full)
    before = sha256(county_db)
    report = run_import(county_db, "projects.xlsx", table_xlsx("projects", [PROJECT]), "projects")
    assert report.refused.startswith("磁盘空间已满")
    assert "Traceback" not in report.text() and not report.written
    assert sha256(county_db) == before


def test_duckdbs_own_disk_full_error_gets_the_same_refusal(county_db, monkeypatch):
    def full(*args, **kwargs):
        raise duckdb.IOException("IO Error: Could not write file: No space left on device")

    monkeypatch.setattr(write, "_apply", full)
    report = run_import(county_db, "projects.xlsx", table_xlsx("projects", [PROJECT]), "projects")
    assert report.refused.startswith("磁盘空间已满")


def test_problem_frames_keep_their_columns(county_db):
    """The error workbook reads these columns (a sanity check on the new problems' shape)."""
    report = run_import(county_db, *ledger_file("projects", {**PROJECT, "name": "路\x07灯"}), "projects")
    assert list(report.problems.columns) == ["sheet", "row_number", "column_header", "cell_value", "reason"]
    assert report.problems["cell_value"][0] == "路□灯" and isinstance(report.problems, pd.DataFrame)
