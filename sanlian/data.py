"""The only Streamlit-aware data module: the cached connection and the cached query()."""

import threading

import duckdb
import pandas as pd
import streamlit as st

from sanlian import build, dataset, db, settings
from sanlian.dataset import DatasetInfo
from sanlian.filters import Filters

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
    return duckdb.connect(path)


def database_problem() -> str | None:
    """Why the database cannot be used, in Chinese, or None when it is fine."""
    path = settings.db_path()
    rebuild = f"请确认文件无用后删除或改名，再运行 `python -m sanlian.build --out {path}` 重建。"
    try:
        version = connection(str(path)).cursor().execute("select schema_version from meta").fetchone()
    except duckdb.Error:
        return f"{path} 不是三联看板可以读取的 DuckDB 数据库。{rebuild}"
    if version is None or version[0] != settings.SCHEMA_VERSION:
        found = version[0] if version else "无"
        return (f"数据库 {path} 的结构版本为 {found}，本程序需要版本 {settings.SCHEMA_VERSION}。"
                f"{rebuild}若其中有导入的数据，请先在旧版本中导出。")
    return None


def query(name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql on the app's database, cached per database file and parameters."""
    return _cached_query(str(settings.db_path()), name, **params)


@st.cache_data(ttl=settings.QUERY_TTL_SECONDS, show_spinner=False)
def _cached_query(path: str, name: str, **params) -> pd.DataFrame:
    return db.run(connection(path), name, **params)


def summary(params: dict) -> pd.Series:
    """Every headline number for one filter (cached like every query)."""
    return dataset.summary(lambda name: query(name, **params))


def dataset_info() -> DatasetInfo:
    """The dataset's kind, as-of date, first date and townships (cached with the queries)."""
    return dataset.load_info(query)


def params(filters: Filters, info: DatasetInfo) -> dict:
    """The query parameters every page query may take, from the filters."""
    return dataset.query_params(filters, info)


def clear_caches() -> None:
    """Forget every cached query result (after an import or rebuild)."""
    _cached_query.clear()
