"""The clerks' words (vocabulary.toml): which field a column header means, and which choice a cell means."""

import difflib
import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
UNIT_WORDS = ("万元", "元", "人", "户", "亩", "岁", "天", "个")
_BRACKETS = re.compile(r"[（(]([^（()）]*)[)）]")
_NOISE = re.compile(r"[\s*※★:：]+")


def normalized(text: str) -> str:
    """NFKC, no spaces, line breaks or marks: how headers and values are compared."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text)))


def header_parts(header: str) -> tuple[str, str | None]:
    """投入资金（万元） → ("投入资金", "万元"); 村（居）委会 → ("村委会", None)."""
    text = normalized(header)
    units = [u for u in _BRACKETS.findall(text) if u in UNIT_WORDS or u.startswith("单位")]
    base = _BRACKETS.sub("", text)
    unit = units[0].removeprefix("单位") if units else None
    return base, unit


@cache
def _vocabulary() -> dict:
    return tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


@cache
def _header_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for field_name, headers in _vocabulary()["headers"].items():
        for header in headers:
            index.setdefault(header_parts(header)[0], []).append(field_name)
    return {k: tuple(v) for k, v in index.items()}


def fields_of(header: str) -> tuple[str, ...]:
    """The fields a header may mean, most likely first (empty when unknown). A note in brackets
    helps where the rest is too vague: 联系人（党员） is the member."""
    base, _ = header_parts(header)
    index = _header_index()
    if base in index:
        return index[base]
    notes = [n for n in _BRACKETS.findall(normalized(header)) if n not in UNIT_WORDS]
    for text in (base + "".join(notes), *notes):
        if text in index:
            return index[text]
    return ()


def header_suggestion(header: str, wanted: dict[str, str]) -> str | None:
    """The label of the field an unknown header most resembles, among `wanted` (field → label)."""
    base, _ = header_parts(header)
    options = {h: f for h, fs in _header_index().items() for f in fs if f in wanted}
    close = difflib.get_close_matches(base, list(options), n=1, cutoff=0.5)
    return wanted[options[close[0]]] if close else None


@cache
def _value_index(field_name: str) -> dict[str, str]:
    words = _vocabulary()["values"].get(field_name, {})
    return {normalized(w).lower(): canonical for canonical, ws in words.items() for w in [canonical, *ws]}


def canonical(field_name: str, value: str | None) -> str | None:
    """The canonical choice a clerk's word means (入户走访 → 走访), or None when it is not known."""
    if value is None:
        return None
    return _value_index(field_name).get(normalized(value).lower())


def by_keyword(field_name: str, value: str | None) -> str | None:
    """The choice a word contains a keyword of (道路硬化 → 基础设施), in the order listed; None if none."""
    if not isinstance(value, str):
        return None
    text = normalized(value)
    for choice, words in _vocabulary().get("keywords", {}).get(field_name, {}).items():
        if any(w in text for w in words):
            return choice
    return None


def has_values(field_name: str) -> bool:
    """Whether the vocabulary lists accepted spellings for this field."""
    return field_name in _vocabulary()["values"]


def known_header(header: str) -> bool:
    """Whether a header means some field (used to find the header row)."""
    return bool(fields_of(header)) or _wide_year(header) is not None or month_column(header) is not None


_MONTH_COLUMN = re.compile(r"^(?:(20\d\d)年)?(1[0-2]|[1-9])月(?:份)?(?:走访(?:情况|时间|日期)?)?$")


def month_column(header: str) -> tuple[int | None, int] | None:
    """1月 / 2026年1月 / 1月份: one month of a monthly register, as (year or None, month)."""
    match = _MONTH_COLUMN.match(header_parts(header)[0])
    return (int(match.group(1)) if match.group(1) else None, int(match.group(2))) if match else None


_YEAR_COLUMN = re.compile(r"^(20\d\d)年?(度)?(.*)$")


def _wide_year(header: str) -> tuple[int, str] | None:
    base, _ = header_parts(header)
    match = _YEAR_COLUMN.match(base)
    if not match:
        return None
    rest = match.group(3)
    if rest and not ({"net_income", "per_capita_income"} & set(_header_index().get(rest, ()))):
        return None
    return int(match.group(1)), rest


def year_column(header: str) -> int | None:
    """2024年 / 2024年纯收入 / 2024年度家庭纯收入（元） → 2024: one year of a wide income table."""
    found = _wide_year(header)
    return found[0] if found else None


def choice_under(group: str | None, sub: str | None) -> str | None:
    """The field whose choices a column set spells out (回访满意度 over 满意 | 基本满意 | 不满意:
    a tick in one of them), or None."""
    if not group or not sub:
        return None
    return next((f for f in fields_of(group) if has_values(f) and canonical(f, sub)), None)


TICK = "|"  # joins a group header and the choice its column stands for: 回访满意度|满意
