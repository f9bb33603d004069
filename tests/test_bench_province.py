"""The province benchmark (sanlian.bench.province) on the fixture county's lake, DuckDB engine only
(the Spark batch is the spark tier's): it runs the real command and counts what it wrote."""

from sanlian import bench, province
from sanlian.bench import province as bench_province


def test_the_province_benchmark_measures_the_duckdb_batch_and_counts_its_rows(busier_con, tmp_path, monkeypatch):
    monkeypatch.setenv("SANLIAN_BENCH_CACHE", str(tmp_path / "cache"))
    province.export_county(busier_con, tmp_path / "lake", "000000")
    result = bench_province.measure_province(1, engines=("duckdb",), lake=tmp_path / "lake")
    assert result["lake_rows"] == {"counties": 1, "activities": 10}
    batch = result["duckdb"]
    assert batch["seconds"] > 0 and batch["peak_mb"] > 20
    assert batch["rollup_rows"] == 36  # months with a pair in force: 2021-01 to 2022-06 and 2023-01 to 2024-06
    lines = bench_province.report_lines(result)
    assert any(line.startswith("| duckdb |") for line in lines)


def test_the_province_flag_is_read():
    args = bench.parse_args(["--province", "--counties", "3"])
    assert args.province and args.counties == 3
