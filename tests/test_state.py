"""The state store on SQLite and on PostgreSQL: the audit log, import records, layouts, targets,
sessions and the sign-in throttle under 30 simultaneous guesses; and the move of an earlier
version's audit log and import records out of the data file."""

import os
import stat
import threading

import duckdb
import pytest

from sanlian import audit, auth, build, labels, settings, snapshot, state, users
from sanlian.audit import Event
from tests.state_stores import postgres_url, store_kind  # noqa: F401 (fixtures)


@pytest.fixture
def db(tmp_path, store_kind, use_db):
    """An empty database whose state store is the one under test (SQLite beside it, or PostgreSQL)."""
    return use_db(build.build(tmp_path / "sanlian.duckdb", "empty"))


def test_the_import_log_lists_the_newest_import_first_with_its_counts(db):
    store = state.open_store(db)
    state.record_import(store, "五月台账.xlsx", "activities", 120, "成功", "新增 120 行")
    state.record_import(store, "六月台账.xlsx", "issues", 0, "失败", "缺少必填列：提出日期")
    log = state.import_log(store)
    assert log["import_id"].tolist() == [2, 1]
    assert log[["file_name", "table_name", "row_count", "status"]].values.tolist() == [
        ["六月台账.xlsx", "issues", 0, "失败"], ["五月台账.xlsx", "activities", 120, "成功"]]
    assert log["imported_at"].dt.year.nunique() == 1


def test_a_layout_read_again_replaces_how_it_was_read_before(db):
    store = state.open_store(db)
    state.save_layouts(store, {"abc": {"kind": "issues", "columns": "{}", "supplied": "{}"}})
    state.save_layouts(store, {"abc": {"kind": "activities", "columns": '{"a": "b"}', "supplied": "{}"},
                               "def": {"kind": "orgs", "columns": "{}", "supplied": "{}"}})
    assert sorted((key, kind, columns) for key, kind, columns, *_ in state.layouts(store)) == [
        ("abc", "activities", '{"a": "b"}'), ("def", "orgs", "{}")]


def test_targets_are_todays_defaults_until_one_is_saved_with_who_and_when(db):
    defaults = {name: m.thresholds for name, m in labels.METRICS.items() if m.thresholds}
    assert state.load_targets() == defaults and defaults["closure_rate"] == (0.90, 0.75)
    state.save_target("closure_rate", 0.95, 0.8, "文员")
    state.save_target("closure_rate", 0.92, 0.7, "县长")
    targets = state.load_targets()
    assert targets["closure_rate"] == (0.92, 0.7)
    assert targets["on_time_rate"] == defaults["on_time_rate"] == (0.85, 0.70)
    saved = state.saved_targets()
    assert saved[["metric", "changed_by"]].values.tolist() == [["closure_rate", "县长"]]


def test_a_password_reset_ends_that_users_open_sessions_and_no_one_elses(db, tmp_path):
    path = tmp_path / "users.json"
    users.add("县长", "县级", [], "long-password", path)
    users.add("文员", "数据管理员", [], "long-password", path)
    store = state.open_store(db)
    mine, also_mine, theirs = (state.open_session(store, n) for n in ("县长", "县长", "文员"))
    users.reset("县长", "new-long-password", path, db)
    assert [state.session_is_open(store, s) for s in (mine, also_mine, theirs)] == [False, False, True]
    assert not state.session_is_open(store, None) and not state.session_is_open(store, "forged")


def test_a_handed_over_code_gives_the_session_token_once_and_an_old_session_expires(db, monkeypatch):
    store = state.open_store(db)
    token = state.open_session(store, "县长")
    code = state.hand_over(store, token)
    assert state.handoff_waiting(store, code) and code != token
    assert [state.take_handoff(store, code), state.take_handoff(store, code)] == [token, None]
    assert not state.handoff_waiting(store, code) and state.take_handoff(store, "forged") is None
    assert state.session_user(store, token) == "县长"
    assert token not in str(store.rows("select * from sessions"))  # only its digest is kept
    monkeypatch.setattr(settings, "SESSION_HOURS", 0)  # every session is older than the limit
    assert state.session_user(store, token) is None and not state.session_is_open(store, token)


