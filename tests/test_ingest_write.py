"""Writing ledgers: round trip, idempotent re-import, updates, all-or-nothing under a kill, the CLI."""

import os
import signal
import subprocess
import sys
import time

import duckdb
import pandas as pd
import pytest

from sanlian import build, export, ingest, settings, snapshot, state
from sanlian.ingest.ledgers import LEDGERS
from sanlian.ingest.workbooks import dataset_xlsx, table_csv, table_frames, template_xlsx
from tests.ingest_files import BASE, activities_csv, as_rows, csv_file, headers, ledger_xlsx, table_xlsx
from tests.ingest_files.databases import county_db, county_db_template, run_import, sha256  # noqa: F401 (fixtures)


def frames_of(path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(path), read_only=True) as con:
        return table_frames(con)


def assert_same_tables(left: dict, right: dict) -> None:
    for table in LEDGERS:
        pd.testing.assert_frame_equal(left[table].reset_index(drop=True),
                                      right[table].reset_index(drop=True), check_dtype=False,
                                      obj=table)


def empty_twin(source, target):
    """A database with only the source's geography, marked empty."""
    with duckdb.connect(str(target)) as con:
        con.execute(settings.SCHEMA_FILE.read_text(encoding="utf-8"))
        con.execute(f"attach '{source}' as src (read_only)")
        con.execute("insert into townships select * from src.townships; "
                    "insert into villages select * from src.villages; "
                    "insert into meta select 2, 'empty', now(), null, null; detach src")
        build.refresh_derived(con)
    return target


def test_export_then_reimport_gives_the_same_tables(fixture_db, tmp_path):
    """The whole-dataset workbook, imported as a whole into an empty twin, reproduces every table."""
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        workbook = dataset_xlsx(table_frames(con), masked=False)
    twin = empty_twin(fixture_db, tmp_path / "twin.duckdb")
    report = run_import(twin, "全部数据.xlsx", workbook, "all")
    assert report.written, report.text()
    assert_same_tables(frames_of(fixture_db), frames_of(twin))


def test_a_single_table_csv_export_imports_back_unchanged(county_db):
    """The 导出 CSV of one table is a valid ledger: re-importing it changes nothing."""
    csv = table_csv("issues", frames_of(county_db)["issues"], masked=False)
    report = run_import(county_db, "民情问题.csv", csv, "issues")
    assert report.written and report.counts[0].unchanged == 1


def test_reimporting_the_same_file_changes_nothing(county_db):
    """Same file twice: every row unchanged the second time, tables equal."""
    before = frames_of(county_db)
    report = run_import(county_db, "base.xlsx", ledger_xlsx(BASE), "all")
    assert [c.inserted + c.updated for c in report.counts] == [0] * len(BASE)
    assert_same_tables(before, frames_of(county_db))


def test_a_key_already_in_the_database_updates_the_row_even_when_referenced(county_db):
    """Leader L1 is referenced by a stationing: renaming him is an update, not an FK error."""
    leader = {**BASE["leaders"][0], "post": "原县委书记"}
    report = run_import(county_db, "leaders.xlsx", table_xlsx("leaders", [leader]), "leaders")
    assert (report.counts[0].inserted, report.counts[0].updated) == (0, 1)
    assert frames_of(county_db)["leaders"].loc[0, "post"] == "原县委书记"


def test_a_column_left_out_keeps_its_stored_values(county_db):
    """A members file without 电话 updates the name and keeps the phone number."""
    rows = [["党员编号", "姓名", "组织编号"], ["M1", "邓国斌（老邓）", "O1"]]
    run_import(county_db, "members.csv", csv_file(rows), "members")
    member = frames_of(county_db)["members"].iloc[0]
    assert (member["name"], member["phone"]) == ("邓国斌（老邓）", "13800000001")


