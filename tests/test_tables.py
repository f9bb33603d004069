"""Lists as people read them: no "None", no number format on text, dates in one Chinese form."""

import pandas as pd

from sanlian import labels, tables


def test_gaps_in_a_list_are_blank_and_dates_read_in_chinese():
    frame = pd.DataFrame({
        "issue_id": [1, 2],
        "link": [1, 3],
        "closed_date": pd.to_datetime(["2026-10-31", None]),
        "satisfaction": pd.array([5, None], dtype="Int8"),
        "assigned_unit": ["县水务局", None],
    })
    shown = tables.people_table(frame)
    assert shown["三联类型"].tolist() == ["领导联乡镇", "党员联群众"]
    assert shown["办结日期"].tolist() == ["2026年10月31日", ""]
    assert shown["满意度"].tolist() == ["5", ""]
    assert shown["承办单位"].tolist() == ["县水务局", ""]


def test_money_reads_in_wan_yuan_on_screen_and_stays_in_yuan_for_export():
    frame = pd.DataFrame({"township": ["马市镇"], "investment_yuan": [4122700.0]})
    assert tables.people_table(frame).to_dict("records") == [{"乡镇": "马市镇", "投入（万元）": 412.3}]
    league = tables.league_table(frame, ["township", "investment_yuan"]).to_html()
    assert "投入（万元）" in league and "412.3" in league and "4,122,700" not in league
    assert labels.column("investment_yuan") == "投入（元）"  # the export header: full 元
