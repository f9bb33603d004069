"""`python -m sanlian.build`: bad arguments, protected targets, atomic writes, the empty build."""

import os
import subprocess
import sys

import duckdb
import pytest

from sanlian import build, settings


@pytest.mark.parametrize("scale", ["0", "-3", "abc", "1.5"])
def test_a_bad_scale_is_refused_with_a_message(scale, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build.main(["--scale", scale, "--out", str(tmp_path / "x.duckdb")])
    assert exit_info.value.code != 0
    assert "--scale" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()


def test_an_unwritable_out_is_refused_with_a_chinese_message(tmp_path, capsys):
    assert build.main(["--empty", "--out", str(tmp_path / "missing-dir" / "x.duckdb")]) == 1
    assert "无法写入" in capsys.readouterr().err


def test_empty_build_has_reference_geography_and_no_activity(tmp_path):
    out = build.build(tmp_path / "empty.duckdb", "empty")
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select count(*) from townships").fetchone()[0] == 10
        kinds = dict(con.execute("select kind, count(*) from villages group by kind").fetchall())
        assert kinds == {"村委会": 113, "居委会": 14, "林场生活区": 2}
        assert con.execute("select count(*) from activities").fetchone()[0] == 0
        assert con.execute("select dataset_kind, schema_version from meta").fetchone() == (
            "empty", settings.SCHEMA_VERSION)


def test_a_database_of_imported_data_is_not_overwritten_without_force(tmp_path, capsys):
    out = build.build(tmp_path / "real.duckdb", "empty")
    with duckdb.connect(str(out)) as con:
        con.execute("update meta set dataset_kind = 'imported'")
    assert build.main(["--empty", "--out", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert build.main(["--empty", "--out", str(out), "--force"]) == 0
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("select dataset_kind from meta").fetchone()[0] == "empty"


def test_a_file_that_is_not_a_database_is_kept_unless_forced(tmp_path, capsys):
    out = tmp_path / "notes.duckdb"
    out.write_text("这不是数据库")
    assert build.main(["--empty", "--out", str(out)]) == 1
    assert out.read_text() == "这不是数据库"
    err = capsys.readouterr().err
    assert "不是 DuckDB 数据库" in err and "请勿删除" in err and "--force" not in err


def test_a_crashed_build_leaves_the_old_database_and_no_temporary_file(tmp_path, monkeypatch):
    out = build.build(tmp_path / "db.duckdb", "empty")
    before = out.read_bytes()

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(build, "refresh_derived", crash)
    with pytest.raises(RuntimeError):
        build.build(out, "empty")
    assert out.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "db.duckdb.snapshots").iterdir()) == [out.resolve().name]
    assert not [p for p in tmp_path.iterdir() if "building" in p.name or "writing" in p.name]


def test_the_build_command_runs_as_a_module_and_honours_sanlian_db(tmp_path):
    target = tmp_path / "env.duckdb"
    result = subprocess.run([sys.executable, "-m", "sanlian.build", "--empty"], cwd=settings.ROOT,
                            env={**os.environ, "SANLIAN_DB": str(target)}, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert target.exists() and "已生成" in result.stdout
