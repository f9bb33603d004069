"""The only Streamlit-aware data module: the cached connection and the cached query()."""

import threading

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sanlian import build, dataset, db, settings
from sanlian.dataset import DatasetInfo
from sanlian.filters import Filters
from sanlian.scope import Scope, params_within, rows_within

_build_lock = threading.Lock()


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
    """One read-write connection per process and database file; queries use cursors of it."""
    con = duckdb.connect(path)
    # SET rather than connect(config=…): other connections to the file in this process (tests,
    # tools) must open it with the same configuration.
    con.execute("set memory_limit = ?", [settings.DUCKDB_MEMORY_LIMIT])
    return con


def database_problem() -> str | None:
    """Why the database cannot be used, in Chinese, or None when it is fine."""
    path = settings.db_path()
    rebuild = f"请确认文件无用后删除或改名，再运行 `python -m sanlian.build --out {path}` 重建。"
    try:
        version = connection(str(path)).cursor().execute("select schema_version from meta").fetchone()
    except duckdb.Error:
        return f"{path} 不是三联看板可以读取的 DuckDB 数据库。{rebuild}"
    if version is not None and 1 <= version[0] < settings.SCHEMA_VERSION:
        version = (build.upgrade(connection(str(path)).cursor()),)
    if version is None or version[0] != settings.SCHEMA_VERSION:
        found = version[0] if version else "无"
        return (f"数据库 {path} 的结构版本为 {found}，本程序需要版本 {settings.SCHEMA_VERSION}。"
                f"{rebuild}若其中有导入的数据，请先在旧版本中导出。")
    if str(path) not in _derived_checked:  # derived.sql cannot change while the process runs
        refresh_stale_derived(connection(str(path)))
        _derived_checked.add(str(path))
    return None


_derived_checked: set[str] = set()


def refresh_stale_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the derived tables when this version of the program defines them differently
    from the one that made the database (once, after an update; the data itself is untouched)."""
    with _build_lock:
        if not build.derived_is_stale(con.cursor()):
            return
        with st.spinner("程序已更新：正在重新计算汇总表，数据量大时约需一分钟，请稍候……"):
            cur = con.cursor()
            cur.execute("begin transaction")
            build.refresh_derived(cur)
            cur.execute("commit")
        clear_caches()


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
    towns = _cached_query(str(settings.db_path()), "township_list")
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
    frame = _cached_query(str(settings.db_path()), name, **params_within(scope, db.declared_params(name), params))
    return rows_within(scope, frame)


def list_head(name: str, **params) -> tuple[pd.DataFrame, int]:
    """The first settings.TABLE_ROWS_SHOWN rows of a list query, within the session's scope, and
    how many rows the whole list has (cached like query())."""
    scope = current_scope()
    frame, total = _cached_head(str(settings.db_path()), name, settings.TABLE_ROWS_SHOWN,
                                **params_within(scope, db.declared_params(name), params))
    return rows_within(scope, frame), total


def runner(params: dict):
    """A query function bound to these parameters and to the scope of this moment (for deferred
    downloads, which run outside the session)."""
    scope = current_scope()
    return lambda name: scoped_query(scope, name, **params)


def record(event: str, page: str = "", detail: str = "", user: str | None = None) -> None:
    """Append an event to the audit log of the app's database."""
    from sanlian import audit, auth

    audit.record(connection(str(settings.db_path())), user or auth.current().user, event, page, detail)


def audit_recorder(event: str, page: str):
    """A function that logs `event` for the current user later (from a deferred download)."""
    from sanlian import audit, auth

    con, user = connection(str(settings.db_path())), auth.current().user
    return lambda detail: audit.record(con, user, event, page, detail)


def read_audit(events: list[str] | None = None, user: str = "") -> pd.DataFrame:
    """The audit log, newest first (never cached)."""
    from sanlian import audit

    return audit.read(connection(str(settings.db_path())), events, user)


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