def test_moving_a_referenced_member_to_another_org_is_refused_before_writing(county_db):
    """DuckDB cannot update a foreign key of a referenced row: a clear problem, file unchanged."""
    before = sha256(county_db)
    rows = [["党员编号", "姓名", "组织编号"], ["M1", "邓国斌", "O2"]]
    report = run_import(county_db, "members.csv", csv_file(rows), "members")
    assert list(report.problems["row_number"]) == [2]
    assert report.problems.loc[0, "reason"].startswith("已有其他记录引用此党员编号，导入时不能更改其组织编号")
    assert sha256(county_db) == before


def test_moving_an_unreferenced_household_to_another_village_is_an_update(county_db):
    """Nothing references H2 yet, so its village may change."""
    home = {"household_id": "H2", "village_code": "安水村", "head_name": "甲"}
    run_import(county_db, "h.xlsx", table_xlsx("households", [home]), "households")
    report = run_import(county_db, "h.xlsx", table_xlsx("households", [{**home, "village_code": "总村"}]),
                        "households")
    assert report.written and report.counts[0].updated == 1


def test_an_import_is_logged_and_marks_the_database_imported(county_db):
    """One imports row per table with the counts; dataset_kind becomes 'imported'."""
    run_import(county_db, "orgs.csv", csv_file([headers("orgs"), ["O7", "甲", "乙", "党委"]]), "orgs")
    log = state.import_log(state.open_store(county_db))
    with duckdb.connect(str(county_db), read_only=True) as con:
        kind = con.execute("select dataset_kind from meta").fetchone()[0]
    assert tuple(log.iloc[0][["file_name", "table_name", "row_count", "status", "message"]]) == (
        "orgs.csv", "orgs", 1, "成功", "新增 1 行，更新 0 行，未变化 0 行")
    assert kind == "imported"


def test_a_dry_run_reports_the_counts_and_leaves_the_file_unchanged(county_db):
    """--dry-run semantics: counts computed inside a rolled-back transaction."""
    before = sha256(county_db)
    report = run_import(county_db, "a.csv", activities_csv(3), "activities", dry_run=True)
    assert report.ok and not report.written and report.counts[0].inserted == 3
    assert sha256(county_db) == before


def test_formula_looking_text_is_stored_as_text_and_exported_defused(county_db):
    """=cmd|… in a CSV note stays text in the db and gets an apostrophe in exports, undone on re-import.
    (In a workbook such a cell is a formula, and its saved value is what is read.)"""
    visit = {**BASE["activities"][0], "activity_id": 2, "note": "=HYPERLINK(\"http://x\")"}
    run_import(county_db, "a.csv", csv_file([headers("activities"), *as_rows("activities", [visit])]), "activities")
    stored = frames_of(county_db)["activities"].set_index("activity_id").loc[2, "note"]
    assert stored == visit["note"]
    csv = table_csv("activities", frames_of(county_db)["activities"], masked=False)
    assert "'=HYPERLINK" in csv.decode("utf-8-sig")
    assert run_import(county_db, "a.csv", csv, "activities").counts[0].unchanged == 2


def test_a_valid_50000_row_file_is_imported_in_one_go(county_db):
    """The big file: 50,000 visits in one transaction, within a generous time bound."""
    started = time.monotonic()
    report = run_import(county_db, "visits.csv", activities_csv(50_000), "activities")
    seconds = time.monotonic() - started
    assert report.written and report.counts[0].inserted == 50_000
    assert seconds < 60, f"50,000 rows took {seconds:.1f} s"
    print(f"\n50,000-row CSV import: {seconds:.1f} s")


KILLER = """
import sys, time
from pathlib import Path
from sanlian import ingest
from sanlian.ingest import write as ingest_write
real = ingest_write._insert_new
def slow(cur, table, columns):
    real(cur, table, columns)
    print("WRITING", flush=True)
    time.sleep(60)
ingest_write._insert_new = slow
ingest.import_file(Path(sys.argv[1]), "visits.csv", open(sys.argv[2], "rb").read(), "activities")
"""


