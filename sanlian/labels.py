"""Display text in one place: column → Chinese label, metric definitions and number formats."""

import math
from dataclasses import dataclass, replace

import pandas as pd

from sanlian import settings
from sanlian.filters import LINKS

SAMPLE_BADGE = "示例数据"
SAMPLE_NOTE = "当前载入的是内置示例数据：乡镇和村名真实，其余人员、走访、问题、项目和收入均为程序生成，仅供演示。"


def is_missing(value) -> bool:
    """True for None, NaN and pandas' NA."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def count(value) -> str:
    """1234 → '1,234'."""
    return "—" if is_missing(value) else f"{int(value):,}"


def percent(value) -> str:
    """0.8734 → '87.3%'."""
    return "—" if is_missing(value) else f"{percent_points(value):.1f}%"


def percent_points(value) -> float | None:
    """0.83655 → 83.7: a rate in percent, rounded as the screen shows it (exports write this)."""
    return None if is_missing(value) else float(f"{float(value) * 100:.1f}")


def yuan(value) -> str:
    """12345.6 → '12,346 元'."""
    return "—" if is_missing(value) else f"{float(value):,.0f} 元"


def wan_yuan(value) -> str:
    """1234567 → '123.5 万元'; 18412345 → '1,841 万元' (short enough for a metric card)."""
    if is_missing(value):
        return "—"
    wan_value = float(value) / 10000
    return f"{wan_value:,.0f} 万元" if abs(wan_value) >= 1000 else f"{wan_value:,.1f} 万元"


def wan(value) -> str:
    """412.27 (already in 万元) → '412.3 万元'."""
    return "—" if is_missing(value) else f"{float(value):,.1f} 万元"


def days(value) -> str:
    """12.0 → '12 天'."""
    return "—" if is_missing(value) else f"{math.ceil(float(value) - 1e-9):,} 天"


def month(value) -> str:
    """A date → '2024年3月'."""
    return "—" if is_missing(value) else f"{pd.Timestamp(value):%Y年%-m月}"


def day(value) -> str:
    """A date → '2024年3月5日'."""
    return "—" if is_missing(value) else f"{pd.Timestamp(value):%Y年%-m月%-d日}"


@dataclass(frozen=True)
class Metric:
    """One headline number, the one place anything says what it is: Chinese name, definition (with
    denominator), number format, unit, whether it is a 时点 value or a flow over the period, whether the
    三联类型 filter changes it, its good direction, and its target with the amber band."""

    label: str
    definition: str
    fmt: object
    unit: str = ""
    point_in_time: bool = False  # 时点: the state at 时段末; else a flow (what happened in the period)
    follows_link: bool = False  # the 三联类型 filter changes it (issues carry a link; the rest do not)
    rise_is_bad: bool = False  # good direction: down (deltas coloured the other way, maps shaded so)
    thresholds: tuple[float, float] | None = None  # (target, amber): green at or past target, amber at or past amber

    @property
    def target(self) -> float | None:
        """The value counted as reaching the target (green), or None when there is none."""
        return None if self.thresholds is None else self.thresholds[0]

    @property
    def title(self) -> str:
        """The name as cards, slides and map legends show it: point-in-time values say 时点."""
        return f"{self.label}（{POINT_IN_TIME}）" if self.point_in_time else self.label

    def status(self, value) -> str | None:
        """'green' at or past the target, 'amber' at or past the amber line, else 'red'; None when the
        metric has no target or the value is missing. Past = above, or below when a rise is bad."""
        if self.thresholds is None or is_missing(value):
            return None
        sign = -1 if self.rise_is_bad else 1
        target, amber = (sign * t for t in self.thresholds)
        return "green" if sign * value >= target else "amber" if sign * value >= amber else "red"

    def status_text(self, value) -> str:
        """'达到目标', '接近目标' or '未达目标' for a value against the target; '' when unjudged."""
        return STATUS_TEXT.get(self.status(value), "")

    @property
    def help(self) -> str:
        """The definition, whether it is 时点 or a flow, and the target: what a "?" shows."""
        kind = (f"{POINT_IN_TIME}数：时段末那一刻的状态，不是时段内的累计。" if self.point_in_time
                else "时段数：按时段内发生的事项计算。")
        return self.definition + kind + self.target_text()

    def target_text(self) -> str:
        """'目标 ≥ 90.0%，低于 75.0% 为红。' for a metric with a target, else ''."""
        if self.thresholds is None:
            return ""
        target, amber = self.thresholds
        better, worse = ("≤", "高于") if self.rise_is_bad else ("≥", "低于")
        return f"目标 {better} {self.fmt(target)}，{worse} {self.fmt(amber)} 为红。"


POINT_IN_TIME = "时点"
STATUS_TEXT = {"green": "达到目标", "amber": "接近目标", "red": "未达目标"}


# 时段末 (DESIGN §4): where point-in-time numbers are measured, named in their definitions.
PERIOD_END = "所选结束日期与数据截至日中较早的一天"
# 户增收 (DESIGN §4): which year is compared and which households count.
GAIN_YEAR_RULE = (f"Y 为到时段末（{PERIOD_END}）已经过完的最近一个有收入数据的年度：时段末是 12 月 31 日时为当年，"
                  "否则为上一年（该年无数据时再往前）。只计 Y 年内任一时间有党员结对关系的农户（Y 年前已解除结对的不计入），"
                  "无 Y−1 年收入的农户不计入。")
GAIN_METRICS = ("median_gain_yuan", "q1_gain_yuan", "q3_gain_yuan", "share_with_gain", "households")


def gain_year_note(year) -> str:
    """The gain year a period actually compares, for the help beside 户增收 numbers."""
    return "" if is_missing(year) else f"本时段比较 {int(year)} 年与 {int(year) - 1} 年。"

METRICS = {
    "orgs_paired": Metric("结对机关党组织", "所选乡镇中，在时段末仍处于结对状态的机关党组织数。", count, "个", point_in_time=True),
    "villages_covered": Metric(
        "结对覆盖村委会", "有至少 1 个在结机关党组织的村委会数；分母为所选乡镇的全部村委会。", count, "个", point_in_time=True),
    "village_coverage": Metric(
        "村结对覆盖率", "有至少 1 个在结机关党组织的村委会 ÷ 所选乡镇的全部村委会。", percent, "%", point_in_time=True),
    "member_household_pairs": Metric(
        "党员联系户结对", "时段末仍在结对的机关党员—农户对数。", count, "对", point_in_time=True),
    "visits": Metric("党员走访户次", "时段内机关党员走访、帮办联系户的次数（党员联群众）。", count, "户次"),
    "visit_completion_rate": Metric(
        "月度走访完成率",
        "各月在结的党员—农户对中当月至少走访 1 次的对数之和 ÷ 各月在结对数之和。只计整月：从起始日所在月起，"
        "到时段末已结束的各月；时段末所在月尚未过完的（如数据截至月中）不计入，待该月结束后再计。", percent, "%"),
    "overdue_pairs": Metric(
        "超期未走访户",
        f"时段末（{PERIOD_END}）在结、但此前 {settings.VISIT_OVERDUE_DAYS} 天内没有走访记录的党员—农户对数。",
        count, "户", point_in_time=True, rise_is_bad=True),
    "evidence_rate": Metric(
        "走访凭证率", "时段内有照片、定位、农户确认三项中至少两项的走访 ÷ 时段内全部党员走访。", percent, "%"),
    "leaders_stationed": Metric("驻点县领导", "时段末驻点在所选乡镇的县四套班子领导人数。", count, "名", point_in_time=True),
    "townships_with_leader": Metric("有领导驻点的乡镇", "时段末有至少 1 名县领导驻点的乡镇数；分母为所选乡镇数。", count, "个", point_in_time=True),
    "villages_several_orgs": Metric("“1+N”村", "时段末有 2 个及以上机关党组织结对的村委会数。", count, "个", point_in_time=True),
    "villages_one_org": Metric("“1+1”村", "时段末恰有 1 个机关党组织结对的村委会数。", count, "个", point_in_time=True),
    "resolved": Metric("已解决", "时段内收集、到时段末已办结且确已解决的问题数。", count, "件", follows_link=True),
    "p90_days_to_close": Metric(
        "办理时长 90 分位", "时段内收集、到时段末已办结的问题中，90% 在此天数内办结（时段末后才办结的不计入）。", days, "天", follows_link=True, rise_is_bad=True),
    "share_with_gain": Metric(
        "增收户占比", f"Y 年比 Y−1 年纯收入增加的结对农户 ÷ 两年都有数据的结对农户。{GAIN_YEAR_RULE}", percent, "%"),
    "q1_gain_yuan": Metric(
        "四分之一农户增收低于", f"增收最少的四分之一结对农户，增收都低于此数（它与“四分之一农户增收高于”之间是中间一半农户）。{GAIN_YEAR_RULE}", yuan, "元"),
    "q3_gain_yuan": Metric("四分之一农户增收高于", f"增收最多的四分之一结对农户，增收都高于此数。{GAIN_YEAR_RULE}", yuan, "元"),
    "households": Metric("纳入计算的农户", f"Y 年和 Y−1 年都有收入数据的结对农户数。{GAIN_YEAR_RULE}", count, "户"),
    "projects": Metric(
        "共建项目", f"时段内开工的共建项目数：状态已过“规划”、开工日期在时段起始日至时段末（{PERIOD_END}）之间。"
        "仍在规划的项目不计入，另列。", count, "个"),
    "investment_yuan": Metric("共建投入", "时段内开工（不含仍在规划）的共建项目投资额之和。", wan_yuan, "元"),
    "investment_wan": Metric("共建投入", "时段内开工（不含仍在规划）的共建项目投资额之和（万元）。", wan, "万元"),
    "completed": Metric("已完工项目", "时段内开工、到时段末已完工的项目数。", count, "个"),
    "stalled": Metric(
        "停滞项目", f"时段末（{PERIOD_END}）已开工、未完工且已超过计划完工日期的项目数，不论在哪个时段开工。",
        count, "个", point_in_time=True, rise_is_bad=True),
    "planned_projects": Metric("规划中项目", "目前仍处于规划状态、尚未开工的项目数；不计入共建项目和共建投入。", count, "个", point_in_time=True),
    "planned_investment_yuan": Metric("规划项目计划投资", "仍在规划的项目的计划投资额之和；不计入共建投入。", wan_yuan, "元", point_in_time=True),
    "issues_raised": Metric("民情收集量", "时段内收集（提出日期在时段内）的民情问题数。", count, "件", follows_link=True),
    "closure_rate": Metric(
        "办结率", f"时段内收集、到时段末已办结的问题 ÷ 时段内收集的问题。时段末指{PERIOD_END}："
        "时段末之后才办结的问题按未办结计，所以过去的时段显示的是当时的情况。", percent, "%", follows_link=True),
    "on_time_rate": Metric(
        "按期办结率", "在办结期限内办结的问题 ÷ 时段内收集且办结期限不晚于时段末的问题"
        f"（时段末指{PERIOD_END}；时段末之后才办结的按未办结计）。", percent, "%", follows_link=True),
    "resolution_rate": Metric(
        "解决率", f"到时段末办结且确已解决的问题 ÷ 到时段末已办结的问题（办结不等于解决；时段末指{PERIOD_END}）。",
        percent, "%", follows_link=True),
    "satisfaction_rate": Metric(
        "满意率", "满意度评 4 分或 5 分的问题 ÷ 到时段末已评价的问题（评价随办结录入，时段末之后办结的不计入；"
        f"时段末指{PERIOD_END}）。卡片上注明已评价件数。", percent, "%", follows_link=True),
    "median_days_to_close": Metric(
        "办理时长中位数", "时段内收集、到时段末已办结的问题从提出到办结的天数的中位数（时段末之后才办结的不计入）。",
        days, "天", follows_link=True, rise_is_bad=True),
    "overdue_open": Metric("逾期未办结", f"时段末（{PERIOD_END}）仍未办结且已超过办结期限的问题数。", count, "件", point_in_time=True, follows_link=True, rise_is_bad=True),
    "median_gain_yuan": Metric(
        "户增收中位数", f"结对农户 Y 年家庭纯收入减 Y−1 年纯收入的中位数。{GAIN_YEAR_RULE}", yuan, "元"),
}

# Targets come from settings (RAG_THRESHOLDS, overridable there): read here and nowhere else.
METRICS = {name: replace(metric, thresholds=settings.RAG_THRESHOLDS.get(name)) for name, metric in METRICS.items()}


def delta_text(name: str, current, previous) -> str | None:
    """The change against the base (previous period, a year back, the county), in the metric's own unit."""
    if is_missing(current) or is_missing(previous):
        return None
    fmt = METRICS[name].fmt
    change = float(current) - float(previous)
    if fmt is percent:
        size = f"{abs(change) * 100:.1f} 个百分点"
    elif fmt is count:  # against an average township the change may be a fraction
        size = f"{abs(change):,.0f}" if change.is_integer() else f"{abs(change):,.1f}"
    else:
        size = fmt(abs(change))
    if abs(change) < 1e-9 or size == _zero_delta(fmt) or fmt(current) == fmt(previous):
        return None  # unchanged as shown: no arrow rather than a misleading "↓ -0.0 个百分点"
    sign = "+" if change > 0 else "-"  # ASCII minus: Streamlit reads only "-" as a fall
    return f"{sign}{size}"


