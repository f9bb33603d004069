"""Shared fixtures: the hand-made fixture database and one built sample database per test run."""

import os
from datetime import date
from pathlib import Path

import duckdb
import pytest

from sanlian import build, settings

FIXTURE_SQL = Path(__file__).with_name("fixture.sql")
FIXTURE_AS_OF = date(2024, 6, 30)


def load_fixture(con: duckdb.DuckDBPyConnection) -> None:
    """Create the schema in `con`, insert the hand-made rows and derive the rest."""
    con.execute(settings.SCHEMA_FILE.read_text(encoding="utf-8"))
    con.execute(FIXTURE_SQL.read_text(encoding="utf-8"))
    build.refresh_derived(con)


@pytest.fixture(scope="session")
def fixture_con():
    """An in-memory database holding the hand-made fixture."""
    con = duckdb.connect()
    load_fixture(con)
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
