"""Many counties in batch: a Parquet lake of every county's raw tables, the derived tables computed
from it by DuckDB or Spark with derived.sql's one definition, a dashboard snapshot per county and a
city/province roll-up.

    python -m sanlian.province lake --counties K --out DIR [--scale N]
    python -m sanlian.province lake --from A.duckdb [--from B.duckdb …] --out DIR
    python -m sanlian.province build --engine spark|duckdb --lake DIR --out DIR [--master URL] [--parallel N]

Lake layout: DIR/<table>/county=<code>/*.parquet, one folder per raw table of schema.sql (meta
included). Build output: DIR/counties/<code>.duckdb (what `python -m sanlian.build` makes, derived
tables included: the app opens it as it is), DIR/rollup.parquet and DIR/province.duckdb (table
county_months: one row per county × month, sanlian/rollup.sql).
"""

import argparse
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from sanlian import build, failures, macros, portable, settings

RAW_TABLES = ["meta", "townships", "villages", "leaders", "orgs", "members", "households",
              "leader_townships", "org_villages", "member_households", "activities", "issues",
              "projects", "project_orgs", "household_incomes", "imports"]
ROLLUP_FILE = Path(__file__).with_name("rollup.sql")
REAL_COUNTY = "440222"


@dataclass(frozen=True)
class Statement:
    """One statement of derived.sql: its kind ('table', 'view', 'macro' or 'other'), the object it
    makes, its DuckDB text and its parsed form."""

    kind: str
    name: str
    text: str
    tree: exp.Expression


def derived_statements() -> list[Statement]:
    """derived.sql, statement by statement, in order."""
    found = []
    for statement in duckdb.extract_statements(settings.DERIVED_FILE.read_text(encoding="utf-8")):
        tree = sqlglot.parse_one(statement.query, read="duckdb")
        kind = str(tree.args.get("kind", "")).lower() if isinstance(tree, exp.Create) else "other"
        name = tree.this.this.name if kind == "macro" else tree.this.name if kind in ("table", "view") else ""
        found.append(Statement(kind if kind in ("table", "view", "macro") else "other", name,
                               statement.query, tree))
    return found


def known_macros() -> dict[str, macros.Macro]:
    """derived.sql's macros."""
    return macros.read_macros(settings.DERIVED_FILE.read_text(encoding="utf-8"))


# --- the lake ---------------------------------------------------------------------------------

def county_dir(lake: Path, table: str, county: str) -> Path:
    """Where one county's rows of one table live in the lake."""
    return Path(lake) / table / f"county={county}"


def county_codes(lake: Path) -> list[str]:
    """The counties in a lake, in code order."""
    return sorted(p.name.removeprefix("county=") for p in (Path(lake) / "townships").glob("county=*"))


def export_county(con: duckdb.DuckDBPyConnection, lake: Path, county: str) -> None:
    """Write the raw tables of the database `con` into the lake as county `county`."""
    for table in RAW_TABLES:
        folder = county_dir(lake, table, county)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        con.execute(f"copy (select * from {table}) to '{folder / 'part-0.parquet'}' (format parquet)")


def recode(frames: dict, county: str) -> dict:
    """The frames with every township and village code moved to county `county` (the codes start
    with the 6-digit county code)."""
    moved = {}
    for table, original in frames.items():
        frame = original.copy()
        for column in ("township_code", "village_code"):
            if column in frame.columns:
                frame[column] = frame[column].where(frame[column].isna(), county + frame[column].str[6:])
        moved[table] = frame
    return moved


def synthetic_county(k: int) -> str:
    """The code of the k-th county of a synthetic lake (the real county first)."""
    return str(int(REAL_COUNTY) + k) if k else REAL_COUNTY


def write_sample_lake(out: Path, counties: int, scale: int = 1) -> list[str]:
    """A lake of `counties` sample counties: the real geography cloned under distinct codes, each
    with its own seed (the first is the app's sample exactly)."""
    from sanlian import sample

    reference = build.read_reference()
    codes = []
    for k in range(counties):
        county = synthetic_county(k)
        with duckdb.connect() as con:
            con.execute(settings.SCHEMA_FILE.read_text(encoding="utf-8"))
            build.insert_frames(con, recode(reference, county))
            frames = sample.generate(reference, scale=scale, seed=settings.SAMPLE_SEED + k)
            build.insert_frames(con, recode(frames, county))
            con.execute("insert into meta values (?, 'sample', ?, null, ?)",
                        [settings.SCHEMA_VERSION, datetime.now().replace(microsecond=0), scale])
            export_county(con, out, county)
        codes.append(county)
    return codes


