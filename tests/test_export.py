"""Exports: the numbers in a file read as they do on screen."""

import io

import pandas as pd
import pytest

from sanlian import export, labels

LEAGUE = pd.DataFrame({"township": ["甲镇", "乙镇"], "closure_rate": [0.83655, None],
                       "issues_raised": [3, 4]})


def test_csv_exports_write_rates_as_percentages_rounded_as_on_screen():
    text = export.csv_bytes(LEAGUE).decode("utf-8-sig").splitlines()
    assert text == ["乡镇,办结率（%）,民情收集量", "甲镇,83.7,3", "乙镇,,4"]
    assert labels.percent(LEAGUE.loc[0, "closure_rate"]) == "83.7%"


def test_excel_exports_write_rates_as_percentage_numbers():
    sheet = pd.read_excel(io.BytesIO(export.xlsx_bytes({"乡镇比较": LEAGUE})), engine="openpyxl")
    assert sheet["办结率（%）"].tolist()[0] == pytest.approx(83.7)
    assert sheet["民情收集量"].tolist() == [3, 4]


@pytest.mark.parametrize("rate, points", [(0.8366, 83.7), (1.0, 100.0), (0.0004, 0.0), (0.12345, 12.3)])
def test_percent_points_round_like_the_screen(rate, points):
    assert labels.percent_points(rate) == points
    assert labels.percent(rate) == f"{points:.1f}%"
