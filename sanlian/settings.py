"""Paths and knobs, each overridable by an environment variable."""

import os
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = Path(os.environ.get("SANLIAN_REFERENCE_DIR", ROOT / "data" / "reference"))
QUERIES_DIR = ROOT / "queries"
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
DERIVED_FILE = Path(__file__).with_name("derived.sql")

SCHEMA_VERSION = 3
SAMPLE_SEED = 20221016


def db_path() -> Path:
    """The database file: `SANLIAN_DB` if set, else data/sanlian.duckdb (read at call time)."""
    return Path(os.environ.get("SANLIAN_DB", ROOT / "data" / "sanlian.duckdb"))


def keep_snapshots() -> int:
    """How many earlier data snapshots to keep besides the current one (SANLIAN_KEEP_SNAPSHOTS)."""
    return max(0, int(os.environ.get("SANLIAN_KEEP_SNAPSHOTS", "3")))


def users_path() -> Path:
    """The users file (sign-in): `SANLIAN_USERS` if set, else ~/.sanlian/users.json — never in the
    repository. Without this file the app runs in the open demo mode on sample data only."""
    return Path(os.environ.get("SANLIAN_USERS", Path.home() / ".sanlian" / "users.json")).expanduser()


# Sign-in: after SIGNIN_MAX_FAILURES wrong passwords in a row a user name is locked for
# SIGNIN_LOCK_SECONDS; every failure also waits SIGNIN_FAIL_DELAY seconds.
SIGNIN_MAX_FAILURES = int(os.environ.get("SANLIAN_SIGNIN_MAX_FAILURES", "5"))
SIGNIN_LOCK_SECONDS = int(os.environ.get("SANLIAN_SIGNIN_LOCK_SECONDS", "300"))
# Also counted per client address, so that one address cannot try many names.
SIGNIN_MAX_PER_ADDRESS = int(os.environ.get("SANLIAN_SIGNIN_MAX_PER_ADDRESS", "20"))
SIGNIN_FAIL_DELAY = float(os.environ.get("SANLIAN_SIGNIN_FAIL_DELAY", "1.0"))
# A sign-in lasts this long, in its tab and across reloads and shared links in the same browser.
SESSION_HOURS = float(os.environ.get("SANLIAN_SESSION_HOURS", "8"))


# Sample data window (DESIGN §3): activities from the program's start to the sample's as-of date.
SAMPLE_START = "2022-07-01"
SAMPLE_AS_OF = "2026-10-31"
SAMPLE_INCOME_YEARS = (2021, 2025)

# DuckDB's memory in the app (its buffer pool and query working memory). Larger queries spill to
# <database>.tmp/ instead of growing the server: at 100× the sample the app stays near 1 GB.
DUCKDB_MEMORY_LIMIT = os.environ.get("SANLIAN_DUCKDB_MEMORY_LIMIT", "512MB")

# Query cache lifetime in the app; imports clear it at once.
QUERY_TTL_SECONDS = int(os.environ.get("SANLIAN_QUERY_TTL", "3600"))
QUERY_CACHE_ENTRIES = int(os.environ.get("SANLIAN_QUERY_CACHE_ENTRIES", "2000"))

# Lists longer than this show their first rows on screen; their exports always hold every row.
TABLE_ROWS_SHOWN = int(os.environ.get("SANLIAN_TABLE_ROWS_SHOWN", "1000"))

# 超期未走访 and 沉默结对 (DESIGN §4): a pair is overdue for a visit after VISIT_OVERDUE_DAYS days
# without one and silent after SILENT_DAYS days without any activity, counted back from 时段末.
# Both at least 31: derived.sql's pairs_on reads them from one month row, exact for a month or more.
VISIT_OVERDUE_DAYS = max(31, int(os.environ.get("SANLIAN_VISIT_OVERDUE_DAYS", "31")))
SILENT_DAYS = max(31, int(os.environ.get("SANLIAN_SILENT_DAYS", "60")))

