"""The users file's permissions, and a way out for every account."""

import logging
import os
import shutil
import stat

from sanlian import auth, users
from tests.test_auth import PASSWORD, as_user, open_page, users_template, world  # noqa: F401 (fixtures)


def test_the_users_command_creates_the_file_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "home" / "users.json"
    users.add("张三", "县级", [], PASSWORD, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_users_file_others_can_read_is_warned_about_in_the_log(world, tmp_path, caplog):
    """On the sample data the app still opens (the sign-in form), with a warning in the log."""
    path = tmp_path / "users.json"
    os.chmod(path, 0o644)
    users.warn_exposed.cache_clear()
    with caplog.at_level(logging.WARNING, logger="sanlian.users"):
        at = open_page()
    assert at.text_input and not at.error
    assert any("其他账户可以读取" in r.getMessage() and "644" in r.getMessage() for r in caplog.records)


def test_the_app_refuses_imported_data_while_the_users_file_is_readable_by_others(
        world, fixture_db, tmp_path):
    shutil.copy(fixture_db, world)  # the hand-made fixture is imported data
    path = tmp_path / "users.json"
    os.chmod(path, 0o644)
    at = open_page()
    assert not at.text_input and "用户文件的权限不安全" in at.error[0].value
    assert str(path) not in at.error[0].value
    os.chmod(path, 0o600)
    at = open_page()
    assert at.text_input and not at.error


def test_a_presentation_account_can_sign_out_from_the_header(world):
    """展示 accounts always present (no sidebar on screen): 退出登录 sits with the header controls."""
    at = as_user("大屏", "pages/visits.py")
    assert at.session_state["present"] is True
    sign_out = next(b for b in at.main.button if b.label == "退出登录")
    at = sign_out.click().run()
    assert at.text_input(key="signin_name") is not None
    assert auth.SESSION_KEY not in at.session_state or at.session_state[auth.SESSION_KEY] is None
