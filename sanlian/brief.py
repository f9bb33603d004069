"""The one-click brief: the 汇报 slides as a PowerPoint file with native (editable) charts, masked.

    python -m sanlian.brief [--out FILE.pptx] [--town 马市镇 …] [--from DATE --to DATE] [--link N] [--db PATH]

Without --out the file is named for its scope and month, as the 汇报 page names its download
(`三联四促工作汇报_马市镇_2026年10月.pptx`).
"""

import argparse
import io
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from sanlian import audit, dataset, db, failures, labels, masking, palette, settings, slides, snapshot, state, tables
from sanlian.console import say
from sanlian.filters import LINKS, Filters

BRAND, TEXT = RGBColor.from_string(palette.BRAND[1:]), RGBColor.from_string(palette.TEXT[1:])
# Chinese text is drawn in the East Asian typeface (a:ea), not the Latin one: naming only a:latin left
# Chinese to whatever font the machine falls back to. 微软雅黑 with its GB2312 charset and sans-serif
# pitch family, so an office suite without it substitutes a CJK sans; Arial (or its metric twin
# Liberation Sans) for Latin letters and digits.
EA_FONT = "微软雅黑"
EA_CHARSET, EA_PITCH_FAMILY = "-122", "34"
FONT = "Arial"
KPI_VALUE_PT, KPI_LABEL_PT = 40, 12
CHART_TYPES = {("bar", False): XL_CHART_TYPE.BAR_CLUSTERED, ("bar", True): XL_CHART_TYPE.BAR_STACKED,
               ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED, ("line", False): XL_CHART_TYPE.LINE_MARKERS}
WIDE = (Inches(13.333), Inches(7.5))
TABLE_ROWS = 10  # rows per table slide; longer tables continue on the next slide, titled （续）
TABLE_SLIDES = 3  # at most this many slides per table; the rest is counted and left to the dashboard
SIGNATURE = "中共始兴县委组织部"
PLAN_PROMPT = "（请在此补充下步工作打算）"


def colour(hex_colour: str) -> RGBColor:
    """A palette colour ('#0072b2') as python-pptx's RGBColor."""
    return RGBColor.from_string(hex_colour[1:])


def typeface(font) -> None:
    """Set a python-pptx Font's Latin typeface and its East Asian one (a:ea, right after a:latin)."""
    font.name = FONT
    properties = font._rPr  # a:rPr of a run, or a:defRPr of a chart's text defaults
    latin = properties.find(qn("a:latin"))
    ea = properties.find(qn("a:ea"))
    if ea is None:
        ea = latin.makeelement(qn("a:ea"), {})
        latin.addnext(ea)
    ea.set("typeface", EA_FONT)
    ea.set("pitchFamily", EA_PITCH_FAMILY)
    ea.set("charset", EA_CHARSET)


def _style(run, size: float, bold: bool, rgb: RGBColor | None) -> None:
    run.font.size, run.font.bold = Pt(size), bold
    if rgb is not None:
        run.font.color.rgb = rgb
    typeface(run.font)


def _text(shape, text: str, size: int, bold: bool = False, rgb: RGBColor | None = None) -> None:
    frame = shape.text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            _style(run, size, bold, rgb)


def _runs(paragraph, parts) -> None:
    """Add (text, size, bold, colour) runs to a paragraph, skipping empty texts."""
    for text, size, bold, rgb in parts:
        if text:
            run = paragraph.add_run()
            run.text = text
            _style(run, size, bold, rgb)


def kpi_notes(name: str, current: pd.Series, year_ago: pd.Series | None) -> str:
    """The small line under a headline number: its target and its change on a year earlier, where
    either exists ('目标 ≥ 85.0% · 同比 +2.1 个百分点')."""
    metric = labels.METRICS[name]
    parts = []
    if metric.target is not None:
        sign = "≤" if metric.rise_is_bad else "≥"
        parts.append(f"目标 {sign} {metric.fmt(metric.target)}")
    if year_ago is not None and dataset.has_activity(year_ago):
        change = labels.delta_text(name, current[name], year_ago[name])
        parts.append(f"同比 {change}" if change else "同比持平")
    return " · ".join(parts)


