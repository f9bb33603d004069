"""The speed benchmark: every page cold, warm, raw and naive at several data scales, side by side.

    python -m sanlian.bench [--scales 1,10,100] [--repeat N] [--json FILE] [--no-browser]
                            [--users 20] [--town 马市镇] [--rebuild]
    python -m sanlian.bench --province [--counties 20] [--scales 1] [--json FILE] [--rebuild]

Sample databases are built once per scale under .bench-cache/ (git-ignored), rebuilt when the
generator or schema change and their derived tables recomputed when derived.sql changes. Per scale,
in child processes so that each peak memory is its own: AppTest of every page cold (the township
picked in the sidebar, every cache empty) and warm (same filter again), the queries
it issued replayed raw on a DuckDB cursor, and the naive pandas way for the headline numbers, which
must equal the app's. Then, on a real `streamlit run` server: the time to the first page in headless
Chromium and the server's peak memory, and `--users` concurrent sessions changing filters.
Exit status 1 if a page failed, a naive number differs, or concurrent numbers differ from serial.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from sanlian import settings
from sanlian.bench import databases as bench_db
from sanlian.bench.ingest import measure_ingest
from sanlian.nav import existing_pages

TARGETS = {"cold_ms@1": 300, "warm_ms@1": 50, "cold_ms@100": 2000, "cold/raw": 3.0,
           "ready_s": 5.0, "server_mb@100": 1024, "import_s@50000": 5.0}


def worker(module: str, db: Path, repeat: int, town: str, *extra: str) -> dict:
    """Run a bench worker module in a child process; its JSON result."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        subprocess.run([sys.executable, "-m", module, str(db), str(out), "--repeat", str(repeat),
                        "--town", town, *extra], cwd=settings.ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return json.loads(out.read_text())


def median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def measure_scale(scale: int, args: argparse.Namespace) -> dict:
    """Every measurement at one scale."""
    db, facts = bench_db.database(scale, args.rebuild)
    table, rows = bench_db.largest_table(db)
    paths = [p.path for p in existing_pages()]
    app = worker("sanlian.bench.pages", db, args.repeat, args.town)
    naive = worker("sanlian.bench.naive", db, args.repeat, args.town, "--pages", ",".join(paths))
    naive_by_page = {p["page"]: p for p in naive["pages"]}
    pages = []
    for page in app["pages"]:
        n = naive_by_page[page["page"]]
        cold, warm, raw = median(page["cold_ms"]), median(page["warm_ms"]), median(page["raw_ms"])
        pages.append({"page": page["page"], "cold_ms": cold, "warm_ms": warm, "raw_ms": raw,
                      "naive_ms": median(n["naive_ms"]), "queries": len(page["queries"]),
                      "naive_values": n["values"], "mismatched": n["mismatched"]})
    result = {"scale": scale, "db": str(db), "largest_table": table, "rows": rows, **facts,
              "app_peak_mb": app["peak_mb"], "naive_load_ms": round(naive["load_ms"]),
              "naive_peak_mb": naive["peak_mb"], "pages": pages}
    if args.browser:
        from sanlian.bench.server import browser_timing

        result["browser"] = browser_timing(db, args.town, paths)
    if args.users:
        from sanlian.bench.load import load_test
        from sanlian.build import read_reference

        towns = list(read_reference()["townships"]["name"])
        result["load"] = load_test(db, paths, towns, users=args.users, per_user=args.per_user)
    return result


