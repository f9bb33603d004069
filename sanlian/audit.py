"""The append-only audit log (table audit_log of the state store): who signed in, viewed, exported,
imported, rebuilt, changed users — in the app and on the command line.

Only this module writes the table, and it only ever inserts. Details never carry unmasked personal
data: page views record the filters (townships, dates, link), exports the file name, row count and
whether it was masked, imports the file name and row counts.
"""

import logging
from enum import StrEnum

import pandas as pd

from sanlian import state

MAX_TEXT = 500
logger = logging.getLogger(__name__)


class Event(StrEnum):
    """What an audit log row records; the value is what the table stores and the page shows."""

    SIGN_IN = "登录成功"
    SIGN_IN_FAILED = "登录失败"
    SIGN_IN_LOCKED = "登录锁定"
    SIGN_OUT = "退出登录"
    PAGE_VIEW = "查看页面"
    EXPORT = "导出"
    BRIEF_DOWNLOAD = "下载汇报材料"
    IMPORT = "导入"
    SWITCH_TO_REAL_DATA = "切换为真实数据"
    ACCESS_DENIED = "拒绝访问"
    USER_ADDED = "新增用户"
    USER_DISABLED = "停用用户"
    USER_ENABLED = "启用用户"
    PASSWORD_RESET = "重设密码"
    REBUILD = "重建数据库"
    RESTORE = "恢复数据版本"
    BRIEF = "生成汇报材料"
    TARGET_CHANGED = "修改目标"
    SESSION_RESUMED = "恢复登录"  # a new tab signed in by the browser's cookie (sanlian.server)


EVENTS = tuple(event.value for event in Event)  # plain strings, for the audit page's event filter


def _clip(text) -> str:
    return str(text or "")[:MAX_TEXT]


def record(store: state.Store, user: str, event: str, page: str = "", detail: str = "") -> None:
    """Append one event (never raises into the page: a failed audit write is logged, not fatal)."""
    try:
        store.rows("insert into audit_log (at, user_name, event, page, detail) values (?, ?, ?, ?, ?)",
                   [state.now(), _clip(user) or "（未知）", _clip(event), _clip(page), _clip(detail)])
    except Exception as exc:  # sqlite3 or psycopg errors, or an unreachable store
        logger.warning("audit log write failed: %s", exc)


def carry_over(run, rows: list[tuple]) -> None:
    """Insert, in a transaction of the store (`run`), the events an earlier version kept in the data
    file, as they were: (at, user_name, event, page, detail), oldest first."""
    for row in rows:
        run("insert into audit_log (at, user_name, event, page, detail) values (?, ?, ?, ?, ?)", row)


def read(store: state.Store, events: list[str] | None = None, user: str = "", limit: int = 5000) -> pd.DataFrame:
    """The newest events first, optionally only some kinds and one user name (substring)."""
    events = list(events or [])
    marks = ", ".join("?" * len(events))
    log = store.frame(
        "select event_id, at, user_name, event, page, detail from audit_log "
        f"where {'event in (' + marks + ')' if events else '1 = 1'} and user_name like ? "
        "order by event_id desc limit ?", [*events, f"%{user}%", int(limit)])
    return log.assign(at=pd.to_datetime(log["at"]))
