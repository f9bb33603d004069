"""The only Streamlit-aware data module: the cached read-only connection to the current data
snapshot, the cached query(), and the app's side of the state store (audit log, import records).

Each run pins the snapshot it reads (frame() calls database_problem() first), so that every query of
one run answers from the same version; a new snapshot is picked up at the next run.
"""

import os
import threading

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sanlian import build, dataset, db, settings, snapshot, state
from sanlian.dataset import DatasetInfo
from sanlian.filters import Filters
from sanlian.scope import Scope, params_within, rows_within

_build_lock = threading.Lock()
SNAPSHOT_KEY = "data_snapshot"


def ensure_database() -> None:
    """Build the sample database on first start, with a spinner; never replaces an existing file."""
    path = settings.db_path()
    with _build_lock:
        if path.exists():
            return
        with st.spinner("首次启动：正在生成示例数据库，约需半分钟，请稍候……"):
            build.build(path, "sample")


@st.cache_resource(show_spinner=False)
def connection(path: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per process and snapshot file; queries use cursors of it."""
    con = duckdb.connect(path, read_only=True)
    # SET rather than connect(config=…): other connections to the file in this process (tests,
    # tools) must open it with the same configuration.
    con.execute("set memory_limit = ?", [settings.DUCKDB_MEMORY_LIMIT])
    return con


_seen: dict[str, tuple[str, int]] = {}  # data file → the snapshot (and its inode) this process reads


def pin_snapshot() -> str:
    """Look once which snapshot is current, make it this run's, and switch to it if it is new
    (forgetting the cached results of the old one)."""
    data_file = str(settings.db_path())
    now = snapshot.current(data_file)
    version = (str(now), os.stat(now).st_ino if now.exists() else 0)
    if _seen.get(data_file, version) != version:
        clear_caches()
        connection.clear()  # a plain file replaced in place would otherwise keep its old instance
    _seen[data_file] = version
    if get_script_run_ctx(suppress_warning=True) is not None:
        st.session_state[SNAPSHOT_KEY] = str(now)
    return str(now)


def snapshot_path() -> str:
    """The snapshot this run reads: the pinned one in a session, else the current one."""
    if get_script_run_ctx(suppress_warning=True) is not None and st.session_state.get(SNAPSHOT_KEY):
        return st.session_state[SNAPSHOT_KEY]
    return str(snapshot.current(settings.db_path()))


def database_problem() -> str | None:
    """Pin this run's snapshot; why the database cannot be used, in Chinese, or None when it is fine.
    An older schema or stale derived tables are brought up to date in a new snapshot, once."""
    path = pin_snapshot()
    try:
        con = connection(path)
    except duckdb.Error as exc:
        return snapshot.open_problem(settings.db_path(), exc)
    found = snapshot.schema_version(con)
    problem = snapshot.version_problem(found)
    if problem or path in _checked:
        return problem
    if state.move_legacy(state.open_store(), con.cursor()):
        clear_caches()
    if found < settings.SCHEMA_VERSION or build.derived_is_stale(con.cursor()):
        try:
            bring_up_to_date()
        except OSError:
            return CANNOT_UPGRADE
        path = pin_snapshot()
    _checked.add(path)
    return None


_checked: set[str] = set()  # snapshots this process found usable (a snapshot never changes)
CANNOT_UPGRADE = ("程序已更新，数据库需要升级为新版本，但数据所在的目录不可写（或磁盘已满），无法写入新版本。"
                  "数据文件完好，请勿删除；请检查数据目录的权限和磁盘空间后刷新页面。")


def bring_up_to_date() -> None:
    """Upgrade the schema and recompute the derived tables when this version of the program
    defines them differently, in a new snapshot (the data itself is untouched)."""
    def change(con: duckdb.DuckDBPyConnection) -> bool:
        upgraded = con.execute("select schema_version from meta").fetchone()[0] < settings.SCHEMA_VERSION
        build.upgrade(con)
        stale = build.derived_is_stale(con)
        if stale:
            build.refresh_derived(con)
        return upgraded or stale

    with _build_lock, st.spinner("程序已更新：正在升级数据库并重新计算汇总表，数据量大时约需一分钟，请稍候……"):
        snapshot.rewrite(settings.db_path(), change)


SCOPE_KEY = "auth_scope"


def set_scope(scope: Scope | None) -> None:
    """Fix the session's township scope (frame() does this before any page query)."""
    st.session_state[SCOPE_KEY] = scope


def current_scope() -> Scope | None:
    """The session's scope; no townships at all when none was set or outside a session (deny by default)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return Scope((), ())
    return st.session_state.get(SCOPE_KEY, Scope((), ()))


def township_codes() -> dict[str, str]:
    """Every township's name -> code, regardless of scope (to compute the scope)."""
    towns = _cached_query(snapshot_path(), "township_list")
    return dict(zip(towns["name"], towns["township_code"]))


def all_townships() -> pd.DataFrame:
    """Every township's code, name and seat regardless of scope: public reference geography, from
    which the map cuts a scoped user's own area (township_list within the scope is their rows only)."""
    return _cached_query(str(settings.db_path()), "township_list")


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql on the app's database, cached per database file and parameters,
    within the session's township scope."""
    return scoped_query(current_scope(), name, **params)


def scoped_query(scope: Scope | None, name: str, **params) -> pd.DataFrame:
    """query() for an explicit scope: $townships is intersected with it (an empty list = the
    scope), and rows of a result that name a township outside it are dropped."""
    return scope_rows(scope, snapshot_path(), name, **params)


def list_head(name: str, **params) -> tuple[pd.DataFrame, int]:
    """The first settings.TABLE_ROWS_SHOWN rows of a list query, within the session's scope, and
    how many rows the whole list has (cached like query())."""
    scope = current_scope()
    frame, total = _cached_head(snapshot_path(), name, settings.TABLE_ROWS_SHOWN,
                                **params_within(scope, db.declared_params(name), params))
    return rows_within(scope, frame), total


def runner(params: dict):
    """A query function bound to these parameters and to the scope of this moment (for deferred
    downloads, which run outside the session)."""
    scope, path = current_scope(), snapshot_path()
    return lambda name: scope_rows(scope, path, name, **params)


def scope_rows(scope: Scope | None, path: str, name: str, **params) -> pd.DataFrame:
    """scoped_query() on a given snapshot (a deferred download reads the one its page showed)."""
    frame = _cached_query(path, name, **params_within(scope, db.declared_params(name), params))
    return rows_within(scope, frame)


def record(event: str, page: str = "", detail: str = "", user: str | None = None) -> None:
    """Append an event to the audit log in the state store."""
    from sanlian import audit, auth

    audit.record(state.open_store(), user or auth.current().user, event, page, detail)


def audit_recorder(event: str, page: str):
    """A function that logs `event` for the current user later (from a deferred download)."""
    from sanlian import audit, auth

    store, user = state.open_store(), auth.current().user
    return lambda detail: audit.record(store, user, event, page, detail)


def read_audit(events: list[str] | None = None, user: str = "") -> pd.DataFrame:
    """The audit log, newest first (never cached)."""
    from sanlian import audit

    return audit.read(state.open_store(), events, user)


def import_log() -> pd.DataFrame:
    """Every import of a ledger table, newest first (never cached)."""
    return state.import_log(state.open_store())


# cache_resource, not cache_data: a hit hands out the stored frame instead of unpickling a copy
# (~1 ms a query, 15–20 queries a page). Callers get a shallow copy, which pandas' copy-on-write
# keeps from ever changing the stored one.
@st.cache_resource(ttl=settings.QUERY_TTL_SECONDS, max_entries=settings.QUERY_CACHE_ENTRIES,
                   show_spinner=False)
def _stored_query(path: str, name: str, **params) -> pd.DataFrame:
    return db.run(connection(path), name, **params)


@st.cache_resource(ttl=settings.QUERY_TTL_SECONDS, max_entries=settings.QUERY_CACHE_ENTRIES,
                   show_spinner=False)
def _stored_head(path: str, name: str, rows: int, **params) -> tuple[pd.DataFrame, int]:
    return db.head(connection(path), name, rows, **params)


def _cached_query(path: str, name: str, **params) -> pd.DataFrame:
    return _stored_query(path, name, **params).copy(deep=False)


def _cached_head(path: str, name: str, rows: int, **params) -> tuple[pd.DataFrame, int]:
    frame, total = _stored_head(path, name, rows, **params)
    return frame.copy(deep=False), total


def summary(params: dict) -> pd.Series:
    """Every headline number for one filter (cached like every query)."""
    return dataset.summary(lambda name: query(name, **params), params["link"])


def summaries(filters: Filters, info: DatasetInfo) -> tuple[pd.Series, pd.Series]:
    """Every headline number for the filters and for the period they are compared with (the one of
    equal length before, or the same dates a year earlier)."""
    return summary(params(filters, info)), summary(params(filters.comparison_period(), info))


def dataset_info() -> DatasetInfo:
    """The dataset's kind, as-of date, first date and townships (cached with the queries)."""
    return dataset.load_info(query)


def params(filters: Filters, info: DatasetInfo) -> dict:
    """The query parameters every page query may take, from the filters, within the scope."""
    scope = current_scope()
    return dataset.query_params(filters, info, None if scope is None else scope.codes)


def clear_caches() -> None:
    """Forget every cached query result (after an import or rebuild)."""
    _stored_query.clear()
    _stored_head.clear()
