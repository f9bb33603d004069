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
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from sanlian import audit, dataset, db, labels, masking, settings, slides, snapshot, state, tables
from sanlian.filters import LINKS, Filters

RED = RGBColor(0xA5, 0x0D, 0x25)
# Chinese text is drawn in the East Asian typeface (a:ea), not the Latin one: naming only a:latin left
# Chinese to whatever font the machine falls back to. 微软雅黑 with its GB2312 charset and sans-serif
# pitch family, so an office suite without it substitutes a CJK sans; Arial (or its metric twin
# Liberation Sans) for Latin letters and digits.
EA_FONT = "微软雅黑"
EA_CHARSET, EA_PITCH_FAMILY = "-122", "34"
FONT = "Arial"
KPI_VALUE_PT = 40
CHART_TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
               "line": XL_CHART_TYPE.LINE_MARKERS}
WIDE = (Inches(13.333), Inches(7.5))


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


def _style(run, size: float, bold: bool, colour: RGBColor | None) -> None:
    run.font.size, run.font.bold = Pt(size), bold
    if colour is not None:
        run.font.color.rgb = colour
    typeface(run.font)


def _text(shape, text: str, size: int, bold: bool = False, colour: RGBColor | None = None) -> None:
    frame = shape.text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            _style(run, size, bold, colour)


def _kpi(slide, left, top, width, label: str, value: str) -> None:
    """One headline number: its label, then the number at KPI_VALUE_PT; its unit ("元", "万元") and
    any judgement against the target ("（达标）") follow in smaller type, so five fit across a slide."""
    shape = slide.shapes.add_textbox(left, top, width, Inches(1.3))
    _text(shape, label, 16)
    shown, _, judgement = value.partition("（")
    number, _, unit = shown.strip().partition(" ")
    paragraph = shape.text_frame.add_paragraph()
    for text, size, bold, colour in ((number, KPI_VALUE_PT, True, RED), (f" {unit}" if unit else "", 20, True, RED),
                                     (f"（{judgement}" if judgement else "", 16, False, None)):
        if text:
            run = paragraph.add_run()
            run.text = text
            _style(run, size, bold, colour)


def _box(slide, left, top, width, height, text: str, size: int, bold=False, colour=None):
    shape = slide.shapes.add_textbox(left, top, width, height)
    _text(shape, text, size, bold, colour)
    return shape


def _chart(slide, spec: slides.ChartSpec, top: Emu) -> None:
    chart_data = CategoryChartData()
    chart_data.categories = [str(c) for c in spec.categories]
    for name, values in spec.series.items():
        chart_data.add_series(name, [float(v) for v in values])
    frame = slide.shapes.add_chart(CHART_TYPES[spec.kind], Inches(0.6), top, Inches(12.1),
                                   WIDE[1] - top - Inches(0.3), chart_data)
    chart = frame.chart
    chart.has_title = True
    _text(chart.chart_title, spec.title, 16, bold=True)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
    chart.font.size = Pt(12)
    typeface(chart.font)
    chart.value_axis.tick_labels.number_format = "0%" if spec.percent else "#,##0"
    chart.value_axis.tick_labels.number_format_is_linked = False


