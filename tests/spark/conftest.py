"""The Spark tier: one local Spark session (two cores) for the whole run, and the busier fixture
county (tests/conftest.py) as a one-county Parquet lake loaded into it, derived tables computed by
Spark from derived.sql."""

import pytest

from sanlian import province

COUNTY = "000000"


@pytest.fixture(scope="session")
def lake(busier_con, tmp_path_factory):
    """The busier fixture's raw tables as a lake of one county."""
    path = tmp_path_factory.mktemp("lake")
    province.export_county(busier_con, path, COUNTY)
    return path


@pytest.fixture(scope="session")
def spark(lake):
    """A local Spark session with the fixture county's raw tables and derived.sql's tables and views."""
    session = province.spark_session("local[2]")
    province.spark_load_county(session, str(lake), COUNTY)
    province.spark_derive(session)
    yield session
    session.stop()