def _kpi(slide, left, top, width, label: str, value: str, note: str) -> None:
    """One headline number: a small label, the number at KPI_VALUE_PT with its unit ("元", "万元")
    smaller, then a small line with the judgement against the target (in the status colour), the
    target and 同比, so five fit across a slide."""
    shape = slide.shapes.add_textbox(left, top, width, Inches(1.4))
    _text(shape, label, KPI_LABEL_PT, rgb=TEXT)
    shown, judgement, status = slides.judged_parts(value)
    number, _, unit = shown.partition(" ")
    _runs(shape.text_frame.add_paragraph(), ((number, KPI_VALUE_PT, True, TEXT),
                                             (f" {unit}" if unit else "", 18, True, TEXT)))
    _runs(shape.text_frame.add_paragraph(), (
        (judgement, 12, True, colour(palette.status_colour(status))),
        (" · " if judgement and note else "", 12, False, TEXT), (note, 12, False, TEXT)))


def _box(slide, left, top, width, height, text: str, size: int, bold=False, rgb=None):
    shape = slide.shapes.add_textbox(left, top, width, height)
    _text(shape, text, size, bold, rgb)
    return shape


def _skip_no_labels(axis) -> None:
    """Show every category label (an office suite otherwise drops every other one when crowded)."""
    element = axis._element
    for old in element.findall(qn("c:tickLblSkip")):
        element.remove(old)
    skip = element.makeelement(qn("c:tickLblSkip"), {"val": "1"})
    element.find(qn("c:lblOffset")).addnext(skip)


def _chart(slide, spec: slides.ChartSpec, top: Emu) -> None:
    """A native, editable chart: series in their palette colours (bars in status colours where the
    metric has a target), a value on every bar or point, every category label shown."""
    chart_data = CategoryChartData()
    chart_data.categories = [str(c) for c in spec.categories]
    for name, values in spec.series.items():
        chart_data.add_series(name, [float(v) for v in values])
    stacked = spec.stacked and len(spec.series) > 1
    frame = slide.shapes.add_chart(CHART_TYPES[spec.kind, stacked], Inches(0.6), top, Inches(12.1),
                                   WIDE[1] - top - Inches(0.45), chart_data)
    chart = frame.chart
    chart.has_title = True
    _text(chart.chart_title, spec.title, 16, bold=True)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
    chart.font.size = Pt(12)
    typeface(chart.font)
    number_format = "0%" if spec.percent else "#,##0"
    chart.value_axis.tick_labels.number_format = number_format
    chart.value_axis.tick_labels.number_format_is_linked = False
    # LibreOffice drops every other category label when they crowd: 11 pt fits a dozen townships.
    chart.category_axis.tick_labels.font.size = Pt(12 if len(spec.categories) <= 6 else 11 if len(spec.categories) <= 12 else 9)
    _skip_no_labels(chart.category_axis)
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = number_format, False
    plot.data_labels.font.size = Pt(12)
    if spec.kind != "line":
        plot.data_labels.position = XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END
        plot.gap_width = 60
    for index, series in enumerate(plot.series):
        paint = colour(palette.series_colour(series.name, index))
        if spec.kind == "line":
            series.format.line.color.rgb = paint
            continue
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = paint
        if spec.colours is not None and len(spec.series) == 1:
            for point, point_colour in zip(series.points, spec.colours, strict=True):
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = colour(point_colour)


def _header(prs: Presentation, title: str, subtitle: str):
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _box(slide, Inches(0.6), Inches(0.3), Inches(12), Inches(0.7), title, 28, True, BRAND)
    _box(slide, Inches(0.6), Inches(0.95), Inches(12), Inches(0.4), subtitle, 11)
    return slide


def speaker_notes(slide, text: str) -> None:
    """What the presenter sees under the slide."""
    slide.notes_slide.notes_text_frame.text = text


def _definitions(names: list[str]) -> str:
    """Each metric's definition and target, for the speaker notes."""
    return "\n".join(f"{labels.METRICS[n].title}：{labels.METRICS[n].help}" for n in names)


