"""The one-click brief: native charts, the dashboard's numbers, and no personal data."""

import os
import re
import subprocess
import sys
from datetime import date

import duckdb
import pandas as pd
import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Pt

from sanlian import dataset, db, labels, palette, settings, slides
from sanlian.brief import EA_FONT, FONT, PLAN_PROMPT, SIGNATURE, brief_bytes, file_name, rank_table
from sanlian.filters import Filters

MASHI_2025 = Filters(date(2025, 1, 1), date(2025, 12, 31), ("马市镇",))


@pytest.fixture(scope="module")
def brief(sample_db, tmp_path_factory):
    """The brief for 马市镇 in 2025 made by the command line, opened with python-pptx."""
    out = tmp_path_factory.mktemp("brief") / "brief.pptx"
    result = subprocess.run([sys.executable, "-m", "sanlian.brief", "--out", str(out), "--town", "马市镇",
                             "--from", "2025-01-01", "--to", "2025-12-31", "--db", str(sample_db)],
                            cwd=settings.ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return Presentation(str(out))


def all_text(prs) -> str:
    """Every text frame, table cell and chart label of the presentation."""
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                chart = shape.chart
                parts += [str(c) for c in chart.plots[0].categories]
                parts += [s.name for plot in chart.plots for s in plot.series]
                if chart.has_title:
                    parts.append(chart.chart_title.text_frame.text)
    return "\n".join(parts)


def personal_strings(sample_db) -> set[str]:
    with duckdb.connect(str(sample_db)) as con:
        names = con.execute("select head_name from households union select name from members").fetchall()
        phones = con.execute("select phone from households where phone is not null union "
                             "select phone from members where phone is not null").fetchall()
    return {n for (n,) in names if len(n) >= 2} | {p for (p,) in phones}


def slide_texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_the_brief_has_a_cover_eight_slides_a_summing_up_and_the_tables_each_numbered(brief):
    titles = [slide_texts(slide)[0] for slide in brief.slides]
    assert titles[1:9] == [f"{n}. {t}" for n, t in enumerate(slides.SLIDE_TITLES, start=1)]
    assert titles[9] == "成效、问题、下步打算" and titles[10] == "乡镇排名"
    assert "逾期未办结问题（最久的在前）" in titles and any(t.endswith("（续）") for t in titles)  # long lists go on
    total = len(brief.slides)
    for number, slide in enumerate(brief.slides, start=1):
        assert (f"{number} / {total}" in slide_texts(slide)) == (number > 1)  # page numbers, none on the cover


def test_the_township_ranking_is_ranked_by_value_with_status_colours(brief):
    table = next(s.table for s in brief.slides[10].shapes if s.has_table)
    header = [cell.text for cell in table.rows[0].cells]
    assert header[:3] == ["排名", "乡镇", "月度走访完成率"]
    rates = [float(row.cells[2].text.rstrip("%")) for row in list(table.rows)[1:]]
    assert rates == sorted(rates, reverse=True)
    assert table.cell(1, 2).fill.fore_color.rgb is not None  # coloured by status
    scorecard = pd.DataFrame({"township": ["甲镇", "乙镇", "丙镇"], "visit_completion_rate": [0.7, 0.9, None]})
    ranked = rank_table(scorecard)
    assert ranked["township"].tolist() == ["乙镇", "甲镇", "丙镇"] and ranked["rank"].tolist() == [1, 2, 3]


def test_charts_carry_value_labels_every_category_and_palette_colours(brief):
    chart = next(s.chart for s in brief.slides[4].shapes if s.has_chart)  # 党员联群众: completion by township
    assert chart.plots[0].has_data_labels
    assert chart.category_axis._element.find(qn("c:tickLblSkip")).get("val") == "1"
    points = chart.plots[0].series[0].points
    fills = {str(points[i].format.fill.fore_color.rgb) for i in range(len(chart.plots[0].categories))}
    assert fills <= {c[1:].upper() for c in palette.STATUS.values()} | {palette.MUTED[1:].upper()}
    issues = next(s.chart for s in brief.slides[5].shapes if s.has_chart)  # 民情办结: same colours as on screen
    assert {s.name: str(s.format.fill.fore_color.rgb) for s in issues.plots[0].series} == {
        "民情收集量": palette.series_colour("收集")[1:].upper(), "已办结": palette.series_colour("已办结")[1:].upper()}


def test_the_headline_numbers_carry_their_target_and_year_on_year_change(brief):
    text = "\n".join(slide_texts(brief.slides[5]))
    assert "目标 ≥ 90.0%" in text and "同比" in text


def test_every_slide_has_speaker_notes_and_the_metric_slides_define_their_numbers(brief):
    notes = [slide.notes_slide.notes_text_frame.text for slide in brief.slides]
    assert all(notes)
    assert labels.METRICS["closure_rate"].definition in notes[5]


def test_the_summing_up_slide_has_numbers_room_for_plans_and_the_sign_off(brief):
    text = "\n".join(slide_texts(brief.slides[9]))
    for heading in ("成效", "问题", "下步打算"):
        assert heading in text
    assert re.search(r"\d", text) and PLAN_PROMPT in text
    assert SIGNATURE in text and re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text)


