"""The province benchmark (`python -m sanlian.bench --province [--counties 20]`): a K-county sample
lake written as Parquet, then processed by the DuckDB batch and by the Spark batch (local[2]), each
in a child process whose time and peak memory (the whole process tree, Spark's JVM included) are
measured, with the rows each wrote. Lakes are kept under .bench-cache/province-K/."""

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from sanlian import province, settings
from sanlian.bench import databases as bench_db


def tree_rss_mb(root: int) -> int:
    """The resident memory of a process and all its descendants, in MB (from /proc)."""
    parents, rss = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return round(sum(rss.get(pid, 0) for pid in tree) / 1024 ** 2)


def measured(args: list[str]) -> dict:
    """Run `python -m …args` to the end; its wall seconds and the peak memory of its process tree."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", *args], cwd=settings.ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss_mb(child.pid))
        time.sleep(0.2)
    if child.returncode:
        raise RuntimeError(f"python -m {' '.join(args)} failed ({child.returncode})")
    return {"seconds": round(time.perf_counter() - started, 1), "peak_mb": peak}


def lake_rows(lake: Path) -> dict:
    """Counties and raw activity rows in a lake."""
    files = Path(lake) / "activities" / "*" / "*.parquet"
    with duckdb.connect() as con:
        activities = con.execute(f"select count(*) from read_parquet('{files}', hive_partitioning = false)").fetchone()[0]
    return {"counties": len(province.county_codes(lake)), "activities": activities}


def output_rows(out: Path) -> dict:
    """Rows an engine wrote: the roll-up, and the derived tables over every county snapshot."""
    with duckdb.connect(str(out / "province.duckdb"), read_only=True) as con:
        rollup = con.execute("select count(*) from county_months").fetchone()[0]
    derived = 0
    for snapshot in sorted((out / "counties").glob("*.duckdb")):
        with duckdb.connect(str(snapshot), read_only=True) as con:
            derived += sum(con.execute(f"select count(*) from {s.name}").fetchone()[0]
                           for s in province.derived_statements() if s.kind == "table")
    return {"rollup_rows": rollup, "derived_rows": derived}


def measure_province(counties: int, scale: int = 1, engines: tuple[str, ...] = ("duckdb", "spark"),
                     lake: Path | None = None, rebuild: bool = False) -> dict:
    """The lake (written unless given or cached) and each engine's batch over it."""
    folder = bench_db.cache_dir() / f"province-{counties}x{scale}"
    result = {"counties": counties, "scale": scale}
    if lake is None:
        lake = folder / "lake"
        if rebuild or not lake.exists():
            result["lake"] = measured(["sanlian.province", "lake", "--counties", str(counties),
                                       "--scale", str(scale), "--out", str(lake)])
    result["lake_rows"] = lake_rows(lake)
    for engine in engines:
        out = folder / engine
        result[engine] = measured(["sanlian.province", "build", "--engine", engine, "--lake", str(lake),
                                   "--out", str(out)])
        result[engine].update(output_rows(out))
    return result


def report_lines(result: dict) -> list[str]:
    """The province figures side by side."""
    rows = result["lake_rows"]
    lines = [f"province lake: {rows['counties']} counties × scale {result['scale']}, "
             f"{rows['activities']:,} activities"]
    if "lake" in result:
        lines.append(f"  lake written as Parquet: {result['lake']['seconds']} s, peak {result['lake']['peak_mb']:,} MB")
    lines += ["| engine | batch s | peak MB (process tree) | derived rows | roll-up rows |", "|---|---:|---:|---:|---:|"]
    for engine in ("duckdb", "spark"):
        if engine in result:
            r = result[engine]
            lines.append(f"| {engine} | {r['seconds']} | {r['peak_mb']:,} | {r['derived_rows']:,} | {r['rollup_rows']:,} |")
    return lines
