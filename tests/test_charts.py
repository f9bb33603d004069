"""Chart builders: valid plotly figures that show the right numbers, colours and Chinese text."""

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from sanlian import charts, labels, palette
from sanlian.slides import ChartSpec

MONTHS = pd.to_datetime(["2024-01-01", "2024-02-01"])
SCORECARD = pd.DataFrame({"township": ["甲镇", "乙镇", "丙镇"],
                          "closure_rate": [0.95, 0.80, 0.50], "visits": [120, 80, 300]})
GAINS = pd.DataFrame({"township": ["甲镇", "乙镇"], "median_gain_yuan": [3000.0, -500.0],
                      "q1_gain_yuan": [1000.0, -900.0], "q3_gain_yuan": [5000.0, 100.0]})

BUILDERS = {
    "visits": lambda: charts.visits_by_month_chart(
        pd.DataFrame({"month": MONTHS, "visits": [10, 12], "visit_completion_rate": [0.8, 0.9]})),
    "issues": lambda: charts.issues_by_month_chart(
        pd.DataFrame({"month": MONTHS, "issues_raised": [5, 7], "closed": [4, 2]})),
    "township": lambda: charts.township_bar_chart(SCORECARD, "closure_rate", "办结率"),
    "category": lambda: charts.category_bar_chart(
        pd.DataFrame({"category": ["饮水用水", "教育"], "issues_raised": [3, 9]}), "category",
        "issues_raised", "按类别"),
    "gains": lambda: charts.gain_distribution_chart(GAINS, "township", "户增收"),
    "overdue": lambda: charts.overdue_age_chart(pd.DataFrame({"age_bucket": ["60天以上", "0–15天", "60天以上"]})),
    "slide bar": lambda: charts.slide_chart(ChartSpec("bar", "覆盖率", ["甲镇", "乙镇"], {"覆盖率": [1.0, 0.5]},
                                                      percent=True)),
    "slide line": lambda: charts.slide_chart(ChartSpec("line", "走访", ["1月", "2月"], {"走访": [3, 4],
                                                                                         "目标": [4, 4]})),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_is_a_valid_plotly_figure_in_the_app_font(name):
    fig = BUILDERS[name]()
    go.Figure(fig.to_dict())  # plotly's own validation: raises on any misspelt property
    assert "Noto Sans CJK SC" in fig.layout.font.family
    assert fig.layout.title.text


def test_township_bars_are_coloured_against_the_targets_best_on_top():
    bar = BUILDERS["township"]().data[0]
    assert list(bar.y) == ["丙镇", "乙镇", "甲镇"]  # plotly draws the first bar at the bottom
    colours = dict(zip(bar.y, bar.marker.color))
    assert colours == {"甲镇": charts.RAG_COLORS["green"], "乙镇": charts.RAG_COLORS["amber"],
                       "丙镇": charts.RAG_COLORS["red"]}
    assert list(bar.text) == ["50.0%", "80.0%", "95.0%"] and list(bar.customdata) == list(bar.y)


def test_a_township_without_a_rate_is_listed_with_a_dash_and_no_bar():
    frame = SCORECARD.assign(closure_rate=[0.95, None, 0.5])
    bar = charts.township_bar_chart(frame, "closure_rate", "办结率").data[0]
    assert bar.y[0] == "乙镇" and bar.text[0] == "—" and math.isnan(bar.x[0])


def test_visit_completion_is_a_line_on_the_percent_axis():
    fig = BUILDERS["visits"]()
    bars, line = fig.data
    assert list(bars.y) == [10, 12] and list(line.y) == [0.8, 0.9] and line.yaxis == "y2"
    assert fig.layout.yaxis2.tickformat == ".0%"


def test_overdue_issues_are_counted_per_age_bucket_in_order():
    bar = BUILDERS["overdue"]().data[0]
    assert list(bar.x) == ["0–15天", "16–30天", "31–60天", "60天以上"] and list(bar.y) == [1, 0, 0, 2]


def test_gain_boxes_use_the_quartiles_given_and_fall_back_for_missing_percentiles():
    box = BUILDERS["gains"]().data[0]
    assert list(box.median) == [3000.0, -500.0]
    assert list(box.lowerfence) == list(box.q1) and list(box.upperfence) == list(box.q3)


def test_slide_charts_are_large_and_label_percentages():
    fig = BUILDERS["slide bar"]()
    assert fig.layout.font.size >= 24 and fig.layout.title.font.size >= 24
    assert fig.data[0].textfont.size >= 20 and fig.layout.uniformtext.minsize >= 20  # never shrunk below
    assert fig.data[0].texttemplate == "%{x:.0%}" and fig.layout.xaxis.tickformat == ".0%"
    assert fig.layout.yaxis.automargin and fig.layout.xaxis.automargin  # labels never cut off
    line = BUILDERS["slide line"]()
    assert [t.name for t in line.data] == ["走访", "目标"] and line.layout.showlegend


def test_the_monthly_visit_chart_says_the_running_month_has_no_completion_rate():
    frame = pd.DataFrame({"month": MONTHS, "visits": [10, 4], "visit_completion_rate": [0.8, None],
                          "month_complete": [True, False]})
    title = charts.visits_by_month_chart(frame).layout.title.text
    assert title == f"每月走访与完成率（{labels.month(MONTHS[1])}未满一个月，不计完成率）"
    whole = frame.assign(month_complete=True)
    assert charts.visits_by_month_chart(whole).layout.title.text == "每月走访与完成率"


def test_slide_bars_take_the_status_colour_and_series_keep_one_colour_everywhere():
    spec = ChartSpec("bar", "完成率", ["甲镇", "乙镇", "丙镇"], {"月度走访完成率": [0.5, 0.75, 0.9]}, percent=True,
                     colours=[palette.status_colour(s) for s in ("red", "amber", "green")])
    assert list(charts.slide_chart(spec).data[0].marker.color) == [
        palette.STATUS["red"], palette.STATUS["amber"], palette.STATUS["green"]]
    months = pd.DataFrame({"month": MONTHS, "issues_raised": [5, 6], "closed": [4, 6]})
    screen = {t.name.replace("其中", ""): t.marker.color for t in charts.issues_by_month_chart(months).data}
    slide = charts.slide_chart(ChartSpec("column", "问题", ["1月", "2月"], {"收集": [5, 6], "已办结": [4, 6]}))
    assert screen == {t.name: t.marker.color for t in slide.data}
    assert palette.BRAND not in palette.STATUS.values() and not set(palette.QUALITATIVE) & set(palette.STATUS.values())


def test_township_bars_of_a_metric_with_a_target_draw_a_dashed_line_at_the_target():
    line, = charts.township_bar_chart(SCORECARD, "closure_rate", "办结率").layout.shapes
    assert (line.x0, line.x1, line.xref, line.yref, line.line.dash) == (0.9, 0.9, "x", "paper", "dash")
    assert line.label.text == "目标 90%" and line.line.color == palette.TARGET_LINE
    moved, = charts.township_bar_chart(SCORECARD, "closure_rate", "办结率",
                                       targets={"closure_rate": (0.875, 0.7)}).layout.shapes
    assert (moved.x0, moved.label.text) == (0.875, "目标 87.5%")
    assert not charts.township_bar_chart(SCORECARD, "visits", "走访").layout.shapes  # no target, no line


def test_the_monthly_visit_chart_draws_the_completion_rate_target_on_the_rate_axis():
    line, = BUILDERS["visits"]().layout.shapes
    assert (line.y0, line.y1, line.yref, line.xref, line.label.text) == (0.85, 0.85, "y2", "paper", "目标 85%")


def test_a_slide_of_townships_against_a_target_draws_the_target_line_large():
    spec = ChartSpec("bar", "各乡镇月度走访完成率", ["甲镇", "乙镇"], {"完成率": [0.9, 0.5]}, percent=True,
                     colours=["#2e7d32", "#c62828"], target="visit_completion_rate")
    line, = charts.slide_chart(spec).layout.shapes
    assert (line.x0, line.label.text, line.label.font.size) == (0.85, "目标 85%", charts.SLIDE_TEXT_PX)  # projector text: ≥ 24 px
    assert not BUILDERS["slide bar"]().layout.shapes