def write_database_lake(out: Path, paths: list[Path]) -> list[str]:
    """A lake of existing dashboard databases, each under its county code (its townships' first six
    digits)."""
    codes = []
    for path in paths:
        with duckdb.connect(str(path), read_only=True) as con:
            county = con.execute("select left(min(township_code), 6) from townships").fetchone()[0]
            export_county(con, out, county)
        codes.append(county)
    return codes


# --- snapshots --------------------------------------------------------------------------------

def load_raw(con: duckdb.DuckDBPyConnection, lake: Path, county: str) -> None:
    """Fill the schema's raw tables in `con` with one county of the lake."""
    for table in RAW_TABLES:
        files = county_dir(lake, table, county) / "*.parquet"
        con.execute(f"insert into {table} by name select * from read_parquet('{files}', hive_partitioning = false)")


def output_order(select: exp.Expression) -> str:
    """A derived table's `order by`, with the columns unqualified (they are its own columns)."""
    order = select.args.get("order")
    if order is None:
        return ""
    order = order.copy()
    for column in order.find_all(exp.Column):
        column.set("table", None)
    return " " + order.sql("duckdb")


def load_derived(con: duckdb.DuckDBPyConnection, derived_dir: Path, county: str) -> None:
    """Run derived.sql in `con`, but take each derived table's rows from Parquet written by another
    engine: the table gets DuckDB's own column types (from its definition) and order."""
    for statement in derived_statements():
        if statement.kind != "table":
            con.execute(statement.text)
            continue
        select = statement.tree.expression
        con.execute(f"create or replace table {statement.name} as "
                    f"select * from ({select.sql('duckdb')}) limit 0")
        files = county_dir(derived_dir, statement.name, county) / "*.parquet"
        con.execute(f"insert into {statement.name} by name "
                    f"select * from read_parquet('{files}', hive_partitioning = false){output_order(select)}")
    con.execute("create or replace table derived_info as select ? as derived_hash", [build.derived_hash()])


def write_snapshot(out: Path, lake: Path, county: str, derived_dir: Path | None = None) -> Path:
    """One county's dashboard database: schema, raw rows from the lake, derived tables computed
    here by DuckDB or, with `derived_dir`, read from another engine's Parquet."""
    out.unlink(missing_ok=True)
    with duckdb.connect(str(out)) as con:
        con.execute(settings.SCHEMA_FILE.read_text(encoding="utf-8"))
        load_raw(con, lake, county)
        if derived_dir is None:
            build.refresh_derived(con)
        else:
            load_derived(con, derived_dir, county)
        con.execute("checkpoint")
    return out


# --- Spark ------------------------------------------------------------------------------------

def spark_session(master: str | None = None):
    """A Spark session (local, two cores, unless `master` names a cluster) set up for the lake."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise build.BuildError("--engine spark 需要 PySpark（pip install -r requirements-dev.txt）和 Java 17"
                               "（apt-get install openjdk-17-jre-headless）。") from None
    spark = (SparkSession.builder.master(master or "local[2]").appName("sanlian-province")
             .config("spark.sql.shuffle.partitions", "4")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_load_county(spark, lake: str, county: str) -> None:
    """Register one county's raw tables as Spark views named as in the schema."""
    for table in RAW_TABLES:
        spark.read.parquet(f"{lake}/{table}/county={county}").createOrReplaceTempView(table)


def spark_derive(spark) -> dict:
    """derived.sql on Spark over the registered raw tables: each derived table (cached) and view
    registered under its name; the derived tables' DataFrames by name."""
    known = known_macros()
    tables = {}
    for statement in derived_statements():
        if statement.kind not in ("table", "view"):
            continue  # macros are inlined where used; meta's as-of date is the snapshot's business
        frame = spark.sql(portable.to_spark(statement.tree.expression, known))
        if statement.kind == "table":
            frame = frame.cache()
            tables[statement.name] = frame
        frame.createOrReplaceTempView(statement.name)
    return tables


def spark_rows(spark, sql_tree: exp.Expression, params: dict | None = None) -> tuple[list[str], list[tuple]]:
    """A DuckDB query (macros and all) run on Spark: its column names and rows."""
    frame = spark.sql(portable.to_spark(sql_tree, known_macros(), params))
    return frame.columns, [tuple(row) for row in frame.collect()]


# --- the batch --------------------------------------------------------------------------------

def rollup_tree() -> exp.Expression:
    """sanlian/rollup.sql parsed."""
    return sqlglot.parse_one(ROLLUP_FILE.read_text(encoding="utf-8"), read="duckdb")


