"""`python -m sanlian.province build --engine spark` end to end on the fixture county's lake: the
snapshot it writes has the tables, column types and rows the DuckDB engine writes, and the roll-up
is the same."""

import duckdb

from sanlian import province
from tests.spark.conftest import COUNTY
from tests.spark.parity import differences

TABLES = [*province.RAW_TABLES, "member_household_pairs", "activity_days", "pair_months", "household_gains",
          "project_rows", "org_village_pairs", "derived_info"]


def test_spark_and_duckdb_batches_write_the_same_snapshot_and_rollup(lake, spark, tmp_path):
    done = {engine: province.run_build(engine, lake, tmp_path / engine, say=lambda _: None)
            for engine in ("duckdb", "spark")}
    assert done["spark"]["rollup_rows"] == done["duckdb"]["rollup_rows"] > 12
    snapshots = {engine: duckdb.connect(str(tmp_path / engine / "counties" / f"{COUNTY}.duckdb"), read_only=True)
                 for engine in done}
    for table in TABLES:
        described = {e: con.execute(f"describe {table}").fetchall() for e, con in snapshots.items()}
        assert described["spark"] == described["duckdb"], table
        rows = {e: con.execute(f"select * from {table} order by all").fetchall() for e, con in snapshots.items()}
        assert rows["spark"] == rows["duckdb"], table
    rollups = {e: duckdb.sql(f"select * from '{tmp_path / e / 'rollup.parquet'}'").fetchall() for e in done}
    assert differences(rollups["duckdb"], rollups["spark"]) == []