def table(results: list[dict]) -> str:
    """The side-by-side table in Markdown."""
    lines = ["| page | scale | rows (largest table) | cold ms | warm ms | raw ms | naive ms | cold÷raw | naive÷cold | peak MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        for p in r["pages"]:
            lines.append(
                f"| {p['page']} | {r['scale']} | {r['rows']:,} ({r['largest_table']}) | {p['cold_ms']:,.0f} "
                f"| {p['warm_ms']:,.0f} | {p['raw_ms']:,.0f} | {p['naive_ms']:,.0f} "
                f"| {p['cold_ms'] / max(p['raw_ms'], 0.1):.1f} | {p['naive_ms'] / max(p['cold_ms'], 0.1):.2f} "
                f"| {r['app_peak_mb']:,} |")
    return "\n".join(lines)


def summary_lines(results: list[dict]) -> list[str]:
    """Per scale: build, naive load, browser start-up and memory, concurrency."""
    lines = []
    for r in results:
        line = (f"scale {r['scale']}: build {r['build_seconds']} s (peak {r['build_peak_mb']:,} MB); "
                f"naive load {r['naive_load_ms']:,} ms (peak {r['naive_peak_mb']:,} MB)")
        if "browser" in r:
            b = r["browser"]
            line += (f"; streamlit run → first page in Chromium {b['ready_s']} s; "
                     f"server peak {b['server_peak_mb']:,} MB after every page")
        if "load" in r:
            c = r["load"]
            line += (f"; {c['users']} concurrent sessions: {c['interactions']} page runs in {c['wall_s']} s, "
                     f"median {c['median_ms']:,} ms, p95 {c['p95_ms']:,} ms, {len(c['errors'])} errors, "
                     f"{c['differ']} differ from serial")
        lines.append(line)
    return lines


def missed_targets(results: list[dict]) -> list[str]:
    """Every target the run missed, in words."""
    missed = []
    for r in results:
        s = r["scale"]
        for p in r["pages"]:
            name = f"{p['page']} @ scale {s}"
            if s == 1 and p["cold_ms"] > TARGETS["cold_ms@1"]:
                missed.append(f"{name}: cold {p['cold_ms']:.0f} ms > {TARGETS['cold_ms@1']} ms")
            if s == 1 and p["warm_ms"] > TARGETS["warm_ms@1"]:
                missed.append(f"{name}: warm {p['warm_ms']:.0f} ms > {TARGETS['warm_ms@1']} ms")
            if s >= 100 and p["cold_ms"] > TARGETS["cold_ms@100"]:
                missed.append(f"{name}: cold {p['cold_ms']:.0f} ms > {TARGETS['cold_ms@100']} ms")
            if p["cold_ms"] > TARGETS["cold/raw"] * p["raw_ms"]:
                missed.append(f"{name}: cold {p['cold_ms']:.0f} ms > 3 × raw {p['raw_ms']:.0f} ms")
        b = r.get("browser")
        if b and b["ready_s"] > TARGETS["ready_s"]:
            missed.append(f"scale {s}: first page after {b['ready_s']} s > {TARGETS['ready_s']} s")
        if b and s >= 100 and b["server_peak_mb"] > TARGETS["server_mb@100"]:
            missed.append(f"scale {s}: server peak {b['server_peak_mb']} MB > 1 GB")
    return missed


def failures(results: list[dict]) -> list[str]:
    """Wrong answers, as opposed to slow ones: naive ≠ app, errors or differences under load."""
    bad = []
    for r in results:
        for p in r["pages"]:
            if p["mismatched"]:
                bad.append(f"{p['page']} @ scale {r['scale']}: naive ≠ app {p['mismatched']}")
        load = r.get("load")
        if load and (load["errors"] or load["differ"]):
            bad.append(f"scale {r['scale']}: {len(load['errors'])} errors, {load['differ']} "
                       f"concurrent runs differ from serial {load['errors'][:3]}")
    return bad


def machine() -> str:
    """The machine in one line."""
    meminfo = Path("/proc/meminfo").read_text().split()
    mem_gb = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024 ** 2
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; load average at the end {load}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sanlian.bench", description="三联看板性能基准")
    parser.add_argument("--scales", default="1,10,100", help="comma-separated sample scales")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    parser.add_argument("--no-browser", dest="browser", action="store_false",
                        help="skip the Chromium start-up timing and server memory")
    parser.add_argument("--users", type=int, default=20, help="concurrent sessions (0 = skip)")
    parser.add_argument("--per-user", type=int, default=3, help="filter changes per session")
    parser.add_argument("--town", default="马市镇", help="the township filter measured")
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached databases")
    parser.add_argument("--ingest-rows", type=int, default=50_000,
                        help="rows of the real-layout visit register imported (0 = skip)")
    parser.add_argument("--province", action="store_true",
                        help="instead: a sample lake of --counties counties and the DuckDB and Spark batches over it")
    parser.add_argument("--counties", type=int, default=20, help="counties in the --province lake")
    return parser.parse_args(argv)


def main_province(args: argparse.Namespace) -> int:
    """`--province`: the lake and both batches over it, at the first of --scales."""
    from sanlian.bench.province import measure_province, report_lines

    result = measure_province(args.counties, int(args.scales.split(",")[0]), rebuild=args.rebuild)
    print("\n".join(report_lines(result)))
    print(f"\nmachine: {machine()}")
    if args.json:
        args.json.write_text(json.dumps({"province": result, "machine": machine()}, ensure_ascii=False, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.province:
        return main_province(args)
    # Measure the open demo mode: a users file on this machine would stop every page at sign-in.
    os.environ.setdefault("SANLIAN_USERS", str(bench_db.cache_dir() / "no-users.json"))
    results = []
    for scale in [int(s) for s in args.scales.split(",")]:
        results.append(measure_scale(scale, args))
        print(f"[scale {scale} done]\n{table(results[-1:])}", file=sys.stderr, flush=True)
        if args.json:  # partial results survive an interrupted long run
            args.json.write_text(json.dumps({"results": results}, ensure_ascii=False, default=str))
    report = {"machine": machine(), "results": results, "missed": missed_targets(results),
              "failures": failures(results)}
    if args.ingest_rows:
        report["ingest"] = imported = measure_ingest(args.ingest_rows)
        if not imported["ok"]:
            report["failures"].append(f"the {imported['rows']:,}-row register did not import whole")
        if imported["rows"] >= 50_000 and imported["import_s"] > TARGETS["import_s@50000"]:
            report["missed"].append(f"import of {imported['rows']:,} rows: {imported['import_s']} s > 5 s")
    print(table(results))
    print()
    print("\n".join(summary_lines(results)))
    if "ingest" in report:
        i = report["ingest"]
        print(f"\nledger import: {i['rows']:,}-row real-layout visit register (.xlsx, {i['file_mb']} MB): "
              f"check {i['check_s']} s, check + import {i['import_s']} s")
    print(f"\nmachine: {report['machine']}")
    print("\nmissed targets:" if report["missed"] else "\nall targets met")
    print("\n".join(f"  - {m}" for m in report["missed"]))
    if report["failures"]:
        print("\nFAILURES:\n" + "\n".join(f"  - {f}" for f in report["failures"]))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return 1 if report["failures"] else 0

