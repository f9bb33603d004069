"""Parameter sets that run every query in queries/ against the fixture (tests/fixture.sql): the
whole county (全县, the empty township list) and one township with one link, so that every
filter is crossed. Used wherever a query must give the same rows two ways (macros inlined; Spark)."""

from datetime import date

from sanlian import db, settings
from tests.conftest import FIXTURE_AS_OF

# One value per parameter any query declares; a query takes the ones its header names.
WHOLE_COUNTY = {
    "townships": [], "date_from": date(2024, 1, 1), "date_to": date(2024, 6, 30), "as_of": FIXTURE_AS_OF,
    "link": 0, "overdue_days": 31, "silent_days": 60, "today": date(2024, 6, 1), "household_id": "H1",
    "leader_id": "L1", "village_code": "V11", "activity_date": date(2024, 6, 30), "project_id": "P1",
}
ONE_TOWNSHIP = {
    **WHOLE_COUNTY, "townships": ["T1"], "date_from": date(2023, 7, 2), "date_to": date(2024, 3, 31),
    "link": 3, "overdue_days": 45, "silent_days": 30, "today": date(2024, 1, 1), "household_id": "H3",
    "project_id": "P2",
}
PARAM_SETS = {"全县": WHOLE_COUNTY, "甲镇": ONE_TOWNSHIP}


def query_names() -> list[str]:
    """Every query in queries/."""
    return sorted(path.stem for path in settings.QUERIES_DIR.glob("*.sql"))


def params_for(name: str, values: dict) -> dict:
    """The parameters query `name` declares, from `values`."""
    return {p: values[p] for p in db.declared_params(name)}
