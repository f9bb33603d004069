"""No traceback ever reaches a browser or a command-line user: a Chinese message with a reference
number, the traceback in the log under that number."""

import os
import re
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from sanlian import build, console, failures, settings, snapshot
from sanlian.ingest import cli
from tests.test_pages import run_page

REFERENCE = re.compile(r"参考编号 ([0-9a-f]{8})")
LEAKS = ("Traceback", 'File "', "/")


def screen_text(at: AppTest) -> str:
    """Every text element's value on the page (main area and sidebar)."""
    parts = []
    for kind in ("error", "warning", "info", "markdown", "caption", "text", "title", "exception"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    return "\n".join(parts)


def assert_chinese_without_leaks(text: str) -> None:
    assert re.search(r"[\u4e00-\u9fff]", text), text
    for leak in LEAKS:
        assert leak not in text, text


def test_an_error_after_frame_shows_a_chinese_message_and_a_reference_and_logs_the_traceback(
        sample_db, use_db, tmp_path, expected_failures):
    use_db(tmp_path / "sample.duckdb").write_bytes(sample_db.read_bytes())
    script = ("from sanlian.frame import frame\n"
              "frame('总览', ':material/dashboard:')\n"
              "raise RuntimeError('/srv/secret/path.py exploded')\n")
    at = AppTest.from_string(script, default_timeout=60).run()
    assert not at.exception
    message = at.error[-1].value
    assert message == failures.page_message(REFERENCE.search(message).group(1))
    assert_chinese_without_leaks(message)
    [logged] = expected_failures
    assert REFERENCE.search(message).group(1) in logged.getMessage() and logged.exc_info


DAMAGED_USERS = {"garbage": "{not json at all", "wrong shape": "[1, 2, 3]", "binary": "\x00\x01PK"}


@pytest.mark.parametrize("case", DAMAGED_USERS)
def test_a_damaged_users_file_shows_a_signed_out_visitor_chinese_without_a_traceback(
        case, sample_db, use_db, tmp_path, monkeypatch, expected_failures):
    use_db(tmp_path / "sample.duckdb").write_bytes(sample_db.read_bytes())
    users_file = tmp_path / "users.json"
    users_file.write_text(DAMAGED_USERS[case], encoding="utf-8")
    os.chmod(users_file, 0o600)
    monkeypatch.setenv("SANLIAN_USERS", str(users_file))
    at = run_page("app.py")
    at.text_input(key="signin_name").input("张三")
    at.text_input(key="signin_password").input("password1")
    at = next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception
    assert REFERENCE.search(at.error[0].value)
    assert_chinese_without_leaks(screen_text(at))


@pytest.fixture
def half_database(sample_db, tmp_path):
    """The sample database cut in half (a copy interrupted by a full disk)."""
    content = sample_db.read_bytes()
    path = tmp_path / "half.duckdb"
    path.write_bytes(content[: len(content) // 2])
    return path


@pytest.mark.parametrize("path", ["app.py", "pages/visits.py"])
def test_a_half_truncated_database_shows_chinese_without_a_traceback(path, half_database, use_db,
                                                                      expected_failures):
    use_db(half_database)
    at = run_page(path)
    assert not at.exception and at.error
    assert_chinese_without_leaks(screen_text(at))


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], check=False, capture_output=True, text=True, cwd=settings.ROOT,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_the_users_command_on_a_damaged_users_file_says_so_in_chinese(tmp_path):
    users_file = tmp_path / "users.json"
    users_file.write_text("{not json", encoding="utf-8")
    done = run_cli("sanlian.users", "--users", str(users_file), "list")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("用户文件已损坏，无法读取")
    assert_chinese_without_leaks(done.stderr)


@pytest.mark.parametrize("command", [("sanlian.brief",), ("sanlian.ingest", "ledger.csv")])
def test_a_command_on_a_half_truncated_database_says_what_is_wrong_without_a_traceback(
        command, half_database, tmp_path):
    (tmp_path / "ledger.csv").write_text("组织编号,组织名称\nO1,甲\n", encoding="utf-8")
    args = [a if a != "ledger.csv" else str(tmp_path / a) for a in command]
    done = run_cli(*args, "--db", str(half_database), "--out" if command[0] == "sanlian.brief" else "--dry-run",
                   *([str(tmp_path / "b.pptx")] if command[0] == "sanlian.brief" else []),
                   env={"SANLIAN_LOG": str(tmp_path / "errors.log")})
    assert done.returncode == 1 and not done.stdout
    assert done.stderr.strip() == f"错误：{snapshot.OTHER_DUCKDB}"
    assert "请勿删除" in done.stderr
    assert_chinese_without_leaks(done.stderr)


def test_an_unexpected_error_in_a_command_exits_1_with_the_message(monkeypatch, capsys, tmp_path,
                                                                   expected_failures):
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("x\n1\n", encoding="utf-8")
    db = build.build(tmp_path / "db.duckdb", "empty")

    def boom(*args, **kwargs):
        raise RuntimeError("/srv/secret")

    monkeypatch.setattr(cli, "import_file", boom)
    assert cli.main([str(ledger), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == failures.cli_message(REFERENCE.search(err).group(1))
    [logged] = expected_failures
    assert logged.exc_info[1].args == ("/srv/secret",)


def test_the_command_line_escapes_control_characters_it_echoes():
    """A name carrying ANSI escapes cannot clear the terminal or print a line of its own."""
    crafted = "张三\x1b[2J\x1b[H全部导入成功\x00\u202e"
    assert console.printable(crafted) == "张三\\x1b[2J\\x1b[H全部导入成功\\x00\\u202e"
    assert console.printable("第一行\n\t第二行") == "第一行\n\t第二行"