def write_rollup(out: Path, parts: Path) -> int:
    """Gather the counties' roll-up parts into DIR/rollup.parquet and DIR/province.duckdb
    (county_months); the number of rows."""
    files = parts / "*" / "*.parquet"
    select = (f"select county as county_code, * exclude (county) from read_parquet('{files}', "
              "hive_partitioning = true, hive_types = {'county': varchar}) order by county_code, month")
    (out / "province.duckdb").unlink(missing_ok=True)
    with duckdb.connect(str(out / "province.duckdb")) as con:
        con.execute(f"create table county_months as {select}")
        con.execute(f"copy county_months to '{out / 'rollup.parquet'}' (format parquet)")
        return con.execute("select count(*) from county_months").fetchone()[0]


def process_county(spark, lake: Path, out: Path, county: str) -> None:
    """One county: its snapshot and its roll-up part, on DuckDB (`spark` None) or on a Spark session
    of its own (derived tables written as Parquet first, then read into the snapshot)."""
    part = county_dir(out / "_rollup", "", county)
    snapshot = out / "counties" / f"{county}.duckdb"
    if spark is None:
        write_snapshot(snapshot, lake, county)
        part.mkdir(parents=True)
        with duckdb.connect(str(snapshot), read_only=True) as con:
            con.execute(f"copy ({ROLLUP_FILE.read_text(encoding='utf-8')}) "
                        f"to '{part / 'part-0.parquet'}' (format parquet)")
        return
    spark_load_county(spark, str(lake), county)
    tables = spark_derive(spark)
    for name, frame in tables.items():
        frame.write.mode("overwrite").parquet(str(county_dir(out / "derived", name, county)))
    rollup = portable.to_spark(rollup_tree(), known_macros())
    spark.sql(rollup).coalesce(1).write.mode("overwrite").parquet(str(part))
    for frame in tables.values():
        frame.unpersist()
    write_snapshot(snapshot, lake, county, out / "derived")


def run_build(engine: str, lake: Path, out: Path, master: str | None = None, parallel: int = 1,
              say=print) -> dict:
    """Process every county of the lake on `engine`, `parallel` counties at a time (each Spark
    county in a session of its own, sharing one Spark context); what was written, with the time."""
    started = time.perf_counter()
    lake, out = Path(lake), Path(out)
    counties = county_codes(lake)
    if not counties:
        raise build.BuildError(f"{lake} 中没有县的数据（应为 {lake}/<表>/county=<代码>/*.parquet）。")
    (out / "counties").mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / "_rollup", ignore_errors=True)
    spark = spark_session(master) if engine == "spark" else None

    def one(county: str) -> None:
        process_county(spark and spark.newSession(), lake, out, county)
        say(f"  {county} 完成")

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        list(pool.map(one, counties))
    rows = write_rollup(out, out / "_rollup")
    return {"counties": len(counties), "rollup_rows": rows, "seconds": time.perf_counter() - started}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of `python -m sanlian.province`."""
    parser = argparse.ArgumentParser(prog="python -m sanlian.province", description="多县批处理")
    commands = parser.add_subparsers(dest="command", required=True)
    lake = commands.add_parser("lake", help="写出各县原始表的 Parquet 数据湖")
    lake.add_argument("--counties", type=build.positive_int, default=None, help="生成的示例县数")
    lake.add_argument("--scale", type=build.positive_int, default=1, help="每县示例数据规模倍数（默认 1）")
    lake.add_argument("--from", dest="sources", type=Path, action="append", default=[],
                      help="已有的看板数据库（可重复）")
    lake.add_argument("--out", type=Path, required=True, help="数据湖目录")
    run = commands.add_parser("build", help="计算派生表，写出各县快照和汇总")
    run.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb", help="计算引擎（默认 duckdb）")
    run.add_argument("--lake", type=Path, required=True, help="数据湖目录")
    run.add_argument("--out", type=Path, required=True, help="输出目录")
    run.add_argument("--master", default=None, help="Spark 集群地址（默认本机 local[2]）")
    run.add_argument("--parallel", type=build.positive_int, default=1, help="同时处理的县数（默认 1）")
    return parser.parse_args(argv)


@failures.guarded
def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = parse_args(argv)
    try:
        if args.command == "lake":
            if not args.counties and not args.sources:
                raise build.BuildError("请用 --counties K 生成示例县，或用 --from 指定已有数据库。")
            args.out.mkdir(parents=True, exist_ok=True)
            codes = write_database_lake(args.out, args.sources)
            if args.counties:
                codes += write_sample_lake(args.out, args.counties, args.scale)
            print(f"已写出数据湖 {args.out}：{len(codes)} 个县（{'、'.join(codes)}）")
        else:
            done = run_build(args.engine, args.lake, args.out, args.master, args.parallel)
            print(f"已处理 {done['counties']} 个县（{args.engine}），汇总 {done['rollup_rows']} 行，"
                  f"用时 {done['seconds']:.1f} 秒；输出在 {args.out}")
    except build.BuildError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