def _zero_delta(fmt) -> str:
    """How a change of zero reads in a metric's format."""
    if fmt is percent:
        return "0.0 个百分点"
    return f"{0:,.0f}" if fmt is count else fmt(0)


NOT_BY_LINK = "不分类型"


def status(name: str, value) -> str | None:
    """'green', 'amber' or 'red' for a metric's value against its target, None when unjudged: the one
    status rule every card, table, chart, map and slide asks (targets come from the registry)."""
    metric = METRICS.get(name)
    return None if metric is None else metric.status(value)


def card_label(name: str, summary, link: int = 0) -> str:
    """A metric card's label: its name (with 时点 for a point-in-time value), how many were rated for
    满意率 (DESIGN §4), and a mark when the 三联类型 filter is set but does not change this number."""
    label = METRICS[name].title
    if name == "satisfaction_rate" and "rated" in summary and not is_missing(summary["rated"]):
        label += f"（已评价 {count(summary['rated'])} 件）"
    if link and not METRICS[name].follows_link:
        label += f"（{NOT_BY_LINK}）"
    return label


# Column → Chinese header, for tables, charts and exports alike.
COLUMNS = {
    "township": "乡镇", "township_code": "乡镇代码", "township_name": "乡镇",
    "village": "村（居）委会", "village_code": "村（居）代码", "village_name": "村（居）委会",
    "village_kind": "类型", "pairing_form": "结对形式",
    "leader_id": "领导编号", "leader_name": "县领导", "post": "职务", "body": "所属班子",
    "org_id": "组织编号", "org_name": "机关党组织", "orgs": "结对机关党组织", "agency": "单位",
    "org_type": "组织类型", "role": "角色",
    "member_id": "党员编号", "member_name": "结对党员", "member_phone": "党员电话",
    "household_id": "农户编号", "head_name": "户主", "household_phone": "户主电话", "size": "家庭人口",
    "main_industry": "主要产业",
    "start_date": "开始日期", "end_date": "结束日期",
    "month": "月份", "month_complete": "整月", "activity_id": "活动编号", "activity_date": "活动日期", "link": "三联类型",
    "kind": "活动形式", "participants": "参与人数", "note": "备注",
    "has_photo": "有照片", "has_location": "有定位", "household_confirmed": "农户确认",
    "issue_id": "问题编号", "raised_date": "提出日期", "category": "类别", "summary": "问题摘要",
    "scale": "规模", "assigned_unit": "承办单位", "due_date": "办结期限", "closed_date": "办结日期",
    "is_resolved": "已解决", "satisfaction": "满意度", "reopened": "曾重新办理", "status": "状态",
    "days_overdue": "逾期天数", "is_stalled": "停滞", "days_past_end": "超过计划完工天数",
    "rated": "已评价", "resolved": "已解决", "p5_gain_yuan": "5%农户增收低于（元）", "p95_gain_yuan": "5%农户增收高于（元）",
    "age_bucket": "逾期时长", "days_open": "已办天数",
    "project_id": "项目编号", "project_name": "项目名称", "area": "共建领域",
    "investment_yuan": "投入（元）", "investment_wan": "投入（万元）", "projects": "项目数",
    "year": "年度", "net_income_yuan": "家庭纯收入（元）", "previous_income_yuan": "上年纯收入（元）", "gain_yuan": "增收（元）",
    "last_visit_date": "最近走访", "days_since_visit": "未走访天数",
    "last_activity_date": "最近活动", "days_silent": "沉默天数", "pairing_kind": "结对类型",
    "visits": "走访户次", "pair_months": "应走访户月", "pair_months_visited": "已走访户月",
    "visit_completion_rate": "月度走访完成率", "overdue_pairs": "超期未走访户",
    "evidence_rate": "走访凭证率", "village_coverage": "村结对覆盖率",
    "villages_covered": "覆盖村委会", "villages_total": "村委会总数", "orgs_paired": "结对机关党组织",
    "issues_raised": "民情收集量", "closed": "已办结", "closure_rate": "办结率",
    "on_time_rate": "按期办结率", "resolution_rate": "解决率", "satisfaction_rate": "满意率",
    "overdue_open": "逾期未办结", "median_days_to_close": "办理时长中位数（天）",
    "median_gain_yuan": "户增收中位数（元）", "q1_gain_yuan": "四分之一农户增收低于（元）",
    "q3_gain_yuan": "四分之一农户增收高于（元）", "share_with_gain": "增收户占比", "households": "农户数",
    "lectures": "讲党课/宣讲", "forums": "座谈会", "leader_visits": "走访调研",
    "activities": "活动次数", "leaders_stationed": "驻点县领导", "members_paired": "结对党员",
    "households_paired": "结对农户", "member_household_pairs": "党员联系户结对",
    "rank": "排名", "org_count": "结对机关党组织数", "silent_pairings": "沉默结对",
}

