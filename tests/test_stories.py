"""典型案例 text (sanlian.stories): one paragraph per story from its rows, escaped, nothing when absent."""

import pandas as pd

from sanlian import stories

VISIT = pd.DataFrame({
    "activity_id": [1, 2], "leader_name": ["华关", "华关"], "post": ["县委书记", "县委书记"],
    "township": ["马市镇", "马市镇"], "village": ["安水村委会", "安水村委会"],
    "activity_date": pd.to_datetime(["2022-11-18", "2022-11-18"]), "kind": ["宣讲", "座谈会"],
    "participants": [80, 35], "summary": [None, "因干旱面临用水难"], "assigned_unit": [None, "县水务局"],
    "closed_date": pd.to_datetime([None, "2022-12-15"]), "is_resolved": [None, True], "satisfaction": [None, 5]})
PROJECT = pd.DataFrame({
    "project_id": ["P0001"], "township": ["顿岗镇"], "village": ["总村村委会"], "project_name": ["总村文化广场"],
    "area": ["建设美丽乡村"], "investment_yuan": [300000.0], "start_date": pd.to_datetime(["2023-08-01"]),
    "end_date": pd.to_datetime(["2023-12-28"]), "status": ["完工"], "orgs": ["县住管局党支部、城东区党支部"]})
HISTORY = pd.DataFrame({
    "year": [2022, 2023, 2024], "net_income_yuan": [98000.0, 126000.0, 131500.0],
    "gain_yuan": [None, 28000.0, 5500.0], "head_name": ["彭长优"] * 3, "main_industry": ["水稻种植"] * 3,
    "village": ["兴仁村委会"] * 3, "township": ["沈所镇"] * 3})


def test_the_leader_story_says_what_was_held_and_how_the_raised_issue_ended():
    title, text = stories.leader_visit_story(VISIT)
    assert title == "领导联乡镇"
    assert text == ("2022年11月18日，县委书记华关到马市镇安水村委会开展宣讲、座谈会。群众在座谈会上反映“因干旱面临用水难”，"
                    "由县水务局于2022年12月15日办结并已解决，群众满意度 5 分。")


def test_a_solved_flag_read_from_duckdb_as_a_numpy_bool_reads_as_solved():
    solved = VISIT.assign(is_resolved=pd.array([None, True], dtype="boolean"))
    assert "办结并已解决" in stories.leader_visit_story(solved)[1]
    assert "办结（未解决）" in stories.leader_visit_story(VISIT.assign(is_resolved=[None, False]))[1]


def test_an_open_issue_is_said_to_be_open():
    open_issue = VISIT.assign(closed_date=pd.NaT, is_resolved=False, satisfaction=None)
    assert stories.leader_visit_story(open_issue)[1].endswith("尚未办结。")


def test_the_project_story_gives_funders_place_amount_and_dates():
    assert stories.project_story(PROJECT) == ("机关联农村", "县住管局党支部、城东区党支部为顿岗镇总村村委会援建“总村文化广场”"
                                              "（建设美丽乡村），投资 30.0 万元，2023年8月1日开工，2023年12月28日完工。")


def test_the_income_story_takes_the_best_year_and_masks_the_name_when_asked():
    title, text = stories.income_story(HISTORY)
    assert title == "党员联群众"
    assert text.startswith("沈所镇兴仁村委会 彭长优户（水稻种植）：2023 年家庭纯收入 126,000 元，比上年增加 28,000 元。")
    assert "140 亩" in text
    assert "彭长优" not in stories.income_story(HISTORY, masked=True)[1]


def test_no_rows_no_story_and_text_from_the_database_is_escaped():
    assert stories.leader_visit_story(VISIT.iloc[:0]) is None
    assert stories.project_story(PROJECT.iloc[:0]) is None
    assert stories.income_story(HISTORY.iloc[:1]) is None
    _, text = stories.project_story(PROJECT.assign(project_name=["**广场**"]))
    assert "\\*\\*广场\\*\\*" in text
