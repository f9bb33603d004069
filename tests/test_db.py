"""The query layer: every query declares what it binds, and every query is exercised."""


import pytest

from sanlian import db, settings

QUERIES = sorted(p.stem for p in settings.QUERIES_DIR.glob("*.sql"))


@pytest.mark.parametrize("name", QUERIES)
def test_query_header_says_what_a_row_is_and_declares_its_params(name):
    header = db.sql_text(name).splitlines()[0]
    assert header.startswith("-- One row") and "Params:" in header
    assert db.declared_params(name) == db.used_params(name)


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_is_exercised_by_a_test_or_a_page(name):
    root = settings.ROOT
    sources = [*(root / "tests").glob("*.py"), root / "app.py", *(root / "pages").glob("*.py"),
               *(root / "sanlian").glob("*.py")]
    assert any(f'"{name}"' in p.read_text(encoding="utf-8") for p in sources if p.exists())


def test_missing_parameter_is_named_in_the_error(fixture_con):
    with pytest.raises(KeyError, match="townships"):
        db.run(fixture_con, "visit_summary", date_from=None, date_to=None, as_of=None)
