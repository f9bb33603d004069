"""Run a named query from queries/ on a DuckDB connection; knows nothing of Streamlit."""

import re
from functools import cache

import duckdb
import pandas as pd

from sanlian import settings

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@cache
def sql_text(name: str) -> str:
    """The text of queries/<name>.sql."""
    return (settings.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def declared_params(name: str) -> list[str]:
    """The parameters a query's header comment declares (`-- … Params: $a, $b`)."""
    header = sql_text(name).splitlines()[0]
    return sorted(set(_PARAM.findall(header.partition("Params:")[2])))


def used_params(name: str) -> list[str]:
    """The parameters the query's body binds."""
    body = "\n".join(line for line in sql_text(name).splitlines() if not line.lstrip().startswith("--"))
    return sorted(set(_PARAM.findall(body)))


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run queries/<name>.sql with the parameters it declares, taken from `params`."""
    return con.cursor().execute(sql_text(name), bind(name, params)).df()


def head(con: duckdb.DuckDBPyConnection, name: str, rows: int, **params) -> tuple[pd.DataFrame, int]:
    """The first `rows` rows of queries/<name>.sql in its order, and how many rows it has in all:
    only those rows reach pandas, which is most of the cost of a list of 100,000 rows."""
    sql = f"select *, count(*) over () as total_rows_ from (\n{sql_text(name)}\n) limit {int(rows)}"
    frame = con.cursor().execute(sql, bind(name, params)).df()
    total = int(frame["total_rows_"].iloc[0]) if len(frame) else 0
    return frame.drop(columns="total_rows_"), total


def bind(name: str, params: dict) -> dict:
    """The parameters the query declares, from `params` (tuples as lists); KeyError if one is missing."""
    wanted = declared_params(name)
    missing = [p for p in wanted if p not in params]
    if missing:
        raise KeyError(f"query {name} needs parameters {missing}")
    return {p: list(params[p]) if isinstance(params[p], tuple) else params[p] for p in wanted}
