"""Shared fixtures: the hand-made fixture database and one built sample database per test run."""

import logging
import os
from datetime import date
from pathlib import Path

import duckdb
import pytest

from sanlian import build, settings

FIXTURE_SQL = Path(__file__).with_name("fixture.sql")
FIXTURE_AS_OF = date(2024, 6, 30)

# The same world with its data cut on 12 June: what a county sees mid-month. M1 visits H2 on the
# cut day; H1's June visit (25th), the lecture (30th) and issue I5 (20th) have not happened yet.
MID_MONTH_AS_OF = date(2024, 6, 12)
MID_MONTH_CUT = """
delete from activities where activity_date > date '2024-06-12';
delete from issues where raised_date > date '2024-06-12';
insert into activities values
    (11, date '2024-06-12', 3, '走访', null, 'O1', 'M1', 'T1', 'V12', 'H2', 1, null, true, true, false);
"""


def load_fixture(con: duckdb.DuckDBPyConnection, extra_sql: str = "") -> None:
    """Create the schema in `con`, insert the hand-made rows (then `extra_sql`) and derive the rest."""
    con.execute(settings.SCHEMA_FILE.read_text(encoding="utf-8"))
    con.execute(FIXTURE_SQL.read_text(encoding="utf-8"))
    if extra_sql:
        con.execute(extra_sql)
    build.refresh_derived(con)


@pytest.fixture(scope="session")
def fixture_con():
    """An in-memory database holding the hand-made fixture."""
    con = duckdb.connect()
    load_fixture(con)
    yield con
    con.close()


@pytest.fixture(scope="session")
def mid_month_con():
    """The hand-made fixture with its data cut mid-month (as-of 2024-06-12)."""
    con = duckdb.connect()
    load_fixture(con, MID_MONTH_CUT)
    yield con
    con.close()


# The fixture with 县丙局党总支 (O3) re-paired with 三村 (V21) on 2024-06-10, after working there on
# 2024-03-15 under its old pairing (ended 03-31): on 06-30 it is paired for 20 days, so not silent.
REPAIRED = """
insert into org_villages values ('O3', 'V21', '牵头', date '2024-06-10', null);
insert into activities values
    (12, date '2024-03-15', 2, '共建活动', null, 'O3', null, 'T2', 'V21', null, 15, null, true, false, false);
"""


@pytest.fixture(scope="session")
def repaired_con():
    """The hand-made fixture with an org re-paired with a village it had served before."""
    con = duckdb.connect()
    load_fixture(con, REPAIRED)
    yield con
    con.close()


# The fixture with four more issues solved or raised in the period (for the example and category
# lists) and two import runs (for the import log).
BUSIER = """
insert into issues values
    (7, date '2024-06-30', 10, 1, 'T1', 'V11', null, '饮水用水', '自来水管老化', '重大', '县水务局',
        date '2024-07-30', date '2024-06-30', true, 4, false),
    (8, date '2024-06-01', 8, 2, 'T1', 'V11', null, '人居环境', '村道路灯不亮', '一般', '甲镇人民政府',
        date '2024-06-30', date '2024-06-10', true, 5, false),
    (9, date '2024-04-20', 7, 3, 'T1', 'V11', 'H1', '人居环境', '门前排水沟淤塞', '一般', '甲镇人民政府',
        date '2024-05-20', date '2024-05-01', true, 5, false),
    (10, date '2024-03-10', null, 3, 'T2', 'V21', null, '农业生产', '缺少烘干设备', '一般', '县农业农村局',
        date '2024-04-10', date '2024-04-01', true, null, false);
insert into imports values
    (1, timestamp '2024-06-01 09:00:00', '五月台账.xlsx', 'activities', 120, '成功', '导入 120 行'),
    (2, timestamp '2024-07-01 09:30:00', '六月台账.xlsx', 'issues', 0, '失败', '缺少必填列：提出日期');
"""


@pytest.fixture(scope="session")
def busier_con():
    """The hand-made fixture with more solved issues and an import log."""
    con = duckdb.connect()
    load_fixture(con, BUSIER)
    yield con
    con.close()


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """The hand-made fixture as a database file, for page tests."""
    path = tmp_path_factory.mktemp("fixture") / "fixture.duckdb"
    with duckdb.connect(str(path)) as con:
        load_fixture(con)
    return path


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The sample database at scale 1, built once per test run."""
    return build.build(tmp_path_factory.mktemp("sample") / "sanlian.duckdb", "sample")


@pytest.fixture
def use_db(monkeypatch):
    """Point the app (SANLIAN_DB) at a database file for one test."""
    def point(path: Path) -> Path:
        monkeypatch.setenv("SANLIAN_DB", str(path))
        return path
    return point


@pytest.fixture(autouse=True)
def _no_stray_db(monkeypatch, tmp_path):
    """Keep every test away from the developer's data/sanlian.duckdb and ~/.sanlian/users.json
    (no users file: the open demo mode, unless a test writes one)."""
    if "SANLIAN_DB" not in os.environ:
        monkeypatch.setenv("SANLIAN_DB", str(tmp_path / "unset.duckdb"))
    monkeypatch.setenv("SANLIAN_USERS", str(tmp_path / "no-users.json"))
    monkeypatch.setattr(settings, "SIGNIN_FAIL_DELAY", 0.0)
    from sanlian import auth
    auth.reset_throttle()


class _Collected(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def _unexpected_errors_fail_the_test(request):
    """Pages show an unexpected error as a Chinese message (sanlian.failures), not as a Streamlit
    exception that `at.exception` would list: any such error fails the test, unless the test asks
    for `expected_failures`."""
    from sanlian import failures

    collected = _Collected()
    failures.LOG.addHandler(collected)
    request.node.failures_seen = collected.records
    yield
    failures.LOG.removeHandler(collected)
    if collected.records and "expected_failures" not in request.fixturenames:
        pytest.fail("意外错误（sanlian.failures）：\n" + "\n".join(
            logging.Formatter().format(r) for r in collected.records))


@pytest.fixture
def expected_failures(request) -> list[logging.LogRecord]:
    """The unexpected errors the app logged during this test (the test expects some)."""
    return request.node.failures_seen


ADMIN = "测试管理员"


@pytest.fixture(scope="session")
def _admin_users_file(tmp_path_factory) -> Path:
    from sanlian import users
    path = tmp_path_factory.mktemp("users") / "users.json"
    users.add(ADMIN, "数据管理员", [], "admin-password", path)
    return path


@pytest.fixture
def admin_session(_admin_users_file, monkeypatch):
    """Sign-in configured and every AppTest already signed in as a 数据管理员 (the county view with
    imports) — for page tests written before sign-in existed, which look at imported data."""
    from streamlit.testing.v1 import AppTest

    from sanlian import auth

    monkeypatch.setenv("SANLIAN_USERS", str(_admin_users_file))
    original = AppTest.from_file.__func__

    def signed_in(cls, *args, **kwargs):
        at = original(cls, *args, **kwargs)
        at.session_state[auth.SESSION_KEY] = ADMIN
        return at

    monkeypatch.setattr(AppTest, "from_file", classmethod(signed_in))
