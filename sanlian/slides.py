"""The 汇报 slides as data: one message in numbers plus one chart each; pure, no Streamlit.

The 汇报 page draws these with plotly and `sanlian.brief` writes the same slides to PowerPoint, so
the room and the hand-out always show the same numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from sanlian import labels, masking, palette, settings

SLIDE_TITLES = ("总体成效", "领导联乡镇", "机关联农村", "党员联群众", "民情办结", "增收成效", "典型案例",
                "需要关注的问题")

NUMBERS = {  # the headline numbers of each slide, by metric name (the brief adds targets and 同比 to them)
    "总体成效": ["orgs_paired", "village_coverage", "visits", "closure_rate", "median_gain_yuan"],
    "领导联乡镇": ["leaders_stationed", "townships_with_leader"],
    "机关联农村": ["orgs_paired", "village_coverage", "projects", "investment_yuan"],
    "党员联群众": ["member_household_pairs", "visit_completion_rate", "overdue_pairs", "evidence_rate"],
    "民情办结": ["issues_raised", "closure_rate", "on_time_rate", "satisfaction_rate", "overdue_open"],
    "增收成效": ["median_gain_yuan", "q1_gain_yuan", "q3_gain_yuan", "share_with_gain"],
    "需要关注的问题": ["overdue_open", "overdue_pairs", "stalled"],
}


@dataclass(frozen=True)
class ChartSpec:
    """A simple chart both plotly and PowerPoint can draw: categories × named series."""

    kind: str  # "bar" (horizontal), "column" or "line"
    title: str
    categories: list
    series: dict[str, list]
    percent: bool = False
    colours: list | None = None  # one palette colour per category (status against the target, or a step)
    stacked: bool = False  # several series as parts of one bar (their sum ranks the categories)


@dataclass(frozen=True)
class Slide:
    """One slide: a title, one sentence, a few numbers, one chart, optional bullet lines."""

    title: str
    message: str
    numbers: list[tuple[str, str]]
    chart: ChartSpec | None = None
    bullets: list[str] = field(default_factory=list)


def _numbers(summary: pd.Series, names: list[str]) -> list[tuple[str, str]]:
    """(label, value) per metric as the registry has them: 时点 marked, and the value judged against
    its target where it has one."""
    link = int(summary.get("link_filter", 0))
    return [(labels.card_label(n, summary, link), _judged(n, summary[n])) for n in names]


def _judged(name: str, value) -> str:
    metric = labels.METRICS[name]
    status = metric.status_text(value)
    return f"{metric.fmt(value)}（{status}）" if status else metric.fmt(value)


def judged_parts(value: str) -> tuple[str, str, str | None]:
    """A slide number as `_numbers` writes it, split for drawing: '97.8%（达到目标）' →
    ('97.8%', '达到目标', 'green'); ('3,225 元', '', None) when unjudged."""
    shown, _, judgement = value.partition("（")
    judgement = judgement.removesuffix("）")
    status = {text: key for key, text in labels.STATUS_TEXT.items()}.get(judgement)
    return shown.strip(), judgement, status


def _by_township(frame: pd.DataFrame, column: str, title: str, percent: bool = False) -> ChartSpec:
    """One bar per township, ranked (best on top), coloured by the registry's status where the
    metric has a target."""
    ordered = frame.sort_values(column, na_position="first")
    metric = labels.METRICS.get(column)
    colours = ([palette.status_colour(labels.status(column, v)) for v in ordered[column]]
               if metric and metric.target is not None else None)
    return ChartSpec("bar", title, ordered["township"].tolist(),
                     {labels.column(column): ordered[column].fillna(0).tolist()}, percent, colours)


def month_label(value) -> str:
    """A month as a chart category: '11月' (the year is in the chart's title), short enough that
    twelve fit side by side on a slide without wrapping."""
    return f"{pd.Timestamp(value).month}月"


def month_span(frame: pd.DataFrame) -> str:
    """'（2025年11月—2026年10月）' for a monthly frame, '' when empty."""
    if frame.empty:
        return ""
    return f"（{labels.month(frame['month'].iloc[0])}—{labels.month(frame['month'].iloc[-1])}）"


def _monthly(frame: pd.DataFrame, columns: list[str], title: str, kind: str = "column",
             percent: bool = False) -> ChartSpec:
    months = [month_label(m) for m in frame["month"]]
    return ChartSpec(kind, title + month_span(frame), months, {labels.column(c): frame[c].fillna(0).tolist() for c in columns},
                     percent)


def build_slides(query: Callable[[str], pd.DataFrame], summary: pd.Series) -> list[Slide]:
    """The eight slides for one filter; `query(name)` runs a named query with the filter's params."""
    scorecard = query("township_scorecard")
    return [
        _overall(summary, query("visits_by_month")),
        _leaders(summary, query("leader_work_by_township")),
        _orgs(summary, query("projects_by_area")),
        _members(summary, scorecard),
        _issues(summary, query("issues_by_month")),
        _incomes(summary, query("income_gain_by_township")),
        _examples(query("project_list").nlargest(2, "investment_yuan"), query("example_income_gains"),
                  query("example_issues")),
        _attention(summary, query("issues_overdue"), scorecard),
    ]


def _overall(s: pd.Series, visits: pd.DataFrame) -> Slide:
    message = (f"{labels.count(s['orgs_paired'])} 个机关党组织结对 {labels.count(s['villages_covered'])} 个村委会，"
               f"党员走访联系户 {labels.count(s['visits'])} 户次，民情问题办结率 {labels.percent(s['closure_rate'])}。")
    return Slide("总体成效", message, _numbers(s, NUMBERS["总体成效"]),
                 _monthly(visits, ["visits"], "每月党员走访户次"))


def _leaders(s: pd.Series, work: pd.DataFrame) -> Slide:
    message = (f"{labels.count(s['leaders_stationed'])} 名县领导驻点 {labels.count(s['townships_with_leader'])} 个乡镇，"
               f"讲党课、宣讲 {labels.count(work['lectures'].sum())} 场，座谈会 {labels.count(work['forums'].sum())} 场。")
    ranked = work.assign(total=work["lectures"] + work["forums"]).sort_values("total", kind="stable")
    chart = ChartSpec("bar", "各乡镇讲党课与座谈会（场）", ranked["township"].tolist(),
                      {"讲党课/宣讲": ranked["lectures"].tolist(), "座谈会": ranked["forums"].tolist()},
                      stacked=True)
    return Slide("领导联乡镇", message, _numbers(s, NUMBERS["领导联乡镇"]), chart)


def _orgs(s: pd.Series, areas: pd.DataFrame) -> Slide:
    message = (f"“1+1”村 {labels.count(s['villages_one_org'])} 个、“1+N”村 {labels.count(s['villages_several_orgs'])} 个；"
               f"时段内开工共建项目 {labels.count(s['projects'])} 个，投入 {labels.wan_yuan(s['investment_yuan'])}。")
    chart = ChartSpec("bar", "五个共建领域的投入（万元）", areas["area"].tolist()[::-1],
                      {"投入（万元）": areas["investment_wan"].round(1).tolist()[::-1]})
    return Slide("机关联农村", message, _numbers(s, NUMBERS["机关联农村"]), chart)


def _members(s: pd.Series, scorecard: pd.DataFrame) -> Slide:
    message = (f"{labels.count(s['member_household_pairs'])} 对党员联系户，月度走访完成率 "
               f"{labels.percent(s['visit_completion_rate'])}，{labels.count(s['overdue_pairs'])} 户超过 {settings.VISIT_OVERDUE_DAYS} 天未走访。")
    return Slide("党员联群众", message, _numbers(s, NUMBERS["党员联群众"]),
                 _by_township(scorecard, "visit_completion_rate", "各乡镇月度走访完成率", percent=True))


def _issues(s: pd.Series, months: pd.DataFrame) -> Slide:
    message = (f"收集民情问题 {labels.count(s['issues_raised'])} 件，办结率 {labels.percent(s['closure_rate'])}，"
               f"按期办结率 {labels.percent(s['on_time_rate'])}，满意率 {labels.percent(s['satisfaction_rate'])}。")
    return Slide("民情办结", message, _numbers(s, NUMBERS["民情办结"]),
                 _monthly(months, ["issues_raised", "closed"], "每月收集与办结的问题（件）"))


def _incomes(s: pd.Series, towns: pd.DataFrame) -> Slide:
    year = "—" if labels.is_missing(s["year"]) else int(s["year"])
    message = (f"{year} 年结对农户增收中位数 {labels.yuan(s['median_gain_yuan'])}，"
               f"{labels.percent(s['share_with_gain'])} 的农户比上年增收。")
    return Slide("增收成效", message, _numbers(s, NUMBERS["增收成效"]),
                 _by_township(towns, "median_gain_yuan", "各乡镇户增收中位数（元）"))


def _examples(projects: pd.DataFrame, gains: pd.DataFrame, issues: pd.DataFrame) -> Slide:
    bullets = [f"共建：{p.orgs or '机关党组织'}在{p.township}{p.village}建设“{p.project_name}”，"
               f"投入 {labels.wan_yuan(p.investment_yuan)}（{p.status}）。" for p in projects.head(2).itertuples()]
    bullets += [f"增收：{g.township}{g.village} {masking.mask_name(g.head_name)}户（{g.main_industry}），"
                f"{g.year} 年为党员结对联系户，当年纯收入比上年增加 {labels.yuan(g.gain_yuan)}"
                "（台账未记录增收原因，不能归因于结对帮扶）。"
                for g in gains.head(2).itertuples()]
    bullets += [f"办结：{i.township}{i.village or ''}群众反映“{i.summary}”，由{i.assigned_unit}于"
                f"{labels.day(i.closed_date)}办结，满意度 {'—' if labels.is_missing(i.satisfaction) else int(i.satisfaction)} 分。"
                for i in issues.head(2).itertuples()]
    message = "时段内投入最大的共建项目、增收最多的结对户和已解决的重大民情（个人信息已脱敏）。"
    return Slide("典型案例", message, [], None, bullets)


def _attention(s: pd.Series, overdue: pd.DataFrame, scorecard: pd.DataFrame) -> Slide:
    counts = overdue["age_bucket"].value_counts().reindex(labels.OVERDUE_BUCKETS, fill_value=0)
    message = (f"{labels.count(s['overdue_open'])} 件问题逾期未办结，{labels.count(s['overdue_pairs'])} 户超期未走访；"
               f"{_below_target(scorecard, 'visit_completion_rate')}。")
    chart = ChartSpec("column", "逾期未办结问题（按逾期时长，件）", labels.OVERDUE_BUCKETS, {"件数": counts.tolist()},
                      colours=list(palette.OVERDUE_STEPS))  # as the 民情办结 page draws them
    return Slide("需要关注的问题", message, _numbers(s, NUMBERS["需要关注的问题"]), chart)


def _below_target(scorecard: pd.DataFrame, name: str) -> str:
    """Which townships miss the registry's target for a metric (red), else the two lowest."""
    metric = labels.METRICS[name]
    red = [row.township for row in scorecard.itertuples() if labels.status(name, getattr(row, name)) == "red"]
    if red:
        return f"{metric.label}{labels.STATUS_TEXT['red']}的乡镇：{'、'.join(red)}"
    lowest = scorecard.sort_values(name, ascending=not metric.rise_is_bad).head(2)["township"].tolist()
    return f"{metric.label}均未低于红线，最低的是{'、'.join(lowest) or '—'}"