def test_an_import_killed_mid_snapshot_write_leaves_the_current_snapshot_intact(county_db, tmp_path):
    """SIGKILL while the new snapshot is being written: the data file still reads the old tables, the
    next import goes ahead (the killed writer's lock is gone) and clears its leftover work file."""
    run_import(county_db, "orgs.csv", csv_file([headers("orgs"), ["O7", "甲", "乙", "党委"]]), "orgs")
    before, current = frames_of(county_db), snapshot.current(county_db)
    upload = tmp_path / "visits.csv"
    upload.write_bytes(activities_csv(20_000))
    child = subprocess.Popen([sys.executable, "-c", KILLER, str(county_db), str(upload)],
                             cwd=settings.ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "WRITING"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert snapshot.current(county_db) == current
    assert_same_tables(before, frames_of(county_db))
    assert run_import(county_db, "visits.csv", activities_csv(3), "activities").written
    assert not list(snapshot.folder(county_db).glob(".writing-*"))
    assert state.import_log(state.open_store(county_db))["table_name"].tolist()[:2] == ["activities", "orgs"]


def test_every_template_has_the_headers_an_example_row_and_notes(county_db):
    """A template's header row is recognised in full and its notes list every column."""
    for table, ledger in LEDGERS.items():
        content = template_xlsx(ledger)
        report = ingest.check(duckdb.connect(str(county_db), read_only=True), "t.xlsx", content, table)
        assert not (report.problems["reason"] == "缺少必填列").any(), table
        assert len(report.checked[0].frame) == 1 and not report.warnings
        notes = pd.read_excel(pd.io.common.BytesIO(content), sheet_name="填写说明", header=2)
        assert list(notes["列名"]) == [c.header for c in ledger.columns]


def test_problems_export_as_a_workbook_with_chinese_headers(county_db):
    """The error workbook a clerk downloads: one row per problem, Chinese headers."""
    report = run_import(county_db, *("orgs.csv", csv_file([headers("orgs"), ["O9", "", "乙", "x"]])),
                        "orgs")
    sheet = pd.read_excel(pd.io.common.BytesIO(export.xlsx_bytes({"错误清单": report.problems})))
    assert list(sheet.columns) == ["工作表", "行号", "列", "内容", "问题"]
    assert list(sheet["行号"]) == [2, 2]


@pytest.mark.parametrize("args, code", [
    (["--table", "orgs"], 0),
    (["--table", "orgs", "--dry-run"], 0),
    (["--table", "members"], 1),
    (["--table", "no_such_ledger"], 1),
])
def test_cli_exit_codes(county_db, tmp_path, capsys, args, code):
    """0 valid (written or dry run), 1 problems or unknown ledger."""
    upload = tmp_path / "orgs.csv"
    upload.write_bytes(csv_file([headers("orgs"), ["O7", "县教育局党支部", "县教育局", "党支部"]]))
    assert ingest.main([str(upload), "--db", str(county_db), *args]) == code
    out = capsys.readouterr()
    assert ("已导入" in out.out or "试运行" in out.out) if code == 0 else "未写入" in out.err


def test_cli_runs_as_a_module_and_reads_sanlian_db(county_db, tmp_path):
    """`python -m sanlian.ingest` with $SANLIAN_DB: a bad file exits 1 with the report in Chinese."""
    upload = tmp_path / "orgs.csv"
    upload.write_bytes(csv_file([headers("orgs"), ["O7", "", "县教育局", "党支部"]], "gbk"))
    done = subprocess.run([sys.executable, "-m", "sanlian.ingest", str(upload), "--table", "机关党组织"],
                          cwd=settings.ROOT, env={**os.environ, "SANLIAN_DB": str(county_db)},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "第 2 行「组织名称」：必填，不能为空" in done.stderr


def test_whole_dataset_exports_mask_people_unless_asked(county_db):
    with duckdb.connect(str(county_db), read_only=True) as con:
        frames = table_frames(con)
    names = set(frames["households"]["head_name"]) | set(frames["members"]["name"])
    masked = table_csv("households", frames["households"]).decode("utf-8-sig")
    assert not [n for n in names if len(n) >= 2 and n in masked]
    unmasked = table_csv("households", frames["households"], masked=False).decode("utf-8-sig")
    assert [n for n in names if n in unmasked]
