"""Paths and knobs, each overridable by an environment variable."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = Path(os.environ.get("SANLIAN_REFERENCE_DIR", ROOT / "data" / "reference"))
QUERIES_DIR = ROOT / "queries"
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
DERIVED_FILE = Path(__file__).with_name("derived.sql")

SCHEMA_VERSION = 1
SAMPLE_SEED = 20221016


def db_path() -> Path:
    """The database file: `SANLIAN_DB` if set, else data/sanlian.duckdb (read at call time)."""
    return Path(os.environ.get("SANLIAN_DB", ROOT / "data" / "sanlian.duckdb"))


# Sample data window (DESIGN §3): activities from the program's start to the sample's as-of date.
SAMPLE_START = "2022-07-01"
SAMPLE_AS_OF = "2026-10-31"
SAMPLE_INCOME_YEARS = (2021, 2025)

# Metric windows (DESIGN §4), in days before as-of.
VISIT_OVERDUE_DAYS = 31
SILENT_PAIRING_DAYS = 60

# Query cache lifetime in the app; imports clear it at once.
QUERY_TTL_SECONDS = int(os.environ.get("SANLIAN_QUERY_TTL", 3600))
