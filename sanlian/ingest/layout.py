"""Find the table in a sheet as clerks lay it out: titles and 填报 lines above, a header of one or two
rows (办理情况 → 承办单位/办理时限), data, then 合计/注/填表人 lines below."""

import re
from itertools import pairwise

import pandas as pd

from sanlian.ingest.read import Grid, Sheet
from sanlian.ingest.vocabulary import TICK, choice_under, header_parts, known_header, month_column, normalized

HEADER_SEARCH_ROWS = 25
FOOTER = re.compile(r"^(合计|小计|总计|累计|共计|汇总|注|备注[:：]|说明|审核|审批|填表|制表|填报人|统计人|负责人|"
                    r"单位负责人|主要负责人|领导签字|签字|签名|盖章|联系人[:：]|附[:：件])")
ENDS_TABLE = re.compile(r"^(注|说明|审核|审批|填表|制表|填报人|统计人|负责人|单位负责人|主要负责人|领导签字|签字|签名|盖章)")
YEAR = re.compile(r"(20\d\d)\s*年")
UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")


def find_table(grid: Grid, extra_headers: set[str] = frozenset()) -> Sheet:
    """The header row(s), data rows (indexed by row number), skipped rows and context of a grid.
    `extra_headers` also count as known (our own template's headers)."""
    rows = grid.rows
    top = _header_row(rows, extra_headers)
    if top is None:
        return Sheet(grid.name, [], _frame({}, 0), [], {})
    headers, last = _headers(rows, top)
    context = _context(rows[:top])
    body, skipped = _body(rows, last + 1, headers)
    return Sheet(grid.name, headers, _frame(body, len(headers)), skipped, context)


def _score(row: list, extra: set[str]) -> int:
    return len({normalized(c) for c in row if c and (known_header(c) or c.strip() in extra)})


def _header_row(rows: list[list], extra: set[str]) -> int | None:
    """The first row with the most known headers; else the first row with two or more cells."""
    scores = [(_score(r, extra), -i) for i, r in enumerate(rows[:HEADER_SEARCH_ROWS])]
    if scores and max(scores)[0] >= 2:
        best = -max(scores)[1]
        above = rows[best - 1] if best else []
        # A group row above (办理情况 over 承办单位): cells merged down both rows repeat in each.
        if _score(above, extra) >= 2 and any(a and a == b for a, b in zip(above, rows[best])):
            return best - 1
        return best
    return next((i for i, r in enumerate(rows[:HEADER_SEARCH_ROWS])
                 if sum(c is not None for c in r) >= 2), None)


def _headers(rows: list[list], top: int) -> tuple[list[str], int]:
    """One header per column and the header's last row: a second row under merged groups joins in."""
    first = list(rows[top])
    if top + 1 >= len(rows):
        return [c or "" for c in first], top
    second = list(rows[top + 1]) + [None] * max(0, len(first) - len(rows[top + 1]))
    first += [None] * (len(second) - len(first))
    new = [b for a, b in zip(first, second) if b and b != a]
    merged = any(a and a == b for a, b in zip(first, second)) or any(
        a and a == b for a, b in pairwise(first))
    heads = [b for a, b in zip(first, second) if b and b != a and (known_header(b) or choice_under(a, b))]
    if not merged or not heads or any(_looks_like_data(b) for b in new):
        return [c or "" for c in first], top
    return [_joined(a, b) for a, b in zip(first, second)], top + 1


def _looks_like_data(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,/\-年月日 ]+", text)) and not known_header(text)


def _joined(group: str | None, sub: str | None) -> str:
    """办理情况 over 承办单位 → 承办单位; 家庭纯收入（元） over 2024年 → 2024年（元）."""
    if not sub or sub == group:
        return group or ""
    if not group:
        return sub
    unit = header_parts(group)[1]
    if month_column(sub) and (year := YEAR.search(group)):  # 2026年走访情况 over 1月 … 12月
        return f"{year.group(1)}年{sub}"
    if month_column(sub):
        return sub
    if choice_under(group, sub):  # 回访满意度 over 满意 / 基本满意 / 不满意: tick columns
        return f"{group}{TICK}{sub}"
    if known_header(header_parts(group)[0] + sub):  # 帮扶责任人 over 联系电话 → 帮扶责任人联系电话
        return header_parts(group)[0] + sub
    if normalized(sub) in ("姓名", "名字") and known_header(group):  # 帮扶对象 over 姓名
        return group
    if known_header(sub):
        return sub if unit is None or header_parts(sub)[1] else f"{sub}（{unit}）"
    return group if known_header(group) else sub


def _context(above: list[list]) -> dict:
    """What the lines above the header say: the title, the year and the money unit."""
    texts = [" ".join(dict.fromkeys(c for c in row if c)) for row in above if any(row)]
    context: dict = {"title": texts[0] if texts else ""}
    joined = " ".join(texts)
    if year := YEAR.search(joined):
        context["year"] = int(year.group(1))
    if unit := UNIT_LINE.search("".join(joined.split())):
        context["unit"] = unit.group(1)
    context["lines"] = texts
    return context


def _body(rows: list[list], start: int, headers: list[str]) -> tuple[dict, list[tuple[int, str]]]:
    """Data rows by row number, and the rows skipped with the reason."""
    width, body, skipped, ended = len(headers), {}, [], False
    header_set = {normalized(h) for h in headers if h}
    seq_columns = {i for i, h in enumerate(headers) if normalized(h) in ("序号", "序", "编号")}
    for index in range(start, len(rows)):
        cells = (list(rows[index]) + [None] * width)[:width]
        filled = [(i, c) for i, c in enumerate(cells) if c is not None]
        number = index + 1
        if not filled:
            continue
        first = normalized(filled[0][1])
        if ended or FOOTER.match(first):
            skipped.append((number, "表尾的合计、说明或签字行" if not ended else "表尾说明之后的内容"))
            ended = ended or bool(ENDS_TABLE.match(first))
            continue
        if normalized(filled[-1][1]) in header_set and {normalized(c) for _, c in filled} <= header_set:
            skipped.append((number, "重复的表头行"))
        elif all(i in seq_columns for i, _ in filled):
            skipped.append((number, "只有序号、没有内容的空行"))
        elif _section_title(filled, width):
            skipped.append((number, f"分组标题行“{filled[0][1]}”"))
        else:
            body[number] = cells
    return body, skipped


def _section_title(filled: list[tuple[int, str]], width: int) -> bool:
    """A lone text cell, or one merged across the row (一、马市镇): a heading, not a record."""
    texts = {c for _, c in filled}
    return (width >= 3 and len(texts) == 1 and (len(filled) == 1 or len(filled) >= 3)
            and not re.fullmatch(r"[\d.]+", filled[0][1]))


def _frame(body: dict, width: int) -> pd.DataFrame:
    return pd.DataFrame.from_dict(body, orient="index", columns=range(width), dtype=object) if body \
        else pd.DataFrame(columns=range(width), dtype=object)
