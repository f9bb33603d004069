"""The one filter set (townships, date range, link) and its URL form; pure, no Streamlit."""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

LINKS = {0: "全部", 1: "领导联乡镇", 2: "机关联农村", 3: "党员联群众"}
PRESETS = ("本月", "本季度", "本年", "近12个月", "全部")
DEFAULT_PRESET = "近12个月"
# What the cards compare with (DESIGN §4): the period of equal length just before, or the same
# dates a year earlier. URL value → the name on screen.
COMPARISONS = {"prev": "较上期", "yoy": "同比"}
# Dates in a link may lie this many years before the data's first year or after its last; farther
# ones (0001-01-01, 9999-12-31) are moved to that edge with a notice: their comparison periods would
# fall outside the calendar.
LINK_YEARS_MARGIN = 10


def preset_range(preset: str, as_of: date, data_start: date) -> tuple[date, date]:
    """The date range a preset names, relative to the data's as-of date (never today)."""
    starts = {
        "本月": as_of.replace(day=1),
        "本季度": date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1),
        "本年": date(as_of.year, 1, 1),
        "近12个月": shift_years(as_of, -1) + timedelta(days=1),
        "全部": data_start,
    }
    return max(starts[preset], data_start), as_of


def shift_years(day: date, years: int) -> date:
    """The same calendar day `years` later (28 Feb for 29 Feb in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def preset_of(date_from: date, date_to: date, as_of: date, data_start: date) -> str | None:
    """The preset whose range equals this one, if any."""
    for preset in PRESETS:
        if preset_range(preset, as_of, data_start) == (date_from, date_to):
            return preset
    return None


@dataclass(frozen=True)
class Filters:
    """What the user is looking at: township names (empty = all), an inclusive date range, a link."""

    date_from: date
    date_to: date
    towns: tuple[str, ...] = field(default=())
    link: int = 0
    compare: str = "prev"
    village: str = ""  # one village's name within the chosen township (村画像), or none

    @classmethod
    def default(cls, as_of: date, data_start: date) -> "Filters":
        """The view a new visitor gets: all townships, the last 12 months, all links."""
        return cls(*preset_range(DEFAULT_PRESET, as_of, data_start))

    @classmethod
    def from_query_params(cls, params: dict[str, list[str]], towns: list[str], as_of: date,
                          data_start: date) -> tuple["Filters", list[str]]:
        """Filters from URL parameters, dropping invalid values; returns (filters, notices)."""
        notices: list[str] = []
        base = cls.default(as_of, data_start)
        chosen = tuple(t for t in dict.fromkeys(params.get("town", [])) if t in towns)
        unknown = [t for t in params.get("town", []) if t not in towns]
        if unknown:
            notices.append(f"链接中的乡镇“{'、'.join(unknown)}”不存在，已忽略。")
        date_from = _date_param(params, "from", base.date_from, notices)
        date_to = _date_param(params, "to", base.date_to, notices)
        date_from, date_to = (_near_the_data(d, as_of, data_start, notices) for d in (date_from, date_to))
        if date_from > date_to:
            notices.append(f"链接中的起始日期 {date_from:%Y年%-m月%-d日} 晚于结束日期 {date_to:%Y年%-m月%-d日}，"
                           "已改用默认时间范围。")
            date_from, date_to = base.date_from, base.date_to
        link = _link_param(params, notices)
        compare = (params.get("cmp") or ["prev"])[-1]
        if compare not in COMPARISONS:
            notices.append(f"链接中的对比方式“{compare}”无法识别，已改为较上期。")
            compare = "prev"
        village = (params.get("village") or [""])[-1] if len(chosen) == 1 else ""
        return cls(date_from, date_to, chosen, link, compare, village), notices

    def to_query_params(self) -> dict[str, list[str] | str]:
        """The URL form: ?town=…&town=…&from=YYYY-MM-DD&to=YYYY-MM-DD&link=N&cmp=yoy&village=…"""
        params: dict[str, list[str] | str] = {"from": self.date_from.isoformat(),
                                              "to": self.date_to.isoformat()}
        if self.towns:
            params["town"] = list(self.towns)
        if self.link:
            params["link"] = str(self.link)
        if self.compare != "prev":
            params["cmp"] = self.compare
        if self.village:
            params["village"] = self.village
        return params

    def with_towns(self, towns: list[str] | tuple[str, ...]) -> "Filters":
        """The same filters for other townships (a village is kept only while its township is the one chosen)."""
        towns = tuple(towns)
        return replace(self, towns=towns, village=self.village if towns == self.towns else "")

    def with_village(self, town: str, village: str) -> "Filters":
        """The same filters for one village of one township."""
        return replace(self, towns=(town,), village=village)

    def year_earlier(self) -> "Filters":
        """The same dates a year earlier (同比)."""
        return replace(self, date_from=shift_years(self.date_from, -1), date_to=shift_years(self.date_to, -1))

    def comparison_period(self) -> "Filters":
        """What the cards compare with: the previous period of equal length, or a year earlier."""
        return self.year_earlier() if self.compare == "yoy" else self.previous_period()

    def within(self, as_of: date) -> "Filters":
        """The filters with the period cut at the as-of date: nothing after it is known yet. A period
        wholly after it stays as it is (pages show it as empty; it has no days to keep)."""
        if self.date_from > as_of:
            return self
        return replace(self, date_to=min(self.date_to, as_of))

    def days(self) -> int:
        """How many days the period covers, both ends included."""
        return (self.date_to - self.date_from).days + 1

    def previous_period(self) -> "Filters":
        """The period of equal length that ends the day before this one starts."""
        length = self.date_to - self.date_from
        prev_to = self.date_from - timedelta(days=1)
        return replace(self, date_from=prev_to - length, date_to=prev_to)

    def describe(self) -> str:
        """A one-line Chinese summary, for subtitles and exports."""
        towns = "、".join(self.towns) if self.towns else "全县"
        towns += f" · {self.village}" if self.village else ""
        link = "" if not self.link else f" · {LINKS[self.link]}"
        return f"{towns} · {self.date_from:%Y年%-m月%-d日}至{self.date_to:%Y年%-m月%-d日}{link}"


def _date_param(params: dict[str, list[str]], key: str, default: date, notices: list[str]) -> date:
    """One ISO date from the URL, or the default with a notice if it does not parse."""
    values = params.get(key) or []
    if not values:
        return default
    try:
        return date.fromisoformat(values[-1])
    except ValueError:
        notices.append(f"链接中的日期“{values[-1]}”无法识别，已改用默认值 {default:%Y年%-m月%-d日}。")
        return default


def _near_the_data(day: date, as_of: date, data_start: date, notices: list[str]) -> date:
    """A link's date, moved to within LINK_YEARS_MARGIN years of the data's years (with a notice)."""
    first = date(data_start.year - LINK_YEARS_MARGIN, 1, 1)
    last = date(as_of.year + LINK_YEARS_MARGIN, 12, 31)
    kept = min(max(day, first), last)
    if kept != day:
        notices.append(f"链接中的日期 {day} 离数据的年份（{data_start.year}–{as_of.year} 年）太远，已改为 {kept}。")
    return kept


def _link_param(params: dict[str, list[str]], notices: list[str]) -> int:
    """The link from the URL as 0–3 (number or Chinese name); invalid values give 0."""
    values = params.get("link") or []
    if not values:
        return 0
    value = values[-1]
    by_name = {name: number for number, name in LINKS.items()}
    if value in by_name:
        return by_name[value]
    if value.isdigit() and int(value) in LINKS:
        return int(value)
    notices.append(f"链接中的三联类型“{value}”无法识别，已显示全部。")
    return 0
