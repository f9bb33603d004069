"""The province batch on DuckDB (sanlian.province): the lake layout, a county snapshot the app can
open with the same tables and rows as `sanlian.build` makes, and the roll-up's numbers for the
fixture county computed by hand. Spark's side is the spark tier (tests/spark)."""

import shutil
from datetime import date

import duckdb
import pandas as pd
import pytest

from sanlian import build, province

COUNTY = "000000"


@pytest.fixture(scope="module")
def built(busier_con, tmp_path_factory):
    """The busier fixture as a one-county lake, processed by the DuckDB engine."""
    root = tmp_path_factory.mktemp("province")
    province.export_county(busier_con, root / "lake", COUNTY)
    done = province.run_build("duckdb", root / "lake", root / "out", say=lambda _: None)
    return root, done


def test_the_lake_has_one_folder_per_raw_table_and_county(built):
    root, _ = built
    assert sorted(p.name for p in (root / "lake").iterdir()) == sorted(province.RAW_TABLES)
    assert province.county_codes(root / "lake") == [COUNTY]
    assert (root / "lake" / "activities" / f"county={COUNTY}" / "part-0.parquet").exists()


def test_a_county_snapshot_holds_the_same_tables_and_rows_as_the_database_it_came_from(built, busier_con):
    root, _ = built
    with duckdb.connect(str(root / "out" / "counties" / f"{COUNTY}.duckdb"), read_only=True) as con:
        assert not build.derived_is_stale(con)
        for table in [*province.RAW_TABLES, "member_household_pairs", "activity_days", "pair_months",
                      "household_gains", "project_rows"]:
            query = f"select * from {table} order by all"
            pd.testing.assert_frame_equal(con.execute(query).df(), busier_con.execute(query).df())
        assert con.execute("select as_of_date from meta").fetchone()[0] == date(2024, 6, 30)


def test_the_rollup_counts_one_fixture_month_as_computed_by_hand(built):
    root, done = built
    rollup = pd.read_parquet(root / "out" / "rollup.parquet")
    assert done["counties"] == 1 and done["rollup_rows"] == len(rollup)
    february = rollup[rollup["month"] == date(2024, 2, 1)].iloc[0]
    # In force: M1–H1 and M2–H3 (M1–H2 starts in March); M1 visits H1 on 02-10 and 02-20, nobody
    # visits H3; I2 is raised on 02-01 and closed on 02-10; P1 starts on 02-01 with 300,000 yuan.
    assert february[["county_code", "pairs", "pairs_visited", "visits", "issues_raised", "issues_closed",
                     "projects_started"]].tolist() == [COUNTY, 2, 1, 2, 1, 1, 1]
    assert february["visit_completion_rate"] == 0.5 and february["investment_yuan"] == 300000.0


def test_the_rollup_is_also_a_table_in_province_duckdb(built):
    root, _ = built
    with duckdb.connect(str(root / "out" / "province.duckdb"), read_only=True) as con:
        assert con.execute("select count(distinct county_code), count(*) from county_months").fetchone() == (
            1, len(pd.read_parquet(root / "out" / "rollup.parquet")))


def test_recoding_moves_every_township_and_village_code_to_the_new_county():
    frames = {"villages": pd.DataFrame({"village_code": ["440222100001"], "township_code": ["440222100"]}),
              "activities": pd.DataFrame({"village_code": [None], "township_code": ["440222101"]})}
    moved = province.recode(frames, "440223")
    assert moved["villages"].values.tolist() == [["440223100001", "440223100"]]
    assert moved["activities"]["village_code"].isna().all()
    assert moved["activities"]["township_code"].tolist() == ["440223101"]


def test_lake_from_a_database_file_takes_the_county_code_from_its_townships(sample_db, tmp_path):
    copy = tmp_path / "county.duckdb"  # a copy: the session's pages hold sample_db open with other settings
    shutil.copy(sample_db, copy)
    assert province.main(["lake", "--from", str(copy), "--out", str(tmp_path / "lake")]) == 0
    assert province.county_codes(tmp_path / "lake") == ["440222"]


def test_build_on_an_empty_lake_says_so_in_chinese(tmp_path, capsys):
    assert province.main(["build", "--lake", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "没有县的数据" in capsys.readouterr().err


def test_two_counties_processed_side_by_side_each_get_a_snapshot_and_rollup_rows(busier_con, tmp_path):
    for county in ("000001", "000002"):
        province.export_county(busier_con, tmp_path / "lake", county)
    done = province.run_build("duckdb", tmp_path / "lake", tmp_path / "out", parallel=2, say=lambda _: None)
    assert sorted(p.name for p in (tmp_path / "out" / "counties").iterdir()) == ["000001.duckdb", "000002.duckdb"]
    rollup = pd.read_parquet(tmp_path / "out" / "rollup.parquet")
    per_county = rollup.groupby("county_code")["visits"].sum().to_dict()
    assert per_county == {"000001": 8, "000002": 8} and done["rollup_rows"] == 72  # 8 member visits each


def test_a_sample_lake_starts_with_the_apps_sample_then_clones_under_new_codes_and_seeds(sample_db, tmp_path):
    assert province.main(["lake", "--counties", "2", "--out", str(tmp_path)]) == 0
    assert province.county_codes(tmp_path) == ["440222", "440223"]
    con = duckdb.connect()
    lake = {c: f"read_parquet('{tmp_path}/activities/county={c}/*.parquet', hive_partitioning = false)"
            for c in ("440222", "440223")}
    copy = tmp_path / "county.duckdb"  # a copy: the session's pages hold sample_db open with other settings
    shutil.copy(sample_db, copy)
    con.execute(f"attach '{copy}' as sample (read_only)")
    differing = "select count(*) from (select * from {} except all select * from sample.activities)"
    assert con.execute(differing.format(lake["440222"])).fetchone() == (0,)
    assert con.execute("select count(*) from sample.activities").fetchone() == \
        con.execute(f"select count(*) from {lake['440222']}").fetchone()
    assert con.execute(differing.format(lake["440223"])).fetchone() != (0,)  # another seed, other data
    assert con.execute(f"select bool_and(township_code like '440223%') from {lake['440223']}").fetchone() == (True,)
