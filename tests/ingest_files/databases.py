"""Database fixtures for the ingest tests: the real geography with a tiny imported world."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from sanlian import build, ingest
from sanlian.state import url_for
from tests.ingest_files import BASE, ledger_xlsx


def sha256(path: Path) -> str:
    """The file's digest (the connection must be closed)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_import(path: Path, file_name: str, content: bytes, table: str, **options) -> ingest.Report:
    """Import as the page and the command line do: into a new snapshot, recorded in the state store."""
    return ingest.import_file(path, file_name, content, table, **options)


@pytest.fixture(scope="session")
def county_db_template(tmp_path_factory) -> Path:
    """An empty real-geography database with BASE imported; never written by tests."""
    path = build.build(tmp_path_factory.mktemp("county") / "county.duckdb", "empty")
    report = run_import(path, "base.xlsx", ledger_xlsx(BASE), "all")
    assert report.written, report.text()
    return path


@pytest.fixture
def county_db(county_db_template, tmp_path) -> Path:
    """A private copy of the county database, and of its state store (the base import's records),
    for one test."""
    copy = Path(shutil.copy(county_db_template, tmp_path / "county.duckdb"))
    source = url_for(county_db_template).removeprefix("sqlite:///")
    with sqlite3.connect(source) as src, sqlite3.connect(url_for(copy).removeprefix("sqlite:///")) as dst:
        src.backup(dst)
    return copy
