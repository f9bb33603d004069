"""Roles and audit events are named once, with the values users files and audit logs already hold."""

import re
from datetime import datetime

import pytest

from sanlian import audit, settings, state
from sanlian.audit import EVENTS, Event
from sanlian.users import Role

CODE = sorted([settings.ROOT / "app.py", *(settings.ROOT / "pages").glob("*.py"),
               *(settings.ROOT / "sanlian").rglob("*.py")])


def test_stored_role_values_are_those_users_files_already_hold():
    assert [role.value for role in Role] == ["县级", "数据管理员", "乡镇", "展示"]


def test_stored_event_values_are_those_audit_logs_already_hold():
    assert [event.value for event in Event] == ["登录成功", "登录失败", "登录锁定", "退出登录", "查看页面", "导出", "下载汇报材料", "导入",
                                               "切换为真实数据", "拒绝访问", "新增用户", "停用用户", "启用用户", "重设密码",
                                               "重建数据库", "恢复数据版本", "生成汇报材料", "修改目标", "恢复登录"]
    assert tuple(Event) == EVENTS
    assert all(type(event) is str for event in EVENTS)  # the audit page's filter offers plain text


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(settings.ROOT)))
def test_every_event_the_code_records_by_its_text_is_an_audit_event(path):
    spelled = re.findall(r"(?:record|audit_recorder)\(\s*\"([^\"]+)\"", path.read_text(encoding="utf-8"))
    assert set(spelled) <= set(EVENTS)


def test_events_are_read_newest_first_by_kind_and_by_part_of_the_user_name(tmp_path):
    store = state.open_store(tmp_path / "d.duckdb")
    audit.record(store, "张三", Event.SIGN_IN, "", "县级 · 全县")
    audit.record(store, "李四", Event.EXPORT, "数据管理", "整本工作簿")
    audit.record(store, "张三丰", Event.EXPORT, "总览", "")
    log = audit.read(store)
    assert log["event_id"].tolist() == [3, 2, 1]
    assert log["event"].tolist() == ["导出", "导出", "登录成功"]
    assert audit.read(store, ["导出"], "张三")["user_name"].tolist() == ["张三丰"]
    assert log["at"].dt.year.tolist() == [datetime.now().year] * 3


def test_a_failed_audit_write_is_logged_as_a_warning_and_not_raised(tmp_path, caplog):
    store = state.open_store(tmp_path / "d.duckdb")
    store.rows("drop table audit_log")
    audit.record(store, "张三", Event.PAGE_VIEW, "总览")
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "audit log write failed" in caplog.text