def _slide(prs: Presentation, item: slides.Slide, number: int, subtitle: str, summary: pd.Series,
           year_ago: pd.Series | None) -> None:
    slide = _header(prs, f"{number}. {item.title}", subtitle)
    _box(slide, Inches(0.6), Inches(1.35), Inches(12), Inches(0.8), item.message, 18, True)
    top = Inches(2.2)
    names = slides.NUMBERS.get(item.title, [])
    if item.numbers:
        width = Inches(12.1) / len(item.numbers)
        for i, (label, value) in enumerate(item.numbers):
            note = kpi_notes(names[i], summary, year_ago) if i < len(names) else ""
            _kpi(slide, Inches(0.6) + width * i, top, width, label, value, note)
        top = Inches(3.7)
    if item.bullets:
        _box(slide, Inches(0.6), top, Inches(12.1), Inches(4), "\n".join(f"• {b}" for b in item.bullets), 16)
    if item.chart is not None and item.chart.categories:
        _chart(slide, item.chart, top)
    elif item.chart is not None:
        _box(slide, Inches(0.6), top, Inches(12), Inches(0.6), "所选条件下没有可作图的数据。", 16)
    speaker_notes(slide, f"{item.message}\n\n口径：\n{_definitions(names)}" if names else item.message)


def _summing_up(prs: Presentation, deck: list[slides.Slide], subtitle: str, signed: date) -> None:
    """成效、问题、下步打算: the numbers filled in from the slides, room for the speaker's own plans,
    and the sign-off."""
    slide = _header(prs, "成效、问题、下步打算", subtitle)
    body = slide.shapes.add_textbox(Inches(0.6), Inches(1.45), Inches(12.1), Inches(4.6)).text_frame
    body.word_wrap = True
    sections = (("成效", [deck[0].message, *(d.message for d in deck[1:6])][:3]), ("问题", [deck[-1].message]),
                ("下步打算", [PLAN_PROMPT, PLAN_PROMPT]))
    first = True
    for heading, lines in sections:
        paragraph = body.paragraphs[0] if first else body.add_paragraph()
        first = False
        _runs(paragraph, ((heading, 20, True, BRAND),))
        for line in lines:
            _runs(body.add_paragraph(), ((f"• {line}", 15, False, TEXT),))
    _box(slide, Inches(8.6), Inches(6.2), Inches(4.1), Inches(0.8), f"{SIGNATURE}\n{labels.day(signed)}", 16, True)
    speaker_notes(slide, "“下步打算”由汇报人补充；成效与问题的数字取自前面各页。")


def _table_slides(prs: Presentation, title: str, frame: pd.DataFrame, subtitle: str,
                  rows: int = TABLE_ROWS) -> None:
    """A table over as many slides as it needs (titled （续） after the first), at most TABLE_SLIDES;
    columns of a metric with a target are coloured by status."""
    shown = tables.people_table(masking.mask_frame(frame.head(rows * TABLE_SLIDES)))
    if shown.empty:
        slide = _header(prs, title, subtitle)
        _box(slide, Inches(0.6), Inches(1.6), Inches(12), Inches(0.6), "无。", 16)
        return
    pages = range(0, len(shown), rows)
    for page, first in enumerate(pages):
        part = shown.iloc[first:first + rows]
        slide = _header(prs, title if page == 0 else f"{title}（续）", subtitle)
        table = slide.shapes.add_table(len(part) + 1, len(part.columns), Inches(0.6), Inches(1.5),
                                       Inches(12.1), Inches(0.42) * (len(part) + 1)).table
        for j, name in enumerate(part.columns):
            _text(table.cell(0, j), str(name), 12, bold=True)
            for i, value in enumerate(part[name].tolist(), start=1):
                cell = table.cell(i, j)
                _text(cell, tables.display_value(frame.columns[j], value), 11)
                raw = frame.iloc[first + i - 1, j]  # the number, not the text the table shows
                status = labels.status(frame.columns[j], raw)
                if status is not None:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = colour(palette.status_colour(status))
                    cell.fill.fore_color.brightness = 0.6
        left = len(frame) - len(shown)
        if page == len(pages) - 1 and left > 0:
            _box(slide, Inches(0.6), Inches(6.4), Inches(12), Inches(0.5),
                 f"另有 {left:,} 条未列出，详见三联看板。", 14)
        speaker_notes(slide, f"{title}：共 {len(frame):,} 条，本页第 {first + 1}–{first + len(part)} 条。")


