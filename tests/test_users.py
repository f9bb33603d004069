"""The users file and its command line: argon2 hashes only, roles, towns, disable/reset, audit."""

import io
import json
import stat

import pytest

from sanlian import audit, build, state, users


@pytest.fixture
def path(tmp_path):
    return tmp_path / "conf" / "users.json"


def test_add_stores_only_a_salted_argon2_hash_in_a_private_file(path):
    users.add("张三", "乡镇", ["马市镇"], "s3cret-pass", path)
    users.add("李四", "乡镇", ["马市镇"], "s3cret-pass", path)
    text = path.read_text(encoding="utf-8")
    assert "s3cret-pass" not in text
    raw = json.loads(text)["users"]
    assert raw["张三"]["password_hash"].startswith("$argon2id$")
    assert raw["张三"]["password_hash"] != raw["李四"]["password_hash"]  # salted
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = users.load(path)["张三"]
    assert loaded.role == "乡镇" and loaded.towns == ("马市镇",)
    assert users.verify_password(loaded, "s3cret-pass")
    assert not users.verify_password(loaded, "wrong-pass")
    assert not users.verify_password(None, "s3cret-pass")


@pytest.mark.parametrize("name, role, towns, password, message", [
    ("王五", "村级", [], "long-enough", "角色必须是"),
    ("王五", "乡镇", [], "long-enough", "至少一个乡镇"),
    ("王五", "乡镇", ["火星镇"], "long-enough", "火星镇"),
    ("王五", "县级", [], "short", "至少需要"),
    ("", "县级", [], "long-enough", "不能为空"),
])
def test_add_refuses_bad_users(path, name, role, towns, password, message):
    with pytest.raises(users.UserError, match=message):
        users.add(name, role, towns, password, path)
    assert not path.exists()


def test_disable_enable_and_reset(path):
    users.add("张三", "县级", [], "first-pass", path)
    assert users.disable("张三", path).disabled
    assert users.load(path)["张三"].disabled
    assert not users.enable("张三", path).disabled
    users.reset("张三", "second-pass", path)
    assert users.verify_password(users.load(path)["张三"], "second-pass")
    assert not users.verify_password(users.load(path)["张三"], "first-pass")
    with pytest.raises(users.UserError, match="没有用户"):
        users.disable("nobody", path)


def test_the_command_line_reads_the_password_from_stdin_and_logs_to_the_database(
        path, tmp_path, monkeypatch, capsys):
    db = build.build(tmp_path / "db.duckdb", "empty")
    monkeypatch.setattr("sys.stdin", io.StringIO("cli-password\n"))
    assert users.main(["--users", str(path), "--db", str(db), "add", "赵六", "--role", "乡镇",
                       "--town", "马市镇", "--town", "顿岗镇", "--password-stdin"]) == 0
    assert users.verify_password(users.load(path)["赵六"], "cli-password")
    assert users.main(["--users", str(path), "--db", str(db), "disable", "赵六"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("new-password\n"))
    assert users.main(["--users", str(path), "--db", str(db), "reset", "赵六", "--password-stdin"]) == 0
    assert users.main(["--users", str(path), "list"]) == 0
    out = capsys.readouterr().out
    assert "赵六\t乡镇\t马市镇、顿岗镇\t已停用" in out and "password" not in out
    rows = audit.read(state.open_store(db)).iloc[::-1][["user_name", "event", "detail"]].values.tolist()
    assert [r[1] for r in rows] == ["新增用户", "停用用户", "重设密码"]
    assert all(r[0] == "命令行" and "password" not in r[2] for r in rows)


def test_the_command_line_reports_errors_in_chinese(path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough\n"))
    assert users.main(["--users", str(path), "add", "王五", "--role", "乡镇", "--password-stdin"]) == 2
    assert "至少一个乡镇" in capsys.readouterr().err


def test_the_default_users_file_is_outside_the_repository(monkeypatch):
    from sanlian import settings
    monkeypatch.delenv("SANLIAN_USERS")
    assert settings.ROOT not in settings.users_path().parents
    assert settings.users_path().name == "users.json"
