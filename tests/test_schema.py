"""The schema's constraints reject rows a clerk or a bug could produce."""

import duckdb
import pytest

from tests.conftest import load_fixture

BAD_ROWS = [
    ("link outside 1–3",
     "insert into activities (activity_id, activity_date, link, kind, township_code) "
     "values (99, date '2024-01-01', 4, '走访', 'T1')"),
    ("unknown activity kind",
     "insert into activities (activity_id, activity_date, link, kind, org_id, township_code) "
     "values (99, date '2024-01-01', 2, '聚餐', 'O1', 'T1')"),
    ("member visit without a household",
     "insert into activities (activity_id, activity_date, link, kind, member_id, township_code) "
     "values (99, date '2024-01-01', 3, '走访', 'M1', 'T1')"),
    ("satisfaction 6", "update issues set satisfaction = 6 where issue_id = 2"),
    ("closed before raised", "update issues set closed_date = date '2024-01-01' where issue_id = 2"),
    ("unknown issue scale", "update issues set scale = '巨大' where issue_id = 2"),
    ("open issue marked resolved", "update issues set is_resolved = true where issue_id = 4"),
    ("village kind not in the list",
     "insert into villages values ('V99', 'T1', '某村', '自然村', null, null)"),
    ("village in an unknown township",
     "insert into villages values ('V99', 'T9', '某村', '村委会', null, null)"),
    ("leader body not one of the four",
     "insert into leaders values ('L9', '某人', '局长', '县纪委')"),
    ("org type not in the list", "insert into orgs values ('O9', '某组织', '某局', '团支部')"),
    ("pairing role not in the list",
     "insert into org_villages values ('O1', 'V12', '主办', date '2024-01-01', null)"),
    ("pairing ending before it starts",
     "insert into org_villages values ('O1', 'V12', '牵头', date '2024-01-01', date '2023-01-01')"),
    ("project area not one of the five", "update projects set area = '其他' where project_id = 'P1'"),
    ("negative investment", "update projects set investment_yuan = -1 where project_id = 'P1'"),
    ("project status not in the list", "update projects set status = '暂停' where project_id = 'P1'"),
    ("negative income", "update household_incomes set net_income_yuan = -5 where household_id = 'H1'"),
    ("duplicate income year", "insert into household_incomes values ('H1', 2023, 1)"),
    ("member of an unknown org", "insert into members values ('M9', '某人', 'O9', null)"),
    ("meta with an unknown dataset kind", "update meta set dataset_kind = 'mixed'"),
]


@pytest.fixture
def con():
    con = duckdb.connect()
    load_fixture(con)
    yield con
    con.close()


@pytest.mark.parametrize("what, statement", BAD_ROWS, ids=[w for w, _ in BAD_ROWS])
def test_constraint_rejects(con, what, statement):
    with pytest.raises(duckdb.ConstraintException):
        con.execute(statement)
