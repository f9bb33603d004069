"""The only Streamlit-aware data module: the cached connection and the cached query()."""

import threading
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd
import streamlit as st

from sanlian import build, db, settings
from sanlian.filters import Filters

_build_lock = threading.Lock()


@dataclass(frozen=True)
class DatasetInfo:
    """What the whole dataset is: its kind, its date span, its townships."""

    kind: str
    as_of: date
    data_start: date
    built_at: object
    towns: tuple[str, ...]
    town_codes: dict

    @property
    def is_sample(self) -> bool:
        """True while the built-in sample data is loaded."""
        return self.kind == "sample"


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


SUMMARY_QUERIES = ("pairing_summary", "visit_summary", "issue_summary", "income_gain_summary",
                   "project_summary")


def summary(params: dict) -> pd.Series:
    """Every headline number for one filter, from the one-row summary queries."""
    return pd.concat([query(name, **params).iloc[0] for name in SUMMARY_QUERIES])


def dataset_info() -> DatasetInfo:
    """The dataset's kind, as-of date, first date and townships (cached with the queries)."""
    row = query("dataset_info").iloc[0]
    towns = query("township_list")
    as_of = _as_date(row["as_of_date"]) or date.today()
    return DatasetInfo(
        kind=row["dataset_kind"],
        as_of=as_of,
        data_start=_as_date(row["data_start"]) or as_of,
        built_at=row["built_at"],
        towns=tuple(towns["name"]),
        town_codes=dict(zip(towns["name"], towns["township_code"])),
    )


def params(filters: Filters, info: DatasetInfo) -> dict:
    """The query parameters every page query may take, from the filters."""
    return {
        "townships": [info.town_codes[t] for t in filters.towns],
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "link": filters.link,
        "as_of": info.as_of,
    }


def clear_caches() -> None:
    """Forget every cached query result (after an import or rebuild)."""
    _cached_query.clear()


def _as_date(value) -> date | None:
    """A pandas/numpy date-like value as a date, or None for missing."""
    return None if pd.isna(value) else pd.Timestamp(value).date()
