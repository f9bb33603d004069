"""The portable SQL subset (sanlian.portable): derived.sql and every query stay inside it, each rule
catches what it is for, and the Spark translation keeps percentiles exact and inlines every macro."""

import duckdb
import pytest
import sqlglot

from sanlian import db, macros, portable, settings
from tests.conftest import FIXTURE_AS_OF, load_fixture
from tests.query_params import WHOLE_COUNTY, params_for, query_names


def test_derived_sql_and_every_query_are_portable():
    assert portable.lint() == {}


@pytest.mark.parametrize(("sql", "says"), [
    ("select len($t) from a", "array_length"),
    ("select * from a where x = any($t)", "list_contains"),
    ("select cast(unnest(l) as date) from a", "unnest inside a cast"),
    ("select string_agg(distinct x, '、') from a", "string_agg needs `order by`"),
    ("select approx_quantile(x, 0.5) from a", "approximate"),
    ("select quantile_cont(x, $q) from a", "literal q"),
    ("select percentile_cont(0.5) within group (order by x) from a", "within group"),
    ("select k, count(*) from a group by all", "group by all"),
    ("select * from a semi join b using (k)", "semi join b"),
    ("select * from a anti join b using (k)", "anti join b"),
    ("select * replace (1 as x) from a", "list the columns"),
    ("select 1 as x union all by name select 2 as x", "by name"),
    ("select a.*, b.y from a join b using (k)", "join … on"),
])
def test_each_rule_names_the_construct_and_its_portable_form(sql, says):
    found = portable.lint_text(sql)
    assert len(found) == 1 and says in found[0]


def test_portable_forms_pass():
    assert portable.lint_text(
        "select string_agg(x, '、' order by x), median(x), quantile_cont(x, 0.9) from a "
        "where array_length($t) = 0 or list_contains($t, k) group by k") == []


def spark_sql(name: str) -> str:
    known = macros.read_macros(settings.DERIVED_FILE.read_text(encoding="utf-8"))
    tree = portable.query_tree(settings.QUERIES_DIR / f"{name}.sql")
    return portable.to_spark(tree, known, params_for(name, WHOLE_COUNTY))


def test_percentiles_become_spark_exact_percentile_never_the_approximate_one():
    sql = spark_sql("income_gain_by_township")
    assert sql.count("PERCENTILE(") == 5 and "APPROX" not in sql.upper()


@pytest.mark.parametrize("name", query_names())
def test_every_query_translates_to_spark_with_no_macro_or_parameter_left(name):
    sql = spark_sql(name)
    known = macros.read_macros(settings.DERIVED_FILE.read_text(encoding="utf-8"))
    called = {f.name.lower() for f in sqlglot.parse_one(sql, read="spark").find_all(sqlglot.exp.Anonymous)}
    assert not called & set(known) and "$" not in sql and " LENGTH(" not in sql.upper()


def test_a_household_with_two_members_lists_them_in_name_order_every_time():
    con = duckdb.connect()  # 赵四 (M2) also looked after 陈甲 (H1) in the gain year 2023
    load_fixture(con, "insert into member_households values ('M2', 'H1', date '2023-02-01', date '2023-10-31');")
    gains = db.run(con, "household_income_gains", townships=[], date_to=FIXTURE_AS_OF, as_of=FIXTURE_AS_OF)
    assert gains.set_index("household_id").loc["H1", "member_name"] == "张三、赵四"