def _guess_at_once(names: list[str], address: str, log) -> list[str]:
    """Every name guessed in its own thread, all released together; the messages they got."""
    start, answers, failures = threading.Barrier(len(names)), [], []

    def guess(name: str) -> None:
        start.wait()
        try:
            answers.append(auth.attempt(name, "wrong-password", log, address)[1])
        except Exception as exc:  # a guess that fails (e.g. a busy store) would be a page error
            failures.append(exc)

    threads = [threading.Thread(target=guess, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == [] and len(answers) == len(names)
    return answers


def test_thirty_guesses_at_once_check_only_the_allowed_five_passwords(db, tmp_path, monkeypatch):
    path = tmp_path / "users.json"
    users.add("县长", "县级", [], "long-password", path)
    monkeypatch.setenv("SANLIAN_USERS", str(path))
    events = []
    answers = _guess_at_once(["县长"] * 30, "10.0.0.7", lambda user, event, detail: events.append(event))
    assert answers.count("用户名或密码不正确。") == settings.SIGNIN_MAX_FAILURES == 5
    assert sum("次数过多" in a for a in answers) == 25
    assert sorted(events) == sorted([Event.SIGN_IN_FAILED] * 5 + [Event.SIGN_IN_LOCKED] * 25)
    assert auth.attempt("县长", "long-password", lambda *a: None, "10.0.0.8")[0] is None  # still locked


def test_one_address_guessing_many_names_at_once_is_stopped_at_its_limit(db, tmp_path, monkeypatch):
    monkeypatch.setenv("SANLIAN_USERS", str(tmp_path / "users.json"))
    users.add("县长", "县级", [], "long-password", tmp_path / "users.json")
    answers = _guess_at_once([f"用户{i}" for i in range(30)], "10.0.0.9", lambda *a: None)
    assert answers.count("用户名或密码不正确。") == settings.SIGNIN_MAX_PER_ADDRESS == 20
    user, error = auth.attempt("县长", "long-password", lambda *a: None, "10.0.0.9")
    assert user is None and "次数过多" in error
    assert auth.attempt("县长", "long-password", lambda *a: None, "10.0.0.10")[0].name == "县长"


def earlier_version_database(path):
    """A database as the version before the state store left it: the audit log, import records and
    layouts in the data file, written with that version's statements."""
    build.build(path, "empty")
    with duckdb.connect(str(path)) as con:
        for user, event, detail in [("命令行", "新增用户", "旧管理员：数据管理员，全县"),
                                    ("旧管理员", "登录成功", "数据管理员 · 全县")]:
            con.execute("insert into audit_log (\"at\", user_name, event, page, detail) "
                        "values (timestamp '2026-01-05 09:00:00', ?, ?, 'sanlian.users', ?)", [user, event, detail])
        con.execute("insert into imports values (1, timestamp '2026-01-06 10:00:00', '一月台账.xlsx', 'issues', 12, "
                    "'成功', '新增 12 行，更新 0 行，未变化 0 行')")
        con.execute("insert into import_layouts values ('342e17176abefe63c84e', 'issues', '{}', "
                    "'{\"规模\": \"一般\"}', timestamp '2026-01-06 10:00:00')")
    return path


def test_an_earlier_versions_audit_log_and_imports_move_to_the_store_once_and_whole(tmp_path, store_kind):
    path = earlier_version_database(tmp_path / "old.duckdb")
    store = state.open_store(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert state.move_legacy(store, con)
        assert not state.move_legacy(store, con)  # a second start, or a second process
    log = audit.read(store)
    assert log[["user_name", "event"]].values.tolist() == [["旧管理员", "登录成功"], ["命令行", "新增用户"]]
    assert str(log["at"].iloc[0]) == "2026-01-05 09:00:00"
    imports = state.import_log(store)
    assert imports[["file_name", "row_count", "status"]].values.tolist() == [["一月台账.xlsx", 12, "成功"]]
    assert [(k, kind, supplied) for k, kind, _, supplied, _ in state.layouts(store)] == [
        ("342e17176abefe63c84e", "issues", '{"规模": "一般"}')]


def test_data_snapshots_and_state_are_private_to_their_owner(db):
    store = state.open_store(db)
    audit.record(store, "张三", Event.SIGN_IN)
    files = [snapshot.current(db), snapshot.folder(db)]
    if store.kind == "sqlite":
        files.append(db.with_name("sanlian.state.sqlite"))
    for path in files:
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0, path


def test_only_the_configured_number_of_earlier_snapshots_is_kept(db, monkeypatch):
    monkeypatch.setenv("SANLIAN_KEEP_SNAPSHOTS", "2")
    for _ in range(4):
        build.build(db, "empty")
    kept = snapshot.history(db)
    assert [s.is_current for s in kept] == [True, False, False]
    assert kept[0].path == snapshot.current(db)
