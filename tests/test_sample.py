"""The sample generator: constraints hold, the seed's stories are real rows, townships differ."""

import datetime as dt

import duckdb
import pandas as pd
import pytest

from sanlian import db, settings
from sanlian.sample import generate

REFERENCE_COLUMNS = {
    "townships": ["township_code", "name", "kind", "lon", "lat"],
    "villages": ["village_code", "township_code", "name", "kind", "lon", "lat"],
}
TABLES = ["leaders", "orgs", "members", "households", "leader_townships", "org_villages",
          "member_households", "activities", "issues", "projects", "project_orgs",
          "household_incomes"]
AS_OF = dt.date(2026, 10, 31)


def load_reference() -> dict[str, pd.DataFrame]:
    """Reference geography as the builder passes it: schema columns, codes as text."""
    codes = {"township_code": str, "village_code": str}
    return {name: pd.read_csv(settings.REFERENCE_DIR / f"{name}.csv", dtype=codes)[columns]
            for name, columns in REFERENCE_COLUMNS.items()}


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def sample(reference):
    return generate(reference)


@pytest.fixture(scope="module")
def con(reference, sample):
    """An in-memory database built exactly as the builder will: schema, reference, then sample."""
    db = duckdb.connect()
    db.execute(settings.SCHEMA_FILE.read_text())
    for name, frame in {**reference, **sample}.items():
        db.register("frame", frame)
        db.execute(f"insert into {name} select * from frame")
        db.unregister("frame")
    yield db
    db.close()


