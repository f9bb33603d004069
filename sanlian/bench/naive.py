"""Benchmark worker: the naive way — load the tables into pandas once, filter and group per click.

    python -m sanlian.bench.naive DB OUT.json [--repeat N] [--town 马市镇]

Computes each page's headline numbers in pandas for the township filter and checks them against
the app's own summary queries. Runs in its own process so its memory is reported separately.
"""

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from sanlian import db, settings
from sanlian.bench.server import peak_rss_mb
from sanlian.filters import Filters

# The numbers each page puts at the top; pages not listed show all of them.
HEADLINES = {
    "app.py": ["visits", "issues_raised", "closure_rate", "visit_completion_rate", "median_gain_yuan"],
    "pages/map.py": ["visits", "issues_raised"],
    "pages/visits.py": ["visits", "visit_completion_rate"],
    "pages/issues.py": ["issues_raised", "closure_rate"],
    "pages/incomes.py": ["median_gain_yuan"],
    "pages/projects.py": ["projects", "investment_yuan"],
}
ALL = ["visits", "issues_raised", "closure_rate", "visit_completion_rate", "median_gain_yuan",
       "projects", "investment_yuan"]
LOADS = {
    "activities": "select activity_date, link, township_code, member_id, household_id from activities",
    "issues": "select raised_date, link, township_code, closed_date from issues",
    "pairs": """select mh.member_id, mh.household_id, mh.start_date, mh.end_date, v.township_code
                from member_households mh join households h using (household_id)
                join villages v using (village_code)""",
    "incomes": "select household_id, year, net_income_yuan::double as net_income_yuan from household_incomes",
    "projects": """select p.start_date, p.status, p.investment_yuan::double as investment_yuan, v.township_code
                   from projects p join villages v using (village_code)""",
}


def load(con) -> dict[str, pd.DataFrame]:
    """The tables a typical app would read once at start-up."""
    return {name: con.execute(sql).df() for name, sql in LOADS.items()}


def visits(t, p) -> int:
    a = t["activities"]
    return int(((a["link"] == 3) & a["activity_date"].between(p["from"], p["to"])
                & a["township_code"].isin(p["towns"])).sum())


def raised(t, p) -> pd.DataFrame:
    i = t["issues"]
    return i[i["raised_date"].between(p["from"], p["to"]) & i["township_code"].isin(p["towns"])]


def issues_raised(t, p) -> int:
    return len(raised(t, p))


def closure_rate(t, p) -> float:
    r = raised(t, p)
    return (r["closed_date"] <= min(p["to"], p["as_of"])).sum() / len(r) if len(r) else math.nan


def visit_completion_rate(t, p) -> float:
    """Σ pair-months visited ÷ Σ active pair-months in the period, expanding months per click."""
    pairs = t["pairs"]
    pairs = pairs[pairs["township_code"].isin(p["towns"]) & (pairs["start_date"] <= p["as_of"])]
    first = pairs["start_date"].dt.to_period("M")
    last = pairs["end_date"].fillna(p["as_of"]).clip(upper=p["as_of"]).dt.to_period("M")
    n = (last - first).map(lambda d: d.n).to_numpy() + 1
    months = pd.DataFrame({"member_id": np.repeat(pairs["member_id"].to_numpy(), n),
                           "household_id": np.repeat(pairs["household_id"].to_numpy(), n),
                           "month": np.repeat(first.to_numpy(), n) + np.concatenate([np.arange(k) for k in n])})
    end = min(p["to"], p["as_of"])  # 时段末: only months over by then count
    last_whole = (end + pd.Timedelta(days=1)).to_period("M") - 1
    months = months[(months["month"] >= p["from"].to_period("M")) & (months["month"] <= last_whole)]
    a = t["activities"]
    a = a[(a["link"] == 3) & a["township_code"].isin(p["towns"])]
    seen = a.assign(month=a["activity_date"].dt.to_period("M"))[["member_id", "household_id", "month"]]
    visited = months.merge(seen.drop_duplicates(), how="left", indicator=True)["_merge"] == "both"
    return visited.sum() / len(months) if len(months) else math.nan


