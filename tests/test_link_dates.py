"""Far-out dates in a shared link (?to=9999-12-31, ?from=0001-01-01) open every page with a notice
instead of an OverflowError, and the page's own link then carries the moved dates."""

import pytest

from sanlian.nav import existing_pages
from tests.test_pages import run_page

FAR = {
    "to 9999-12-31": {"to": "9999-12-31"},
    "from 0001-01-01, year on year": {"from": "0001-01-01", "cmp": "yoy"},
    "both": {"from": "0001-01-01", "to": "9999-12-31"},
}


@pytest.fixture
def sample(sample_db, use_db, tmp_path):
    # A copy: other tests' subprocesses open the shared sample file.
    path = use_db(tmp_path / "sample.duckdb")
    path.write_bytes(sample_db.read_bytes())
    return path


@pytest.mark.parametrize("case", FAR)
@pytest.mark.parametrize("path", [p.path for p in existing_pages()])
def test_a_link_with_far_out_dates_opens_every_page_with_a_notice(sample, path, case):
    at = run_page(path, **FAR[case])
    assert not at.exception
    assert any("太远，已改为" in w.value for w in at.warning)
    assert at.title and "数据截至" in at.caption[0].value
    for key in ("from", "to"):
        assert not at.query_params.get(key, [""])[0].startswith(("0001", "9999"))
