"""Every page in AppTest on the sample database: it renders for any filter and its numbers agree with SQL."""


import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from sanlian import labels, settings
from sanlian.nav import existing_pages

PAGES = [p.path for p in existing_pages() if p.path not in ("pages/data.py", "pages/map.py",
                                                            "pages/present.py", "pages/audit.py")]
FILTERS = {
    "no filter": {},
    "one township": {"town": "马市镇"},
    "matches nothing": {"from": "2020-01-01", "to": "2020-12-31"},
}
MASHI = {"town": "马市镇", "from": "2025-01-01", "to": "2025-12-31"}


def run_page(path: str, **query_params) -> AppTest:
    at = AppTest.from_file(str(settings.ROOT / "app.py"), default_timeout=60)
    for key, value in query_params.items():
        at.query_params[key] = value
    if path != "app.py":
        at.switch_page(path)
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def sql_value(db, statement: str):
    with duckdb.connect(str(db), read_only=True) as con:  # same configuration as the app's cached connection
        return con.execute(statement).fetchone()[0]


@pytest.fixture
def sample(sample_db, use_db):
    return use_db(sample_db)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("case", FILTERS)
def test_page_renders_without_exception(sample, path, case):
    at = run_page(path, **FILTERS[case])
    assert not at.exception, at.exception
    assert at.title and at.caption and "数据截至" in at.caption[0].value


@pytest.mark.parametrize("path", [p for p in PAGES if p not in ("pages/township.py", "pages/village.py")])
def test_a_filter_matching_nothing_gives_the_empty_state(sample, path):
    at = run_page(path, **FILTERS["matches nothing"])
    assert at.info and ("没有" in at.info[0].value)
    assert not at.metric


@pytest.mark.parametrize("path", PAGES)
def test_every_page_says_sample_data_while_the_sample_is_loaded(sample, path):
    assert labels.SAMPLE_BADGE in run_page(path).caption[0].value


def test_issue_numbers_for_mashi_in_2025_equal_direct_sql(sample):
    raised, closed = [sql_value(sample, f"""
        select {expr} from issues i join townships t using (township_code)
        where t.name = '马市镇' and raised_date between '2025-01-01' and '2025-12-31'""")
        for expr in ("count(*)", "count(*) filter (where closed_date <= '2025-12-31')")]
    shown = metrics(run_page("pages/issues.py", **MASHI))
    assert shown["民情收集量"] == f"{raised:,}"
    assert shown["办结率"] == f"{closed / raised * 100:.1f}%"


def test_visit_numbers_for_mashi_in_2025_equal_direct_sql(sample):
    visits = sql_value(sample, """
        select count(*) from activities a join townships t using (township_code)
        where t.name = '马市镇' and link = 3 and activity_date between '2025-01-01' and '2025-12-31'""")
    assert metrics(run_page("pages/visits.py", **MASHI))["党员走访户次"] == f"{visits:,}"
    assert metrics(run_page("app.py", **MASHI))["党员走访户次"] == f"{visits:,}"


def test_investment_for_mashi_in_2025_equal_direct_sql(sample):
    total = sql_value(sample, """
        select coalesce(sum(investment_yuan), 0) from projects p join villages v using (village_code)
        join townships t on t.township_code = v.township_code
        where t.name = '马市镇' and start_date between '2025-01-01' and '2025-12-31' and status <> '规划'""")
    assert metrics(run_page("pages/projects.py", **MASHI))["共建投入"] == labels.wan_yuan(total)


def test_stalled_projects_count_every_project_stalled_at_the_period_end(sample):
    # 本季度 of the sample: few projects start in it, but every stalled one counts.
    as_of = sql_value(sample, "select as_of_date from meta")
    stalled = sql_value(sample, f"""
        select count(*) from projects where status not in ('规划', '完工')
            and start_date <= date '{as_of}' and end_date < date '{as_of}'""")
    shown = metrics(run_page("pages/projects.py", **{"from": "2026-10-01", "to": "2026-10-31"}))
    assert stalled > 0 and shown["停滞项目（时点）"] == f"{stalled:,}"


def test_the_same_number_agrees_across_pages(sample):
    shown = [metrics(run_page(path, **MASHI))["户增收中位数"]
             for path in ("app.py", "pages/incomes.py", "pages/township.py")]
    assert len(set(shown)) == 1 and shown[0] != "—"


def test_township_portrait_follows_the_township_filter(sample):
    at = run_page("pages/township.py", town="顿岗镇")
    assert at.selectbox(key="portrait_town").value == "顿岗镇"
    coverage = metrics(at)["结对机关党组织（时点）"]
    orgs = sql_value(sample, """
        select count(distinct org_id) from org_villages o join villages v using (village_code)
        where v.township_code = '440222103' and o.start_date <= date '2026-10-31'
          and (o.end_date is null or o.end_date >= date '2026-10-31')""")
    assert coverage == str(orgs)


