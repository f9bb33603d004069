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
    wanted = declared_params(name)
    missing = [p for p in wanted if p not in params]
    if missing:
        raise KeyError(f"query {name} needs parameters {missing}")
    bound = {p: list(params[p]) if isinstance(params[p], tuple) else params[p] for p in wanted}
    return con.cursor().execute(sql_text(name), bound).df()
