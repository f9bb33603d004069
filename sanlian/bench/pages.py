"""Benchmark worker: each page cold, warm (AppTest) and raw (its queries on a cursor), in one process.

    python -m sanlian.bench.pages DB OUT.json [--repeat N] [--town 马市镇]

Runs in its own process so that its peak memory is the app's alone. The queries a page issues are
recorded by wrapping sanlian.db.run and db.head during the first cold run and then replayed raw.
"""

import argparse
import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from sanlian import data, db, settings
from sanlian.bench.server import peak_rss_mb
from sanlian.filter_state import TOWNS_WIDGET
from sanlian.nav import existing_pages

TIMEOUT = 900


def apptest(path: str, town: str | None):
    """An AppTest of one page in legacy multipage mode, with the township filter in the URL."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(settings.ROOT / "app.py"), default_timeout=TIMEOUT)
    if town:
        at.query_params["town"] = town
    if path != "app.py":
        at.switch_page(path)
    return at


@contextmanager
def recording(log: list | None):
    """Log (name, params) of every query run while active (the cache misses of a page run); a
    list head is logged with its row count as params["rows"]."""
    run, head = db.run, db.head

    def logged_run(con, name, **params):
        if log is not None:
            log.append((name, params))
        return run(con, name, **params)

    def logged_head(con, name, rows, **params):
        if log is not None:
            log.append((name, {**params, "rows": rows}))
        return head(con, name, rows, **params)

    db.run, db.head = logged_run, logged_head
    try:
        yield
    finally:
        db.run, db.head = run, head


def timed_run(at) -> float:
    """Run the page; its wall time in ms; raise if the page raised."""
    started = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"page raised: {at.exception[0].message}")
    return elapsed


def raw_ms(queries: list) -> float:
    """The recorded queries straight on a cursor of the app's connection, in ms."""
    con = data.connection(data.snapshot_path())
    started = time.perf_counter()
    for name, params in queries:
        if "rows" in params:
            db.head(con, name, **params)
        else:
            db.run(con, name, **params)
    return (time.perf_counter() - started) * 1000


def measure_page(path: str, town: str, repeat: int) -> dict:
    """Cold, warm and raw times of one page (lists of ms) and the queries it ran.

    Cold is what a leader waits for after picking a township in the sidebar of a page already open
    for the whole county, with every cache empty; warm is the same filter again. Both run in one
    AppTest session, as in the browser: a fresh AppTest per run would add ~110 ms of AppTest's own
    session set-up (measured at scale 1) that no click pays."""
    queries, cold, warm, raw = [], [], [], []
    at = apptest(path, None)
    timed_run(at)
    for i in range(repeat):
        data.clear_caches()
        pick_towns(at, [town])
        with recording(queries if i == 0 else None):
            cold.append(timed_run(at))
        warm.append(timed_run(at))
        pick_towns(at, [])
        timed_run(at)  # back to the whole county for the next round (not measured)
    pick_towns(at, [town])
    timed_run(at)
    for _ in range(repeat):
        raw.append(raw_ms(queries))
    return {"page": path, "cold_ms": cold, "warm_ms": warm, "raw_ms": raw,
            "queries": [[name, params] for name, params in queries],
            "metrics": {m.label: m.value for m in at.metric}}


def pick_towns(at, towns: list[str]) -> None:
    """Choose townships in the sidebar's filter, as a user does (applied on the next run)."""
    next(m for m in at.multiselect if m.key == TOWNS_WIDGET).set_value(towns)


def measure_all(town: str, repeat: int) -> dict:
    """Every page in the navigation, after one throw-away run that pays the imports."""
    timed_run(apptest("app.py", None))
    data.clear_caches()
    pages = [measure_page(p.path, town, repeat) for p in existing_pages()]
    return {"pages": pages, "peak_mb": peak_rss_mb(os.getpid())}


def median(values: list[float]) -> float:
    """The median, rounded to 0.1 ms."""
    return round(statistics.median(values), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sanlian.bench.pages")
    parser.add_argument("db", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--town", default="马市镇")
    args = parser.parse_args(argv)
    os.environ["SANLIAN_DB"] = str(args.db.resolve())
    result = measure_all(args.town, args.repeat)
    args.out.write_text(json.dumps(result, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