# Columns that carry personal data, by kind, declared once: masking (sanlian/masking.py) applies to
# every one of them wherever it appears — screen tables, exports, the brief, presentation mode — and
# tests/test_masking.py fails when a query returns a person's name, phone or note in an undeclared
# column. Leaders' and organisations' names are public and not declared.
PERSON_NAME, PHONE, ID_NUMBER, NOTE = "姓名", "电话", "身份证号", "备注"
PERSONAL_COLUMNS = {
    "head_name": PERSON_NAME, "member_name": PERSON_NAME,
    "member_named": PERSON_NAME, "household_named": PERSON_NAME,  # the import preview's names for ids
    "phone": PHONE, "household_phone": PHONE, "member_phone": PHONE,
    "id_number": ID_NUMBER,
    "note": NOTE,
}
# Whole-table exports (数据管理) name people in a plain `name` column.
PERSONAL_COLUMNS_BY_TABLE = {"members": {"name": PERSON_NAME}}

LINK_NAMES = {number: name for number, name in LINKS.items() if number}  # without 0 = 全部

# The remaining columns queries return: headline counts, the dataset's facts and positions.
COLUMNS.update({
    "dataset_kind": "数据类型", "built_at": "生成时间", "as_of_date": "数据截至", "sample_scale": "示例规模",
    "data_start": "数据起始", "name": "名称", "lon": "经度", "lat": "纬度",
    "households_without_baseline": "无上年收入的农户", "due": "已到办结期限", "closed_on_time": "按期办结",
    "satisfied": "满意", "p90_days_to_close": "办理时长90分位（天）", "villages_one_org": "“1+1”村",
    "villages_several_orgs": "“1+N”村", "townships_with_leader": "有领导驻点的乡镇", "townships_total": "乡镇数",
    "completed": "已完工项目", "stalled": "停滞项目", "planned_projects": "规划中项目",
    "planned_investment_yuan": "规划项目计划投资（元）", "evidenced_visits": "有凭证的走访",
    "active_pairs": "在结党员—农户对",
})

