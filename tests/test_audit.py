"""Roles and audit events are named once, with the values users files and audit logs already hold."""

import re

import duckdb
import pytest

from sanlian import audit, settings
from sanlian.audit import EVENTS, Event
from sanlian.users import Role

CODE = sorted([settings.ROOT / "app.py", *(settings.ROOT / "pages").glob("*.py"),
               *(settings.ROOT / "sanlian").rglob("*.py")])


def test_stored_role_values_are_those_users_files_already_hold():
    assert [role.value for role in Role] == ["县级", "数据管理员", "乡镇", "展示"]


def test_stored_event_values_are_those_audit_logs_already_hold():
    assert [event.value for event in Event] == ["登录成功", "登录失败", "登录锁定", "退出登录", "查看页面", "导出", "下载汇报材料", "导入",
                                               "切换为真实数据", "拒绝访问", "新增用户", "停用用户", "启用用户", "重设密码"]
    assert tuple(Event) == EVENTS
    assert all(type(event) is str for event in EVENTS)  # the audit page's filter offers plain text


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(settings.ROOT)))
def test_every_event_the_code_records_by_its_text_is_an_audit_event(path):
    spelled = re.findall(r"(?:record|audit_recorder)\(\s*\"([^\"]+)\"", path.read_text(encoding="utf-8"))
    assert set(spelled) <= set(EVENTS)


def empty_database() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(settings.SCHEMA_FILE.read_text(encoding="utf-8"))
    return con


def test_restore_puts_back_the_rows_of_a_rebuilt_database_and_new_events_follow_them():
    before = empty_database()
    audit.record(before, "张三", Event.SIGN_IN, "", "县级 · 全县")
    audit.record(before, "张三", Event.EXPORT, "数据管理", "整本工作簿")
    rebuilt = empty_database()
    audit.restore(rebuilt, audit.entries(before))
    audit.record(rebuilt, "张三", Event.SWITCH_TO_REAL_DATA, "数据管理", "清空示例数据")
    log = audit.read(rebuilt)
    assert log["event_id"].tolist() == [3, 2, 1]
    assert log["event"].tolist() == ["切换为真实数据", "导出", "登录成功"]
    assert log["at"].tolist()[1:] == audit.read(before)["at"].tolist()


def test_a_failed_audit_write_is_logged_as_a_warning_and_not_raised(caplog):
    audit.record(duckdb.connect(), "张三", Event.PAGE_VIEW, "总览")  # no audit_log table
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "audit log write failed" in caplog.text