def _page_numbers(prs: Presentation) -> None:
    """'3 / 17' at the bottom right of every slide but the cover."""
    total = len(prs.slides)
    for number, slide in enumerate(prs.slides, start=1):
        if number > 1:
            _box(slide, Inches(11.3), Inches(7.0), Inches(1.6), Inches(0.4), f"{number} / {total}", 12)


def rank_table(scorecard: pd.DataFrame, by: str = "visit_completion_rate") -> pd.DataFrame:
    """乡镇排名: ranked by a metric (best first), with the rank as its first column."""
    metric = labels.METRICS[by]
    ranked = scorecard.sort_values(by, ascending=metric.rise_is_bad, na_position="last", kind="stable")
    return ranked.assign(rank=range(1, len(ranked) + 1))[["rank", *scorecard.columns]]


def pptx_bytes(deck: list[slides.Slide], filters: Filters, info, extra: dict[str, pd.DataFrame] | None = None,
               summary: pd.Series | None = None, year_ago: pd.Series | None = None,
               signed: date | None = None) -> bytes:
    """The brief as .pptx bytes: a title slide, the eight slides, 成效、问题、下步打算 (signed), then
    the ranking and attention tables; page numbers on all but the cover."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE
    subtitle = f"{filters.describe()} · 数据截至 {labels.day(info.as_of)}"
    if info.is_sample:
        subtitle += f" · {labels.SAMPLE_BADGE}"
    signed = signed or date.today()
    cover = prs.slides.add_slide(prs.slide_layouts[6])
    scope = "、".join(filters.towns) if filters.towns else "始兴县"
    _box(cover, Inches(0.8), Inches(2.2), Inches(11.7), Inches(1.2), f"{scope}“三联四促”工作汇报", 40, True, BRAND)
    _box(cover, Inches(0.8), Inches(3.6), Inches(11.7), Inches(0.8), subtitle, 18)
    _box(cover, Inches(0.8), Inches(4.6), Inches(11.7), Inches(0.9), f"{SIGNATURE}\n{labels.day(signed)}", 18)
    speaker_notes(cover, f"本材料由三联看板生成，范围：{filters.describe()}；个人信息已脱敏。")
    for number, item in enumerate(deck, start=1):
        _slide(prs, item, number, subtitle, summary if summary is not None else pd.Series(dtype=object), year_ago)
    _summing_up(prs, deck, subtitle, signed)
    for title, frame in (extra or {}).items():
        _table_slides(prs, title, frame, subtitle)
    _page_numbers(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


ATTENTION_TABLES = {
    "乡镇排名": ("township_scorecard", ["township", "visit_completion_rate", "closure_rate",
                                      "overdue_open", "median_gain_yuan"]),
    "逾期未办结问题（最久的在前）": ("issues_overdue", ["township", "village", "raised_date", "due_date",
                                             "days_overdue", "category", "summary", "assigned_unit"]),
    f"沉默结对（{settings.SILENT_DAYS} 天无活动）": ("silent_pairings", ["pairing_kind", "township", "village", "org_name",
                                             "member_name", "head_name", "days_silent"]),
}


def attention_tables(run) -> dict[str, pd.DataFrame]:
    """The ranking (best first, by 月度走访完成率) and the action lists that follow the slides;
    `run(name)` runs a query."""
    tables_ = {title: run(name)[columns] for title, (name, columns) in ATTENTION_TABLES.items()}
    tables_["乡镇排名"] = rank_table(tables_["乡镇排名"])
    return tables_


def file_name(filters: Filters) -> str:
    """The brief's file name: what it covers and the month it reports to, e.g.
    三联四促工作汇报_马市镇_2026年10月.pptx (three or more townships: 马市镇等3个乡镇)."""
    towns = filters.towns
    scope = ("全县" if not towns else "、".join(towns) if len(towns) <= 2
             else f"{towns[0]}等{len(towns)}个乡镇")
    link = f"_{LINKS[filters.link]}" if filters.link else ""
    return f"三联四促工作汇报_{scope}{link}_{filters.date_to:%Y年%-m月}.pptx"


def brief_bytes(run: dataset.Run, filters: Filters, info: dataset.DatasetInfo,
                run_year_ago: dataset.Run | None = None) -> bytes:
    """The whole brief for one filter; `run(name)` runs a named query with the filter's params and
    `run_year_ago(name)` with the same dates a year earlier (for 同比; left out without it)."""
    summary = dataset.summary(run, filters.link)
    year_ago = dataset.summary(run_year_ago, filters.link) if run_year_ago is not None else None
    deck = slides.build_slides(run, summary)
    return pptx_bytes(deck, filters, info, attention_tables(run), summary, year_ago)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of `python -m sanlian.brief`."""
    parser = argparse.ArgumentParser(prog="python -m sanlian.brief", description="生成三联四促汇报材料（PPT）")
    parser.add_argument("--out", type=Path, default=None,
                        help="输出的 .pptx 文件（默认在当前目录，按范围和月份命名，如 三联四促工作汇报_马市镇_2026年10月.pptx）")
    parser.add_argument("--town", action="append", default=[], help="乡镇名称，可重复；不填为全县")
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, help="起始日期 YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, help="结束日期 YYYY-MM-DD")
    parser.add_argument("--link", type=link_number, default=0, metavar="N",
                        help="三联类型：1 领导联乡镇、2 机关联农村、3 党员联群众（也可写名称）；不填为全部")
    parser.add_argument("--db", type=Path, default=None, help="数据库文件（默认 $SANLIAN_DB 或 data/sanlian.duckdb）")
    return parser.parse_args(argv)


