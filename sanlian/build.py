"""Build the database: schema, reference geography, then the sample data or nothing.

    python -m sanlian.build [--sample | --empty] [--out PATH] [--scale N] [--force]

The database is written to a temporary file beside the target and renamed into place, so a crash
never leaves a half-built database where the app looks for one.
"""

import argparse
import hashlib
import os
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from sanlian import failures, settings

REFERENCE_COLUMNS = {
    "townships": ["township_code", "name", "kind", "lon", "lat"],
    "villages": ["village_code", "township_code", "name", "kind", "lon", "lat"],
}


class BuildError(Exception):
    """A build that cannot go ahead; the message is for the user, in Chinese."""


def read_reference() -> dict[str, pd.DataFrame]:
    """The real townships and villages from data/reference/, in schema columns."""
    frames = {}
    for table, columns in REFERENCE_COLUMNS.items():
        frame = pd.read_csv(settings.REFERENCE_DIR / f"{table}.csv",
                            dtype={c: str for c in columns if c.endswith("_code")})
        frames[table] = frame[columns]
    return frames


def dataset_kind(path: Path) -> str | None:
    """'sample', 'imported' or 'empty' for an existing database; None if there is no file."""
    if not path.exists():
        return None
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute("select dataset_kind from meta").fetchone()[0]
    except duckdb.Error as exc:
        raise BuildError(f"{path} 不是可识别的三联看板数据库（{exc.__class__.__name__}），"
                         "为避免误删未覆盖；确认无用后加 --force 重建。") from exc


def check_target(out: Path, force: bool) -> None:
    """Refuse targets we must not or cannot write."""
    if not out.parent.is_dir() or not os.access(out.parent, os.W_OK):
        raise BuildError(f"无法写入 {out}：目录 {out.parent} 不存在或没有写权限。")
    if out.exists() and not os.access(out, os.W_OK):
        raise BuildError(f"无法写入 {out}：文件没有写权限。")
    if not force and dataset_kind(out) == "imported":
        raise BuildError(f"{out} 中是导入的真实数据，未覆盖；确需重建请加 --force。")


def insert_frames(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Insert each frame into the table of the same name, in the dict's order."""
    for table, frame in frames.items():
        con.register("frame", frame)
        con.execute(f"insert into {table} select * from frame")  # table names are ours, not input
        con.unregister("frame")


def populate(con: duckdb.DuckDBPyConnection, kind: str, scale: int) -> None:
    """Create every table and fill it: reference data, then sample rows unless empty."""
    con.execute(settings.SCHEMA_FILE.read_text(encoding="utf-8"))
    reference = read_reference()
    insert_frames(con, reference)
    if kind == "sample":
        from sanlian import sample

        insert_frames(con, sample.generate(reference, scale=scale))
    con.execute("insert into meta values (?, ?, ?, null, ?)",
                [settings.SCHEMA_VERSION, kind, datetime.now().replace(microsecond=0),
                 scale if kind == "sample" else None])
    refresh_derived(con)


def derived_hash() -> str:
    """A hash of derived.sql: a database whose derived tables carry another one is stale."""
    return hashlib.sha256(settings.DERIVED_FILE.read_bytes()).hexdigest()[:16]


def derived_is_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the derived tables were made by another version of derived.sql (or never)."""
    try:
        found = con.execute("select derived_hash from derived_info").fetchone()
    except duckdb.CatalogException:
        return True
    return found is None or found[0] != derived_hash()


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the derived tables, macros and the as-of date (after a build, an import or an
    update of derived.sql), and record which derived.sql made them."""
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    if "member_household_pairs" in views:  # a view before derived.sql made it a table
        con.execute("drop view member_household_pairs")
    con.execute(settings.DERIVED_FILE.read_text(encoding="utf-8"))
    con.execute("create or replace table derived_info as select ? as derived_hash", [derived_hash()])


MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def upgrade(con: duckdb.DuckDBPyConnection) -> int:
    """Bring an older database to this version's schema with the named migrations
    (migrations/NNN_what.sql takes version NNN−1 to NNN); the schema version it ends at. Runs on
    `con` itself, so that inside a transaction it is part of it."""
    cur = con
    version = cur.execute("select schema_version from meta").fetchone()[0]
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        number = int(path.name.split("_", 1)[0])
        if version < number <= settings.SCHEMA_VERSION:
            cur.execute(path.read_text(encoding="utf-8"))
            cur.execute("update meta set schema_version = ?", [number])
            version = number
    return version


def build(out: Path, kind: str = "sample", scale: int = 1, force: bool = False) -> Path:
    """Build a database at `out` atomically; return its path."""
    if scale < 1:
        raise BuildError("--scale 必须是不小于 1 的整数。")
    out = Path(out).resolve()
    check_target(out, force)
    tmp = out.with_name(f".{out.name}.building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(tmp)) as con:
            populate(con, kind, scale)
            con.execute("checkpoint")
        os.replace(tmp, out)
        Path(f"{out}.wal").unlink(missing_ok=True)  # a stale log from the old file must not replay
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return out


def positive_int(text: str) -> int:
    """argparse type: an integer ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} 小于 1")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of `python -m sanlian.build`."""
    parser = argparse.ArgumentParser(prog="python -m sanlian.build", description="生成三联看板数据库")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--sample", dest="kind", action="store_const", const="sample",
                      help="写入示例数据（默认）")
    kind.add_argument("--empty", dest="kind", action="store_const", const="empty",
                      help="只写入表结构和参考地理数据")
    parser.add_argument("--out", type=Path, default=None,
                        help="数据库文件（默认 $SANLIAN_DB 或 data/sanlian.duckdb）")
    parser.add_argument("--scale", type=positive_int, default=1, help="示例数据规模倍数（默认 1）")
    parser.add_argument("--force", action="store_true", help="覆盖含导入数据的数据库")
    parser.set_defaults(kind="sample")
    return parser.parse_args(argv)


@failures.guarded
def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = parse_args(argv)
    started = datetime.now()
    try:
        out = build(args.out or settings.db_path(), args.kind, args.scale, args.force)
    except BuildError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    seconds = (datetime.now() - started).total_seconds()
    print(f"已生成 {out}（{'示例数据' if args.kind == 'sample' else '空库'}，"
          f"规模 {args.scale}，用时 {seconds:.1f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
