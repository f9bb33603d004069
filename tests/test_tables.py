"""Lists as people read them: no "None", no number format on text, dates in one Chinese form."""

import pandas as pd

from sanlian import tables


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