def test_income_page_shows_the_seed_story_as_a_labelled_example(sample):
    at = run_page("pages/incomes.py", **{"from": "2022-07-01"})
    assert any("典型案例" in m.value for m in at.markdown)
    assert any("彭长优" in m.value for m in at.markdown)
    history = next(d.value for d in at.dataframe if "年度" in d.value.columns)
    assert history.iloc[0].tolist() == ["2021", "92,000", "—"]  # no baseline: a dash, not "None"
    assert "28,000" in history.iloc[:, 2].tolist()  # the report's 2023 gain


def test_a_long_list_shows_its_first_rows_and_says_the_export_has_all(sample, monkeypatch):
    monkeypatch.setattr(settings, "TABLE_ROWS_SHOWN", 25)
    at = run_page("pages/issues.py", **MASHI)
    raised = int(metrics(at)["民情收集量"].replace(",", ""))
    assert raised > 25
    assert len(at.dataframe[-1].value) == 25  # 民情问题明细, the last table of the page
    assert f"共 {raised:,} 条，表中列出前 25 条；导出的文件含全部 {raised:,} 条。" in [c.value for c in at.caption]


def test_the_income_gain_help_names_the_years_it_compares(sample):
    at = run_page("pages/incomes.py", **MASHI)
    median = next(m for m in at.metric if m.label == "户增收中位数")
    assert "本时段比较 2025 年与 2024 年" in median.proto.help
    at = run_page("pages/incomes.py", **{**MASHI, "to": "2025-12-30"})
    median = next(m for m in at.metric if m.label == "户增收中位数")
    assert "本时段比较 2024 年与 2023 年" in median.proto.help


@pytest.mark.parametrize("path", PAGES)
def test_a_period_wholly_after_the_as_of_date_shows_the_empty_state_not_red_deltas(sample, path):
    at = run_page(path, **{"from": "2026-11-01", "to": "2026-12-31"})
    assert not at.exception
    assert at.info and "之后" in at.info[0].value
    assert not at.metric


def test_a_period_reaching_past_the_as_of_date_is_cut_there_with_a_notice(sample):
    at = run_page("app.py", **{"from": "2026-01-01", "to": "2026-12-31"})
    assert "晚于数据截至日" in at.info[0].value and "共 304 天" in at.info[0].value
    assert "2026年1月1日至2026年10月31日" in at.caption[0].value  # the period as counted
    visits, before = [sql_value(sample, f"""
        select count(*) from activities where link = 3 and activity_date between '{start}' and '{end}'""")
        for start, end in (("2026-01-01", "2026-10-31"), ("2025-03-03", "2025-12-31"))]
    card = next(m for m in at.metric if m.label == "党员走访户次")
    assert card.value == f"{visits:,}"
    assert card.proto.delta.replace(",", "") == f"{'+' if visits > before else '-'}{abs(visits - before)}"
    assert card.proto.delta_description.startswith("较上期")  # 同比 follows it on 总览


def test_satisfaction_rate_says_how_many_issues_were_rated(sample):
    rated = sql_value(sample, """
        select count(satisfaction) from issues i join townships t using (township_code)
        where t.name = '马市镇' and raised_date between '2025-01-01' and '2025-12-31'
            and closed_date <= '2025-12-31'""")
    labels_shown = [m.label for m in run_page("app.py", **MASHI).metric]
    assert f"满意率（已评价 {rated:,} 件）" in labels_shown


def test_the_link_filter_marks_every_card_it_does_not_change(sample):
    at = run_page("app.py", **MASHI, link="1")
    shown = {m.label for m in at.metric}
    assert f"党员走访户次（{labels.NOT_BY_LINK}）" in shown and f"结对机关党组织（时点）（{labels.NOT_BY_LINK}）" in shown
    assert "民情收集量" in shown and "办结率" in shown
    assert any("只筛选民情问题" in c.value for c in at.caption)
    unmarked = {m.label for m in run_page("app.py", **MASHI).metric}
    assert not any(labels.NOT_BY_LINK in label for label in unmarked)


def test_cards_compare_with_the_same_dates_a_year_earlier_when_asked(sample):
    at = run_page("pages/visits.py", **MASHI, cmp="yoy")  # 总览 compares one township with the county
    visits, before = [sql_value(sample, f"""
        select count(*) from activities a join townships t using (township_code)
        where t.name = '马市镇' and link = 3 and activity_date between '{start}' and '{end}'""")
        for start, end in (("2025-01-01", "2025-12-31"), ("2024-01-01", "2024-12-31"))]
    card = next(m for m in at.metric if m.label == "党员走访户次")
    assert card.proto.delta.replace(",", "") == f"{'+' if visits > before else '-'}{abs(visits - before)}"
    assert card.proto.delta_description == "同比"
    assert "同比" in card.proto.help


def test_the_home_page_tells_the_seed_reports_three_stories_by_default(sample):
    at = run_page("app.py")
    text = "\n".join(m.value for m in at.markdown)
    assert "县委书记华关到马市镇安水村委会开展宣讲、座谈会" in text and "办结并已解决" in text
    assert "总村文化广场" in text and "30.0 万元" in text
    assert "彭长优户（水稻种植）：2023 年家庭纯收入 126,000 元，比上年增加 28,000 元" in text and "140 亩" in text