def test_the_brief_charts_are_native_powerpoint_charts(brief):
    charts = [s for slide in brief.slides for s in slide.shapes if s.has_chart]
    assert len(charts) >= 6


def test_no_unmasked_name_or_phone_appears_in_the_brief(brief, sample_db):
    text = all_text(brief)
    leaked = [s for s in personal_strings(sample_db) if s in text]
    assert leaked == []
    assert "**" in text or "*户" in text  # masked names are there, as 彭** style


def test_the_brief_numbers_equal_the_dashboard_numbers(brief, sample_db):
    with duckdb.connect(str(sample_db)) as con:
        info = dataset.load_info(lambda name: db.run(con, name))
        summary = dataset.summary(lambda name: db.run(con, name, **dataset.query_params(MASHI_2025, info)))
    text = all_text(brief)
    for name in ("visits", "issues_raised", "closure_rate", "median_gain_yuan", "overdue_open"):
        assert labels.METRICS[name].fmt(summary[name]).replace(" ", "") in re.sub(r"\s", "", text), name


def test_the_brief_says_which_filter_and_that_it_is_sample_data(brief):
    cover = all_text(brief).splitlines()
    assert any("马市镇" in line and "2025年1月1日" in line and "示例数据" in line for line in cover)


def test_brief_bytes_work_without_streamlit_for_any_filter(sample_db):
    with duckdb.connect(str(sample_db)) as con:
        info = dataset.load_info(lambda name: db.run(con, name))
        nothing = Filters(date(2020, 1, 1), date(2020, 12, 31))
        params = dataset.query_params(nothing, info)
        content = brief_bytes(lambda name: db.run(con, name, **params), nothing, info)
    assert content[:2] == b"PK"


