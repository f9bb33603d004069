"""Display text in one place: column → Chinese label, metric definitions and number formats."""

import math
from dataclasses import dataclass

import pandas as pd

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
    return "—" if is_missing(value) else f"{float(value) * 100:.1f}%"


def yuan(value) -> str:
    """12345.6 → '12,346 元'."""
    return "—" if is_missing(value) else f"{float(value):,.0f} 元"


def wan_yuan(value) -> str:
    """1234567 → '123.5 万元'."""
    return "—" if is_missing(value) else f"{float(value) / 10000:,.1f} 万元"


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
    """A headline number: its Chinese name, its definition (with denominator) and its format."""

    label: str
    definition: str
    fmt: object


METRICS = {
    "orgs_paired": Metric("结对机关党组织", "所选乡镇中，在时段末仍处于结对状态的机关党组织数。", count),
    "villages_covered": Metric(
        "结对覆盖村委会", "有至少 1 个在结机关党组织的村委会数；分母为所选乡镇的全部村委会。", count),
    "village_coverage": Metric(
        "村结对覆盖率", "有至少 1 个在结机关党组织的村委会 ÷ 所选乡镇的全部村委会。", percent),
    "member_household_pairs": Metric(
        "党员联系户结对", "时段末仍在结对的机关党员—农户对数。", count),
    "visits": Metric("党员走访户次", "时段内机关党员走访、帮办联系户的次数（党员联群众）。", count),
    "visit_completion_rate": Metric(
        "月度走访完成率",
        "各月在结的党员—农户对中当月至少走访 1 次的对数之和 ÷ 各月在结对数之和（时段内各月）。",
        percent),
    "overdue_pairs": Metric("超期未走访户", "时段末在结、但此前 31 天内没有走访记录的党员—农户对数。", count),
    "issues_raised": Metric("民情收集量", "时段内收集（提出日期在时段内）的民情问题数。", count),
    "closure_rate": Metric("办结率", "时段内收集且已办结的问题 ÷ 时段内收集的问题。", percent),
    "on_time_rate": Metric(
        "按期办结率", "在办结期限内办结的问题 ÷ 时段内收集且办结期限不晚于数据截至日的问题。", percent),
    "resolution_rate": Metric("解决率", "办结且确已解决的问题 ÷ 已办结的问题（办结不等于解决）。", percent),
    "satisfaction_rate": Metric("满意率", "满意度评 4 分或 5 分的问题 ÷ 已评价的问题。", percent),
    "median_days_to_close": Metric("办理时长中位数", "已办结问题从提出到办结的天数的中位数。", days),
    "overdue_open": Metric("逾期未办结", "时段末仍未办结且已超过办结期限的问题数。", count),
    "median_gain_yuan": Metric(
        "户增收中位数",
        "结对农户当年家庭纯收入减上年纯收入的中位数（取时段末所在年份之前最近一个有数据的年度；"
        "无上年数据的农户不计入）。",
        yuan),
}
