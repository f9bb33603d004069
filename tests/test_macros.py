"""The macro expander (sanlian.macros): every query with derived.sql's macros inlined gives DuckDB
exactly the rows the query gives with the macros, for both parameter sets."""

import pandas as pd
import pytest
import sqlglot

from sanlian import db, macros, settings
from tests.query_params import PARAM_SETS, params_for, query_names

KNOWN = macros.read_macros(settings.DERIVED_FILE.read_text(encoding="utf-8"))


def inline(sql: str) -> str:
    return macros.expand(sqlglot.parse_one(sql, read="duckdb"), KNOWN).sql("duckdb")


def test_every_macro_of_derived_sql_is_read_with_its_parameters():
    assert KNOWN["pairs_on"].params == ("ref_date", "days", "townships") and KNOWN["pairs_on"].is_table
    assert KNOWN["period_end"].params == ("date_to", "as_of") and not KNOWN["period_end"].is_table
    assert not KNOWN["gain_year"].is_table  # a scalar subquery, not a table macro


def test_a_scalar_macro_keeps_its_precedence_inside_an_expression():
    assert inline("select not project_done_on(s, e, r) from t") == \
        "SELECT NOT (s = '完工' AND e <= r) FROM t"


def test_a_parameter_shadows_a_column_of_the_same_name_and_qualified_columns_stay():
    assert inline("select * from leader_posts_on(d, ['T1']) as p") == (
        "SELECT * FROM (SELECT * FROM leader_townships WHERE start_date <= d AND (end_date IS NULL "
        "OR end_date >= d) AND (ARRAY_LENGTH(['T1']) = 0 OR ARRAY_CONTAINS(['T1'], township_code))) AS p")


def test_a_macro_called_with_the_wrong_number_of_arguments_is_an_error():
    with pytest.raises(ValueError, match="period_end takes 2 arguments"):
        inline("select period_end(d) from t")


@pytest.mark.parametrize("params", PARAM_SETS.values(), ids=PARAM_SETS.keys())
@pytest.mark.parametrize("name", query_names())
def test_inlined_query_gives_the_same_rows_on_duckdb(busier_con, name, params):
    bound = db.bind(name, params_for(name, params))
    with_macros = busier_con.cursor().execute(db.sql_text(name), bound).df()
    inlined = busier_con.cursor().execute(inline(db.sql_text(name)), bound).df()
    pd.testing.assert_frame_equal(inlined, with_macros)