def _slide(prs: Presentation, item: slides.Slide, number: int, subtitle: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _box(slide, Inches(0.6), Inches(0.3), Inches(12), Inches(0.7), f"{number}. {item.title}", 28, True, RED)
    _box(slide, Inches(0.6), Inches(0.95), Inches(12), Inches(0.4), subtitle, 11)
    _box(slide, Inches(0.6), Inches(1.35), Inches(12), Inches(0.8), item.message, 18, True)
    top = Inches(2.2)
    if item.numbers:
        width = Inches(12.1) / len(item.numbers)
        for i, (label, value) in enumerate(item.numbers):
            _kpi(slide, Inches(0.6) + width * i, top, width, label, value)
        top = Inches(3.5)
    if item.bullets:
        _box(slide, Inches(0.6), top, Inches(12.1), Inches(4), "\n".join(f"• {b}" for b in item.bullets), 16)
    if item.chart is not None and item.chart.categories:
        _chart(slide, item.chart, top)
    elif item.chart is not None:
        _box(slide, Inches(0.6), top, Inches(12), Inches(0.6), "所选条件下没有可作图的数据。", 16)


def _table_slide(prs: Presentation, title: str, frame: pd.DataFrame, subtitle: str, rows: int = 14) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _box(slide, Inches(0.6), Inches(0.3), Inches(12), Inches(0.7), title, 26, True, RED)
    _box(slide, Inches(0.6), Inches(0.95), Inches(12), Inches(0.4), subtitle, 11)
    shown = tables.people_table(masking.mask_frame(frame.head(rows)))
    if shown.empty:
        _box(slide, Inches(0.6), Inches(1.6), Inches(12), Inches(0.6), "无。", 16)
        return
    table = slide.shapes.add_table(len(shown) + 1, len(shown.columns), Inches(0.6), Inches(1.5),
                                   Inches(12.1), Inches(0.35) * (len(shown) + 1)).table
    for j, name in enumerate(shown.columns):
        _text(table.cell(0, j), str(name), 11, bold=True)
        for i, value in enumerate(shown[name].tolist(), start=1):
            _text(table.cell(i, j), tables.display_value(frame.columns[j], value), 10)


def pptx_bytes(deck: list[slides.Slide], filters: Filters, info, extra: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The brief as .pptx bytes: a title slide, the eight slides, then the attention tables."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE
    subtitle = f"{filters.describe()} · 数据截至 {labels.day(info.as_of)}"
    if info.is_sample:
        subtitle += f" · {labels.SAMPLE_BADGE}"
    cover = prs.slides.add_slide(prs.slide_layouts[6])
    _box(cover, Inches(0.8), Inches(2.4), Inches(11.7), Inches(1.2), "始兴县“三联四促”工作汇报", 40, True, RED)
    _box(cover, Inches(0.8), Inches(3.8), Inches(11.7), Inches(0.8), subtitle, 18)
    for number, item in enumerate(deck, start=1):
        _slide(prs, item, number, subtitle)
    for title, frame in (extra or {}).items():
        _table_slide(prs, title, frame, subtitle)
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
    """The ranking and action lists that follow the slides; `run(name)` runs a query."""
    return {title: run(name)[columns] for title, (name, columns) in ATTENTION_TABLES.items()}


def file_name(filters: Filters) -> str:
    """The brief's file name: what it covers and the month it reports to, e.g.
    三联四促工作汇报_马市镇_2026年10月.pptx (three or more townships: 马市镇等3个乡镇)."""
    towns = filters.towns
    scope = ("全县" if not towns else "、".join(towns) if len(towns) <= 2
             else f"{towns[0]}等{len(towns)}个乡镇")
    link = f"_{LINKS[filters.link]}" if filters.link else ""
    return f"三联四促工作汇报_{scope}{link}_{filters.date_to:%Y年%-m月}.pptx"


def brief_bytes(run: dataset.Run, filters: Filters, info: dataset.DatasetInfo) -> bytes:
    """The whole brief for one filter; `run(name)` runs a named query with the filter's params."""
    deck = slides.build_slides(run, dataset.summary(run, filters.link))
    return pptx_bytes(deck, filters, info, attention_tables(run))


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


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = parse_args(argv)
    path = args.db or settings.db_path()
    if not path.exists():
        print(f"错误：数据库 {path} 不存在；先运行 python -m sanlian.build。", file=sys.stderr)
        return 1
    with duckdb.connect(str(snapshot.current(path)), read_only=True) as con:
        info = dataset.load_info(lambda name: db.run(con, name))
        default = Filters.default(info.as_of, info.data_start)
        filters = Filters(args.date_from or default.date_from, args.date_to or default.date_to,
                          tuple(args.town), args.link)
        problem = _problem(filters, info)
        if problem:
            print(f"错误：{problem}。", file=sys.stderr)
            return 1
        filters = filters.within(info.as_of)
        params = dataset.query_params(filters, info)
        content = brief_bytes(lambda name: db.run(con, name, **params), filters, info)
    out = args.out or Path(file_name(filters))
    out.write_bytes(content)
    audit.record(state.open_store(path), "命令行", audit.Event.BRIEF, "sanlian.brief",
                 f"{out.name}：{filters.describe()}")
    print(f"已生成 {out}（{filters.describe()}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