@pytest.mark.parametrize("args, message", [
    (["--town", "火星镇"], "火星镇"),
    (["--from", "2025-12-01", "--to", "2025-01-01"], "起始日期"),
    (["--from", "2027-01-01", "--to", "2027-03-31"], "数据截至日"),
    (["--link", "9"], "三联类型"),
])
def test_the_command_line_refuses_bad_filters_in_chinese(sample_db, tmp_path, args, message):
    result = subprocess.run([sys.executable, "-m", "sanlian.brief", "--out", str(tmp_path / "x.pptx"),
                             "--db", str(sample_db), *args], cwd=settings.ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode != 0 and message in result.stderr
    assert not (tmp_path / "x.pptx").exists()


def test_the_command_line_takes_a_link_and_marks_the_numbers_it_does_not_change(sample_db, tmp_path):
    out = tmp_path / "link.pptx"
    result = subprocess.run([sys.executable, "-m", "sanlian.brief", "--out", str(out), "--db", str(sample_db),
                             "--town", "马市镇", "--link", "领导联乡镇"], cwd=settings.ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    text = all_text(Presentation(str(out)))
    assert "领导联乡镇" in text
    assert f"党员走访户次（{labels.NOT_BY_LINK}）" in text  # visits belong to 党员联群众
    assert "民情收集量\n" in text and f"民情收集量（{labels.NOT_BY_LINK}）" not in text  # follows the link


def test_the_example_slide_does_not_claim_a_household_gained_because_of_its_pairing(brief):
    text = all_text(brief)
    assert "在结对党员帮助下" not in text
    assert "为党员结对联系户" in text and "不能归因于结对帮扶" in text


def runs_of(prs):
    """Every text run of every text box, table cell and chart title, with its slide number."""
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            if shape.has_chart and shape.chart.has_title:
                frames.append(shape.chart.chart_title.text_frame)
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        yield number, run


def test_every_run_names_the_east_asian_typeface_and_a_latin_fallback(brief):
    checked = 0
    for number, run in runs_of(brief):
        if not run.text.strip():
            continue
        rpr = run._r.find(qn("a:rPr"))
        assert rpr is not None, (number, run.text)
        ea, latin = rpr.find(qn("a:ea")), rpr.find(qn("a:latin"))
        assert ea is not None and ea.get("typeface") == EA_FONT, (number, run.text)
        assert latin is not None and latin.get("typeface") == FONT, (number, run.text)
        checked += 1
    assert checked > 100


def test_the_charts_text_defaults_name_the_east_asian_typeface(brief):
    charts = [s.chart for slide in brief.slides for s in slide.shapes if s.has_chart]
    for chart in charts:
        defaults = chart._chartSpace.find(f"{qn('c:txPr')}//{qn('a:defRPr')}")
        assert defaults.find(qn("a:ea")).get("typeface") == "微软雅黑"


def test_the_headline_numbers_are_at_least_40_points(brief, sample_db):
    with duckdb.connect(str(sample_db)) as con:
        info = dataset.load_info(lambda name: db.run(con, name))
        summary = dataset.summary(lambda name: db.run(con, name, **dataset.query_params(MASHI_2025, info)))
    big = {run.text for _, run in runs_of(brief) if run.font.size and run.font.size >= Pt(40)}
    for name in ("visits", "issues_raised", "closure_rate", "median_gain_yuan"):
        assert labels.METRICS[name].fmt(summary[name]).split(" ")[0] in big, name  # "2,160" of "2,160 元"
    labels_small = [run for _, run in runs_of(brief) if run.text.startswith("党员走访户次")]
    assert labels_small and all(run.font.size < Pt(40) for run in labels_small)


@pytest.mark.parametrize(("filters", "name"), [
    (MASHI_2025, "三联四促工作汇报_马市镇_2025年12月.pptx"),
    (Filters(date(2026, 1, 1), date(2026, 10, 31)), "三联四促工作汇报_全县_2026年10月.pptx"),
    (Filters(date(2026, 1, 1), date(2026, 10, 31), ("马市镇", "顿岗镇")),
     "三联四促工作汇报_马市镇、顿岗镇_2026年10月.pptx"),
    (Filters(date(2026, 1, 1), date(2026, 10, 31), ("马市镇", "顿岗镇", "太平镇"), 3),
     "三联四促工作汇报_马市镇等3个乡镇_党员联群众_2026年10月.pptx"),
])
def test_the_file_is_named_for_its_scope_and_month(filters, name):
    assert file_name(filters) == name


def test_without_out_the_command_line_names_the_file_for_scope_and_month(sample_db, tmp_path):
    result = subprocess.run([sys.executable, "-m", "sanlian.brief", "--town", "马市镇", "--from", "2025-01-01",
                             "--to", "2025-10-31", "--db", str(sample_db)], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(settings.ROOT)},
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["三联四促工作汇报_马市镇_2025年10月.pptx"]
