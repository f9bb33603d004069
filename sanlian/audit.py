"""The append-only audit log (table audit_log): who signed in, viewed, exported, imported.

Only this module writes the table, and it only ever inserts (restore() puts back the rows of a
rebuilt database). Details never carry unmasked personal
data: page views record the filters (townships, dates, link), exports the file name, row count and
whether it was masked, imports the file name and row counts.
"""

import logging
from enum import StrEnum
from pathlib import Path

import duckdb
import pandas as pd

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


EVENTS = tuple(event.value for event in Event)  # plain strings, for the audit page's event filter


def _clip(text) -> str:
    return str(text or "")[:MAX_TEXT]


def record(con: duckdb.DuckDBPyConnection, user: str, event: str, page: str = "", detail: str = "") -> None:
    """Append one event (never raises into the page: a failed audit write is logged, not fatal)."""
    try:
        con.cursor().execute(
            "insert into audit_log (\"at\", user_name, event, page, detail) "
            "values (current_localtimestamp()::timestamp(0), ?, ?, ?, ?)",
            [_clip(user) or "（未知）", _clip(event), _clip(page), _clip(detail)])
    except duckdb.Error as exc:  # e.g. a database of an older schema
        logger.warning("audit log write failed: %s", exc)


def record_in_file(path: Path, user: str, event: str, page: str = "", detail: str = "") -> str | None:
    """Append one event to the database file at `path`; returns why it could not, or None."""
    try:
        with duckdb.connect(str(path)) as con:
            con.execute("insert into audit_log (\"at\", user_name, event, page, detail) "
                        "values (current_localtimestamp()::timestamp(0), ?, ?, ?, ?)",
                        [_clip(user), _clip(event), _clip(page), _clip(detail)])
    except duckdb.Error as exc:
        return f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}"
    return None


def entries(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every row of the log as stored, to carry it over a rebuild of the database (see restore())."""
    return con.cursor().execute("select * from audit_log").df()


def restore(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """Put back the rows entries() read before the database was rebuilt, ids included, and move the
    id sequence past them so that new events follow."""
    cur = con.cursor()
    cur.register("kept", rows)
    cur.execute("insert into audit_log select * from kept")
    cur.unregister("kept")
    cur.execute("select setval('audit_log_seq', (select coalesce(max(event_id), 0) from audit_log))")


def read(con: duckdb.DuckDBPyConnection, events: list[str] | None = None, user: str = "",
         limit: int = 5000) -> pd.DataFrame:
    """The newest events first, optionally only some kinds and one user name (substring)."""
    return con.cursor().execute(
        "select event_id, \"at\", user_name, event, page, detail from audit_log "
        "where (len($events) = 0 or event = any($events)) and ($user = '' or contains(user_name, $user)) "
        "order by event_id desc limit $limit",
        {"events": list(events or []), "user": user, "limit": limit}).df()
