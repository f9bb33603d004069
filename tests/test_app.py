"""The home page (总览) in AppTest: it renders, follows the filter and agrees with direct SQL."""

import subprocess
import sys

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from sanlian import build, settings

pytestmark = pytest.mark.usefixtures("admin_session")  # imported data needs sign-in


APP = str(settings.ROOT / "app.py")


def run_app(**query_params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    return at.run()


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_home_page_shows_the_fixture_numbers_for_one_township(fixture_db, use_db):
    use_db(fixture_db)
    at = run_app(town="甲镇", **{"from": "2024-01-01", "to": "2024-06-30"})
    assert not at.exception
    values = metric_values(at)
    # By hand from tests/fixture.sql: 甲镇 has V11 (O1, O2) and V12 (none) as 村委会.
    assert values["结对机关党组织（时点）"] == "2"
    assert values["村结对覆盖率（时点）"] == "50.0%"
    assert values["民情收集量"] == "3"
    assert values["办结率"] == "66.7%"
    assert values["党员走访户次"] == "6"


def test_home_page_keeps_the_filter_in_the_url(fixture_db, use_db):
    use_db(fixture_db)
    at = run_app(town="甲镇", link="3")
    assert at.query_params["town"] in ("甲镇", ["甲镇"])
    assert at.query_params["link"] in ("3", ["3"])
    assert "甲镇" in at.caption[0].value


def test_an_unknown_township_in_the_url_is_dropped_with_a_notice(fixture_db, use_db):
    use_db(fixture_db)
    at = run_app(town="火星镇")
    assert not at.exception
    assert any("火星镇" in w.value for w in at.warning)
    assert "town" not in at.query_params


def test_a_filter_matching_nothing_shows_a_friendly_empty_state(fixture_db, use_db):
    use_db(fixture_db)
    at = run_app(**{"from": "2020-01-01", "to": "2020-12-31"})
    assert not at.exception
    assert at.info and "没有数据" in at.info[0].value


def test_a_file_that_is_not_duckdb_gets_a_chinese_error_and_is_kept(tmp_path, use_db):
    path = use_db(tmp_path / "broken.duckdb")
    path.write_bytes(b"not a database at all")
    at = run_app()
    message = at.error[0].value
    assert "不是 DuckDB 数据库" in message and "请勿删除" in message and "python -m sanlian.build" in message
    assert "删除或改名" not in message and str(tmp_path) not in message and "Traceback" not in message
    assert path.read_bytes() == b"not a database at all"


HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("HOLDING", flush=True)
time.sleep(120)
"""


def test_a_healthy_file_held_by_another_writer_is_called_busy_never_damaged(fixture_db, tmp_path, use_db):
    path = use_db(tmp_path / "held.duckdb")
    path.write_bytes(fixture_db.read_bytes())
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "HOLDING"
        message = run_app().error[0].value
    finally:
        holder.kill()
        holder.wait()
    assert "正被另一个程序" in message and "文件本身完好" in message and "请勿删除" in message
    assert "不是" not in message and "损坏" not in message.replace("没有损坏", "")
    assert str(tmp_path) not in message and "Traceback" not in message
    assert not run_app().error  # once the writer is gone the same file opens


def test_derived_tables_of_an_older_program_are_recomputed_and_the_data_kept(fixture_db, tmp_path,
                                                                              use_db):
    path = use_db(tmp_path / "older.duckdb")
    path.write_bytes(fixture_db.read_bytes())
    with duckdb.connect(str(path)) as con:  # as the previous version left it: a view, no macros
        con.execute("drop table derived_info; drop macro table pairs_on;"
                    "drop table member_household_pairs;"
                    " create view member_household_pairs as "
                    "select mh.*, m.org_id, h.village_code, v.township_code from member_households mh "
                    "join members m using (member_id) join households h using (household_id) "
                    "join villages v using (village_code)")
    fresh = metric_values(run_app(town="甲镇", **{"from": "2024-01-01", "to": "2024-06-30"}))
    use_db(fixture_db)
    assert fresh == metric_values(run_app(town="甲镇", **{"from": "2024-01-01", "to": "2024-06-30"}))
    with duckdb.connect(str(path), read_only=True) as con:
        assert not build.derived_is_stale(con)
        assert con.execute("select count(*) from member_household_pairs").fetchone()[0] == 5


def test_an_older_schema_version_is_reported_with_how_to_rebuild(fixture_db, tmp_path, use_db):
    path = use_db(tmp_path / "old.duckdb")
    path.write_bytes(fixture_db.read_bytes())
    with duckdb.connect(str(path)) as con:
        con.execute("update meta set schema_version = 0")
    at = run_app()
    message = at.error[0].value
    assert "结构版本为 0" in message and "不能自动升级" in message and "请勿删除" in message
    assert str(tmp_path) not in message and "删除或改名" not in message
    assert path.exists()


def test_the_app_connection_keeps_duckdb_within_the_memory_setting(fixture_db, monkeypatch):
    from sanlian import data

    monkeypatch.setattr(settings, "DUCKDB_MEMORY_LIMIT", "300MB")
    data.connection.clear()
    limit = data.connection(str(fixture_db)).execute("select current_setting('memory_limit')").fetchone()[0]
    data.connection.clear()
    assert limit == "286.1 MiB"  # 300 MB as DuckDB reports it