# Columns holding rates (0–1): shown as 87.3%, exported as 87.3 under a "（%）" header.
RATE_COLUMNS = frozenset({"village_coverage", "visit_completion_rate", "evidence_rate", "closure_rate",
                          "on_time_rate", "resolution_rate", "satisfaction_rate", "share_with_gain"})

# How long open issues are overdue, as queries/issues_overdue.sql buckets them (shortest first).
OVERDUE_BUCKETS = ["0–15天", "16–30天", "31–60天", "60天以上"]


def column(name: str) -> str:
    """The Chinese header of a column (the name itself if it has none)."""
    return COLUMNS.get(name, name)

# Data management (数据管理): import problems, the import preview, the import log and the quality lists.
COLUMNS.update({
    "name": "名称", "org_named": "机关党组织", "member_named": "党员", "household_named": "联系户",
    "leader_named": "县领导", "project_named": "项目", "village_named": "村（居）委会", "township_named": "乡镇",
    "sheet": "工作表", "row_number": "行号", "column_header": "列", "cell_value": "内容",
    "reason": "问题", "import_id": "导入编号", "imported_at": "导入时间", "file_name": "文件",
    "table_name": "台账", "row_count": "行数", "message": "结果",
    "records_as_of_month": "本月记录", "records_previous_month": "上月记录",
    "activities_as_of_month": "本月活动", "issues_as_of_month": "本月民情",
    "activities_previous_month": "上月活动", "issues_previous_month": "上月民情",
    "completeness": "上报完整度", "reported_last_month": "上月已上报",
})