def scalar(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_generate_returns_every_table_in_insert_order_with_schema_columns(con, sample):
    assert list(sample) == TABLES
    for name, frame in sample.items():
        columns = [row[0] for row in con.execute(f"describe {name}").fetchall()]
        assert list(frame.columns) == columns, name


def test_every_generated_row_satisfies_the_schema_constraints(con, sample):
    for name, frame in sample.items():
        assert scalar(con, f"select count(*) from {name}") == len(frame) > 0


def test_two_calls_with_the_same_seed_give_identical_frames(reference, sample):
    again = generate(reference)
    for name in TABLES:
        pd.testing.assert_frame_equal(sample[name], again[name], obj=name)


def test_150_orgs_are_actively_paired_with_all_113_village_committees_and_nothing_else(con):
    assert scalar(con, "select count(*) from orgs") == 150
    active = "from org_villages ov join villages v using (village_code) where ov.end_date is null"
    assert scalar(con, f"select count(distinct org_id) {active}") == 150
    assert scalar(con, f"select count(distinct village_code) {active} and v.kind = '村委会'") == 113
    assert scalar(con, f"select count(*) {active} and v.kind <> '村委会'") == 0


def test_some_villages_are_1_plus_n_and_most_are_1_plus_1(con):
    sizes = con.execute("""select count(*) n from org_villages where end_date is null
                           group by village_code""").df()["n"]
    assert (sizes >= 2).sum() >= 10
    assert (sizes == 1).sum() > (sizes >= 2).sum()
    assert sizes.max() <= 4


def test_hua_guan_lectures_and_holds_a_forum_at_anshui_whose_water_issue_is_resolved(con):
    leader = con.execute("select name, post, body from leaders where leader_id = 'LD001'").fetchone()
    assert leader == ("华关", "县委书记", "县委")
    assert scalar(con, """select count(*) from leader_townships where leader_id = 'LD001'
                          and township_code = '440222101' and end_date is null
                          and start_date = date '2022-07-01'""") == 1
    kinds = con.execute("""select kind from activities where leader_id = 'LD001'
                           and activity_date = date '2022-11-18' and village_code = '440222101206'
                           order by kind""").df()["kind"].tolist()
    assert sorted(kinds) == sorted(["宣讲", "座谈会"])
    issue = con.execute("""select i.category, i.scale, i.link, i.assigned_unit, i.due_date,
                                  i.closed_date, i.is_resolved, i.satisfaction, a.kind
                           from issues i join activities a using (activity_id)
                           where a.leader_id = 'LD001' and a.activity_date = date '2022-11-18'""")
    assert issue.fetchall() == [("饮水用水", "重大", 1, "县水务局", dt.date(2022, 12, 18),
                                 dt.date(2022, 12, 15), True, 5, "座谈会")]


def test_the_housing_branch_and_the_sewer_project_branch_fund_zongcun_culture_square(con):
    pairs = con.execute("""select o.name, ov.role from org_villages ov join orgs o using (org_id)
                           where ov.village_code = '440222103210' and ov.end_date is null
                           order by org_id""").fetchall()
    assert pairs == [("县住管局党支部", "牵头"), ("城东区雨污分流管网建设项目党支部", "协同")]
    project = con.execute("""select name, area, investment_yuan, status, start_date, end_date
                             from projects where project_id = 'P0001'""").fetchone()
    assert project == ("总村文化广场", "建设美丽乡村", 300000, "完工", dt.date(2023, 8, 1),
                       dt.date(2023, 12, 28))
    assert scalar(con, "select list(org_id order by org_id) from project_orgs "
                       "where project_id = 'P0001'") == ["ORG001", "ORG002"]


def test_deng_guobin_visits_peng_changyou_monthly_and_his_income_rose_28000(con):
    member = con.execute("""select m.name, o.agency from members m join orgs o using (org_id)
                            where member_id = 'M00001'""").fetchone()
    assert member == ("邓国斌", "县农业农村局")
    household = con.execute("""select head_name, village_code, main_industry from households
                               where household_id = 'H000001'""").fetchone()
    assert household == ("彭长优", "440222108213", "水稻种植")
    months = scalar(con, """select count(distinct date_trunc('month', activity_date)) from activities
                            where member_id = 'M00001' and household_id = 'H000001'""")
    assert months == 52
    assert scalar(con, "select count(*) from activities where note like '%南晶香占%'") >= 1
    gain = scalar(con, """select max(net_income_yuan) filter (year = 2023)
                                 - max(net_income_yuan) filter (year = 2022)
                          from household_incomes where household_id = 'H000001'""")
    assert gain == 28000


def test_the_as_of_date_is_the_last_activity_on_2026_10_31(con):
    assert scalar(con, "select max(activity_date) from activities") == AS_OF
    assert scalar(con, "select min(activity_date) from activities") >= dt.date(2022, 7, 1)


def test_monthly_visit_completion_differs_across_townships_by_at_least_15_points(con):
    rates = con.execute("""
        with pair_months as (
            select mh.member_id, mh.household_id, v.township_code, m.mon
            from member_households mh join households h using (household_id)
            join villages v using (village_code),
            generate_series(date_trunc('month', mh.start_date),
                            date_trunc('month', coalesce(mh.end_date, date '2026-10-31')),
                            interval 1 month) as m(mon)),
        visited as (
            select distinct member_id, household_id, date_trunc('month', activity_date) as mon
            from activities where link = 3)
        select township_code, avg((v.member_id is not null)::int) as rate
        from pair_months p left join visited v using (member_id, household_id, mon)
        group by township_code""").df()["rate"]
    assert rates.max() - rates.min() >= 0.15
    assert rates.min() >= 0.55 and rates.max() <= 0.97


def test_about_one_issue_is_raised_per_eight_to_ten_visits(con):
    ratio = scalar(con, """select (select count(*) from issues where link = 3)
                                  / (select count(*) from activities where link = 3)""")
    assert 1 / 10 <= ratio <= 1 / 8


def test_some_open_issues_are_overdue_in_every_age_band(con):
    bands = con.execute("""
        select case when age <= 15 then 'a' when age <= 30 then 'b' when age <= 60 then 'c'
                    else 'd' end as band, count(*) as n
        from (select date '2026-10-31' - due_date as age from issues
              where closed_date is null and due_date < date '2026-10-31')
        group by band""").df().set_index("band")["n"]
    assert sorted(bands.index) == ["a", "b", "c", "d"]


def test_about_300_projects_cover_all_five_areas_and_investment_differs_by_township(con):
    assert 280 <= scalar(con, "select count(*) from projects") <= 320
    assert scalar(con, "select count(distinct area) from projects") == 5
    spend = con.execute("""select sum(investment_yuan) s from projects join villages using
                           (village_code) group by township_code""").df()["s"]
    assert spend.max() > 3 * spend.min()


def test_scale_1_has_about_2000_members_and_6000_households(sample):
    assert len(sample["members"]) == 2000
    assert 5500 <= len(sample["households"]) <= 6500


def test_scale_2_doubles_members_and_households_but_not_orgs_or_projects(reference, sample):
    double = generate(reference, scale=2)
    assert len(double["members"]) == 2 * len(sample["members"])
    assert 1.8 <= len(double["households"]) / len(sample["households"]) <= 2.2
    assert len(double["orgs"]) == 150 and len(double["projects"]) == len(sample["projects"])


def test_overdue_visits_do_not_swing_with_the_day_of_the_month(sample_db):
    # Members keep a rhythm (each pair near its own day of the month), so the 31-day count on the
    # 12th — what a county sees with data up to then — is close to the count at the month's end.
    days = [dt.date(2026, 10, d) for d in (5, 12, 20, 31)] + [dt.date(2026, 8, 12), dt.date(2026, 8, 31)]
    with duckdb.connect(str(sample_db), read_only=True) as db:  # same configuration as the app's cached connection
        counts = [db.execute("select count(*) filter (where not visited_recently) from pairs_on(?, ?, [])",
                             [day, settings.VISIT_OVERDUE_DAYS]).fetchone()[0] for day in days]
    assert max(counts) / min(counts) < 1.3, counts


def test_no_township_is_last_on_most_of_the_league_table(sample_db):
    # Each township's strengths are drawn independently: a weak spot, never weak everywhere.
    params = {"townships": [], "date_from": dt.date(2025, 11, 1), "date_to": AS_OF, "as_of": AS_OF, "link": 0,
              "overdue_days": settings.VISIT_OVERDUE_DAYS}
    with duckdb.connect(str(sample_db), read_only=True) as con:  # same configuration as the app's cached connection
        card = db.run(con, "township_scorecard", **params)
    worst = [card[c].idxmin() for c in ("visit_completion_rate", "closure_rate", "on_time_rate",
                                         "satisfaction_rate", "median_gain_yuan", "investment_yuan")]
    worst += [card[c].idxmax() for c in ("overdue_open", "overdue_pairs")]
    assert max(worst.count(t) for t in set(worst)) <= 2, card.loc[worst, "township"].tolist()


def year_summaries(sample_db) -> list[dict]:
    """Each program year's visit and issue summary as the app computes it (as of each year's end)."""
    years = []
    with duckdb.connect(str(sample_db), read_only=True) as con:
        for year in range(2022, 2027):
            params = {"townships": [], "date_from": max(dt.date(year, 1, 1), dt.date(2022, 7, 1)),
                      "date_to": min(dt.date(year, 12, 31), AS_OF), "as_of": AS_OF}
            visits = db.run(con, "visit_summary", **params, overdue_days=settings.VISIT_OVERDUE_DAYS)
            issues = db.run(con, "issue_summary", **params, link=0)
            years.append({**visits.iloc[0].to_dict(), **issues.iloc[0].to_dict()})
    return years


def test_the_program_gets_better_year_by_year_from_its_2022_start_up(sample_db):
    # DESIGN/issue 13: years differ so the program's effect shows; each measured at its own year end.
    years = year_summaries(sample_db)
    for name in ("visit_completion_rate", "closure_rate", "on_time_rate", "resolution_rate"):
        rates = [y[name] for y in years]
        assert rates == sorted(rates) and rates[-1] - rates[0] >= 0.05, (name, rates)


def test_about_a_tenth_of_villages_are_red_on_the_map_and_long_stalled_issues_are_rare(sample_db):
    from sanlian import maps
    params = {"townships": [], "date_from": dt.date(2025, 11, 1), "date_to": AS_OF, "as_of": AS_OF, "link": 0,
              "silent_days": settings.SILENT_DAYS}
    with duckdb.connect(str(sample_db), read_only=True) as con:
        villages = db.run(con, "map_villages", **params)
        stalled = con.execute("""select count(*) from issues where closed_date is null
                                 and due_date < date '2026-10-31' - 60""").fetchone()[0]
    red = villages.apply(maps.village_problem, axis=1).eq("逾期未办结").sum()
    assert (red, len(villages)) == (13, 129)  # 58 before the sample's handling was made honest
    assert 1 <= stalled <= 5


def test_the_drought_water_complaint_is_not_raised_again_in_mashi_after_it_was_solved(con):
    repeats = scalar(con, """select count(*) from issues where township_code = '440222101'
                             and summary like '%干旱%' and raised_date > date '2022-12-15'""")
    assert repeats == 0
