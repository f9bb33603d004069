"""Parity: every derived table, view and query, and the roll-up, give the same rows on Spark
(through sanlian.portable's translation and sanlian.macros' inlining) as on DuckDB, over the busier
fixture county, for the whole county (全县, the empty township list) and for one township with
one link. Counts exactly; floating-point values within parity.FLOAT_TOLERANCE."""

import pytest

from sanlian import db, portable, province, settings
from tests.query_params import PARAM_SETS, params_for, query_names
from tests.spark.parity import differences

DERIVED = [s for s in province.derived_statements() if s.kind in ("table", "view")]


def duckdb_rows(con, sql: str, params: dict | None = None) -> tuple[list[str], list[tuple]]:
    cursor = con.cursor().execute(sql, params or {})
    return [d[0] for d in cursor.description], cursor.fetchall()


def test_the_four_derived_tables_and_two_views_are_all_compared():
    assert sorted(s.name for s in DERIVED) == sorted([
        "member_household_pairs", "activity_days", "pair_months", "household_gains",
        "project_rows", "org_village_pairs"])


@pytest.mark.parametrize("name", [s.name for s in DERIVED])
def test_derived_object_has_the_same_rows(busier_con, spark, name):
    columns, expected = duckdb_rows(busier_con, f"select * from {name} order by all")
    frame = spark.table(name)
    ordered = frame.orderBy(*[frame[c].asc_nulls_last() for c in frame.columns])  # as DuckDB's order by all
    got = [tuple(r) for r in ordered.collect()]
    assert frame.columns == columns
    assert expected, f"{name} is empty on the fixture: the comparison would prove nothing"
    assert differences(expected, got) == []


@pytest.mark.parametrize("params", PARAM_SETS.values(), ids=PARAM_SETS.keys())
@pytest.mark.parametrize("name", query_names())
def test_query_gives_the_same_rows(busier_con, spark, name, params):
    bound = params_for(name, params)
    columns, expected = duckdb_rows(busier_con, db.sql_text(name), db.bind(name, bound))
    got_columns, got = province.spark_rows(spark, portable.query_tree(settings.QUERIES_DIR / f"{name}.sql"), bound)
    assert got_columns == columns
    assert differences(expected, got) == []


def test_the_rollup_gives_the_same_rows(busier_con, spark):
    columns, expected = duckdb_rows(busier_con, province.ROLLUP_FILE.read_text(encoding="utf-8"))
    got_columns, got = province.spark_rows(spark, province.rollup_tree())
    assert got_columns == columns and len(expected) > 12
    assert differences(expected, got) == []
