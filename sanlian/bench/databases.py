"""Benchmark databases: built once per scale under .bench-cache/, rebuilt when the generator changes
and brought up to date in place when only derived.sql changed (as the app does)."""

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from sanlian import build, settings

# The files whose change makes a cached sample database stale (derived.sql is refreshed in place).
SOURCES = ("sanlian/schema.sql", "sanlian/build.py", "sanlian/sample/*.py")


def cache_dir() -> Path:
    """Where benchmark databases live: $SANLIAN_BENCH_CACHE or .bench-cache/ (git-ignored)."""
    return Path(os.environ.get("SANLIAN_BENCH_CACHE", settings.ROOT / ".bench-cache"))


def fingerprint() -> str:
    """A hash of the schema and generator source."""
    digest = hashlib.sha256()
    for pattern in SOURCES:
        for path in sorted(settings.ROOT.glob(pattern)):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def database(scale: int, rebuild: bool = False) -> tuple[Path, dict]:
    """The sample database at `scale` and its build facts (seconds, peak MB), building if needed."""
    cache_dir().mkdir(parents=True, exist_ok=True)
    path = cache_dir() / f"scale-{scale}.duckdb"
    facts_file = path.with_suffix(".json")
    facts = json.loads(facts_file.read_text()) if facts_file.exists() else {}
    if rebuild or not path.exists() or facts.get("fingerprint") != fingerprint():
        facts = build_database(path, scale)
        facts_file.write_text(json.dumps(facts))
    with duckdb.connect(str(path)) as con:
        if build.derived_is_stale(con):
            started = time.perf_counter()
            build.refresh_derived(con)
            con.execute("checkpoint")
            facts["derived_seconds"] = round(time.perf_counter() - started, 1)
            facts_file.write_text(json.dumps(facts))
    return path, facts


def build_database(path: Path, scale: int) -> dict:
    """Run `python -m sanlian.build --scale` in a child process; its wall time and peak memory."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "sanlian.build", "--out", str(path), "--scale",
                              str(scale), "--force"], cwd=settings.ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"sanlian.build --scale {scale} failed ({child.returncode})")
    return {"fingerprint": fingerprint(), "scale": scale,
            "build_seconds": round(time.perf_counter() - started, 1),
            "build_peak_mb": round(usage.ru_maxrss / 1024)}


def largest_table(path: Path) -> tuple[str, int]:
    """The base or derived table with the most rows, and its row count."""
    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        counts = {n: con.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names}
    name = max(counts, key=counts.get)
    return name, counts[name]