# Targets (DESIGN §4): (green at or above, amber at or above) per rate, 0–1; below amber is red.
# The defaults: SANLIAN_TARGETS="closure_rate=0.95:0.8,…" changes them; the 目标设置 page saves a
# county's own in the state store over them. Read only by the metric registry (labels.METRICS),
# which every card, table, map and slide asks; it re-reads the saved ones every TARGETS_TTL_SECONDS.
RAG_THRESHOLDS = {
    "village_coverage": (1.0, 0.9),
    "visit_completion_rate": (0.85, 0.70),
    "evidence_rate": (0.80, 0.60),
    "closure_rate": (0.90, 0.75),
    "on_time_rate": (0.85, 0.70),
    "satisfaction_rate": (0.90, 0.80),
    "share_with_gain": (0.75, 0.60),
}


def _targets_from_env(text: str) -> dict[str, tuple[float, float]]:
    """'closure_rate=0.95:0.8,on_time_rate=0.9:0.75' → {'closure_rate': (0.95, 0.8), …}."""
    pairs = (item.split("=") for item in text.split(",") if item.strip())
    return {name.strip(): tuple(float(v) for v in value.split(":")) for name, value in pairs}


RAG_THRESHOLDS.update(_targets_from_env(os.environ.get("SANLIAN_TARGETS", "")))
TARGETS_TTL_SECONDS = 3

# The sample's examples (典型案例), the seed report's three stories: the household of the 28,000-yuan
# rice story, the 300,000-yuan 总村 culture square, and 华关's lecture and forum at 安水村.
EXAMPLE_HOUSEHOLD_ID = "H000001"
EXAMPLE_PROJECT_ID = "P0001"
EXAMPLE_LEADER_VISIT = {"leader_id": "LD001", "village_code": "440222101206", "activity_date": date(2022, 11, 18)}

# The pairing map (结对地图, DESIGN §6). The outline is real; township shapes are drawn from
# townships.geojson when a county supplies one (a `township_code` or `name` property per
# feature), else as schematic cells. Agencies sit in the county seat's township.
COUNTY_OUTLINE_FILE = REFERENCE_DIR / "county-outline.geojson"
TOWNSHIP_SHAPES_FILE = REFERENCE_DIR / "townships.geojson"
COUNTY_SEAT_TOWNSHIP = os.environ.get("SANLIAN_COUNTY_SEAT", "440222100")

# Ledger imports (数据管理): upload limits checked on the server, and how many problems to list.
INGEST_MAX_BYTES = int(os.environ.get("SANLIAN_INGEST_MAX_BYTES", str(20 * 1024 * 1024)))
INGEST_MAX_ROWS = int(os.environ.get("SANLIAN_INGEST_MAX_ROWS", "200_000"))
INGEST_MAX_PROBLEMS = 20_000
# Bounded reading: a sheet may reach at most INGEST_MAX_COLUMNS columns and INGEST_MAX_CELLS cells
# from A1 to its last filled cell (checked before the sheet is loaded, so a small file that claims a
# huge sheet is refused instead of filling the server's memory); a cell holds at most
# INGEST_MAX_TEXT characters. Sizes in MB are as Streamlit counts them (server.maxUploadSize): 2^20 bytes.
INGEST_MAX_COLUMNS = int(os.environ.get("SANLIAN_INGEST_MAX_COLUMNS", "500"))
INGEST_MAX_CELLS = int(os.environ.get("SANLIAN_INGEST_MAX_CELLS", "4_000_000"))
INGEST_MAX_TEXT = 2_000


def log_path() -> Path:
    """Where the command lines write the traceback of an unexpected error: `SANLIAN_LOG` if set,
    else ~/.sanlian/errors.log (the app writes it to the server's log)."""
    return Path(os.environ.get("SANLIAN_LOG", Path.home() / ".sanlian" / "errors.log")).expanduser()