def median_gain_yuan(t, p) -> float:
    inc = t["incomes"]
    end = min(p["to"], p["as_of"])  # 时段末
    year = inc.loc[inc["year"] < (end + pd.Timedelta(days=1)).year, "year"].max()
    pairs = t["pairs"]
    in_year = ((pairs["start_date"] <= pd.Timestamp(int(year), 12, 31))
               & (pairs["end_date"].isna() | (pairs["end_date"] >= pd.Timestamp(int(year), 1, 1))))
    paired = pairs.loc[pairs["township_code"].isin(p["towns"]) & in_year, "household_id"].unique()
    cur = inc[(inc["year"] == year) & inc["household_id"].isin(paired)]
    prev = inc[inc["year"] == year - 1].set_index("household_id")["net_income_yuan"]
    gain = cur["net_income_yuan"].to_numpy() - prev.reindex(cur["household_id"]).to_numpy()
    return float(np.nanmedian(gain)) if np.isfinite(gain).any() else math.nan


def chosen_projects(t, p) -> pd.DataFrame:
    pr = t["projects"]
    started = (pr["status"] != "规划") & pr["start_date"].between(p["from"], min(p["to"], p["as_of"]))
    return pr[started & pr["township_code"].isin(p["towns"])]


def projects(t, p) -> int:
    return len(chosen_projects(t, p))


def investment_yuan(t, p) -> float:
    return float(chosen_projects(t, p)["investment_yuan"].sum())


def same(a, b) -> bool:
    """Equal numbers: exact for counts, to 1e-9 for rates and medians; NaN equals NaN."""
    if pd.isna(a) and pd.isna(b):
        return True
    return not (pd.isna(a) or pd.isna(b)) and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def filter_params(con, town: str) -> tuple[dict, dict]:
    """The app's query parameters for the township filter, and the same for pandas."""
    as_of, start = con.execute("select as_of_date, (select min(activity_date) from activities) from meta").fetchone()
    code = con.execute("select township_code from townships where name = ?", [town]).fetchone()[0]
    f = Filters.default(as_of, start)
    sql = {"townships": [code], "date_from": f.date_from, "date_to": f.date_to, "link": 0, "as_of": as_of,
           "overdue_days": settings.VISIT_OVERDUE_DAYS, "silent_days": settings.SILENT_DAYS}
    pandas = {"towns": [code], "from": pd.Timestamp(f.date_from), "to": pd.Timestamp(f.date_to),
              "as_of": pd.Timestamp(as_of)}
    return sql, pandas


def measure(path: Path, pages: list[str], town: str, repeat: int) -> dict:
    """Load once, then per page its headline numbers in pandas (median of `repeat`), checked against SQL."""
    with duckdb.connect(str(path), read_only=True) as con:
        started = time.perf_counter()
        tables = load(con)
        load_ms = (time.perf_counter() - started) * 1000
        sql_params, params = filter_params(con, town)
        real = pd.concat([db.run(con, n, **sql_params).iloc[0] for n in
                          ("visit_summary", "issue_summary", "income_gain_summary", "project_summary")])
    out = []
    for page in pages:
        names = HEADLINES.get(page, ALL)
        times, values = [], {}
        for _ in range(repeat):
            started = time.perf_counter()
            values = {n: globals()[n](tables, params) for n in names}
            times.append((time.perf_counter() - started) * 1000)
        mismatched = {n: [values[n], real[n]] for n in names if not same(values[n], real[n])}
        out.append({"page": page, "naive_ms": times, "values": values, "mismatched": mismatched})
    return {"load_ms": load_ms, "pages": out,
            "peak_mb": peak_rss_mb(os.getpid())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sanlian.bench.naive")
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", default=",".join(HEADLINES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--town", default="马市镇")
    args = parser.parse_args(argv)
    os.environ["SANLIAN_DB"] = str(args.db.resolve())
    result = measure(args.db, args.pages.split(","), args.town, args.repeat)
    args.out.write_text(json.dumps(result, ensure_ascii=False, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
