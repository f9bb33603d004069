"""Read-only snapshots with the app running: the command line imports and rebuilds beside an open
app, the app switches between two clicks and keeps its audit log, a 数据管理员 restores an earlier
version, and an earlier version's database brings its audit log and import records along."""

import os
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from sanlian import audit, settings, snapshot, state
from tests.ingest_files import activities_csv
from tests.ingest_files.databases import county_db, county_db_template  # noqa: F401 (fixtures)
from tests.test_pages import run_page
from tests.test_state import earlier_version_database

pytestmark = pytest.mark.usefixtures("admin_session")  # imported data needs sign-in
YEAR_2024 = {"from": "2024-01-01", "to": "2024-12-31"}


def visits(at: AppTest) -> int:
    return int(next(m.value for m in at.metric if m.label == "党员走访户次").replace(",", ""))


def cli(*args: str, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=settings.ROOT, capture_output=True, text=True,
                          env={**os.environ, "SANLIAN_DB": str(db)}, timeout=300, check=False)


def test_a_command_line_import_while_the_app_serves_shows_after_the_swap(county_db, use_db, tmp_path):
    use_db(county_db)
    at = run_page("app.py", **YEAR_2024)
    before = visits(at)
    upload = tmp_path / "visits.csv"
    upload.write_bytes(activities_csv(3))
    importing = subprocess.Popen([sys.executable, "-m", "sanlian.ingest", str(upload), "--table", "activities"],
                                 cwd=settings.ROOT, env={**os.environ, "SANLIAN_DB": str(county_db)},
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    during = visits(at.run())  # the page answers while the import writes its snapshot
    _, err = importing.communicate(timeout=300)
    assert importing.returncode == 0, err
    assert during in (before, before + 3)  # the old numbers or the new ones, never a mix
    assert visits(at.run()) == before + 3
    log = audit.read(state.open_store(county_db), ["导入"])
    assert log[["user_name", "page"]].values.tolist() == [["命令行", "sanlian.ingest"]]
    assert "visits.csv" in log.iloc[0]["detail"]


def test_a_forced_empty_rebuild_beside_the_app_keeps_the_audit_log_and_the_app_follows(county_db, use_db):
    use_db(county_db)
    at = run_page("app.py", **YEAR_2024)
    assert visits(at) > 0
    assert cli("sanlian.build", "--empty", "--force", db=county_db).returncode == 0
    at.run()
    assert not at.exception and not at.metric and "没有数据" in at.info[0].value  # the empty data, at once
    events = audit.read(state.open_store(county_db))["event"].tolist()
    assert events[0] == "查看页面" and "重建数据库" in events and events[-1] == "查看页面"
    assert cli("sanlian.brief", "--out", str(county_db.with_name("brief.pptx")), db=county_db).returncode == 0
    assert audit.read(state.open_store(county_db))["event"].iloc[0] == "生成汇报材料"


def test_a_data_clerk_restores_an_earlier_version_from_the_data_page(county_db, use_db):
    use_db(county_db)
    before = visits(run_page("app.py", **YEAR_2024))
    assert cli("sanlian.build", "--empty", "--force", db=county_db).returncode == 0
    at = run_page("pages/data.py")
    restore = [b for b in at.button if b.label == "恢复到此版本"]
    assert len(restore) == 1 and any("（当前版本）" in m.value for m in at.markdown)
    restore[0].click().run()
    assert visits(run_page("app.py", **YEAR_2024)) == before
    assert len(snapshot.history(county_db)) == 3
    log = audit.read(state.open_store(county_db), ["恢复数据版本"])
    assert log["user_name"].tolist() == ["测试管理员"] and "的版本" in log["detail"].iloc[0]


def test_an_earlier_versions_database_shows_its_audit_log_and_imports_in_the_app(tmp_path, use_db):
    use_db(earlier_version_database(tmp_path / "old.duckdb"))
    at = run_page("pages/audit.py")
    shown = at.dataframe[0].value
    assert {"新增用户", "登录成功"} <= set(shown["事件"]) and "旧管理员" in set(shown["用户"])
    at = run_page("pages/data.py")
    log = next(d.value for d in at.dataframe if "台账" in d.value.columns)
    assert len(log) == 1 and "一月台账.xlsx" in log.astype(str).to_numpy()
