"""A smoke run of the benchmark at scale 1 so that it cannot rot: it completes and naive = app."""

import json

from sanlian import bench


def test_the_benchmark_runs_at_scale_1_and_the_naive_numbers_equal_the_apps(tmp_path, monkeypatch):
    monkeypatch.setenv("SANLIAN_BENCH_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "bench.json"
    status = bench.main(["--scales", "1", "--repeat", "1", "--no-browser", "--users", "2",
                         "--per-user", "1", "--replicas", "1", "--ingest-rows", "300", "--json", str(out)])
    report = json.loads(out.read_text())
    assert status == 0, report["failures"]
    [result] = report["results"]
    assert result["rows"] > 0 and result["build_seconds"] > 0
    assert {p["page"] for p in result["pages"]} >= {"app.py", "pages/visits.py"}
    for page in result["pages"]:
        assert page["queries"] > 0 and page["cold_ms"] > 0 and not page["mismatched"], page
    [load] = result["load"]
    assert {"replicas": 1, "interactions": 2, "errors": [], "differ": 0}.items() <= load.items()
    assert 0 < load["median_ms"] <= load["p95_ms"]
    assert report["ingest"] == {**report["ingest"], "rows": 300, "ok": True}


def test_the_browser_timing_is_part_of_the_default_run():
    assert bench.parse_args([]).browser and not bench.parse_args(["--no-browser"]).browser