def _problem(filters: Filters, info: dataset.DatasetInfo) -> str | None:
    """Why the brief cannot be made for these filters, or None."""
    unknown = [t for t in filters.towns if t not in info.town_codes]
    if unknown:
        return f"乡镇“{'、'.join(unknown)}”不存在"
    if filters.date_from > filters.date_to:
        return "起始日期晚于结束日期"
    if filters.date_from > info.as_of:
        return f"起始日期在数据截至日 {info.as_of} 之后，还没有数据"
    return None


def link_number(value: str) -> int:
    """A 三联类型 given on the command line as 0–3 or its Chinese name."""
    by_name = {name: number for number, name in LINKS.items()}
    if value in by_name:
        return by_name[value]
    if value.isdigit() and int(value) in LINKS:
        return int(value)
    raise argparse.ArgumentTypeError(f"三联类型应为 0–3 或 {'、'.join(LINKS.values())}")


@failures.guarded
def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = parse_args(argv)
    path = args.db or settings.db_path()
    if not path.exists():
        print(f"错误：数据库 {path} 不存在；先运行 python -m sanlian.build。", file=sys.stderr)
        return 1
    problem = snapshot.problem(path)
    if problem:
        say(f"错误：{problem}", error=True)
        return 1
    try:
        with duckdb.connect(str(snapshot.current(path)), read_only=True) as con:
            info = dataset.load_info(lambda name: db.run(con, name))
            default = Filters.default(info.as_of, info.data_start)
            filters = Filters(args.date_from or default.date_from, args.date_to or default.date_to,
                              tuple(args.town), args.link)
            problem = _problem(filters, info)
            if problem:
                say(f"错误：{problem}。", error=True)
                return 1
            filters = filters.within(info.as_of)
            params = dataset.query_params(filters, info)
            earlier = dataset.query_params(filters.year_earlier(), info)
            content = brief_bytes(lambda name: db.run(con, name, **params), filters, info,
                                  lambda name: db.run(con, name, **earlier))
    except snapshot.UNREADABLE as exc:  # a damaged file fails only when a query reaches the damage
        say(f"错误：{snapshot.open_problem(path, exc)}", error=True)
        return 1
    out = args.out or Path(file_name(filters))
    out.write_bytes(content)
    audit.record(state.open_store(path), "命令行", audit.Event.BRIEF, "sanlian.brief",
                 f"{out.name}：{filters.describe()}")
    say(f"已生成 {out}（{filters.describe()}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
