"""The app's colours in one place, used by charts, maps, slides and the PowerPoint brief alike.

Three families that never mix:
- BRAND: the party red of titles and the theme; never used to mean "bad".
- STATUS: green / amber / red against a metric's target, and nothing else.
- SERIES: categories (收集 / 已办结, the five 共建 areas, the three links); a series keeps its
  colour on the screen, on the projector and in the PPTX, because every one of them asks
  `series_colour(name)` here. The qualitative colours are Okabe–Ito (readable for colour-blind
  people) without its red-orange and green, which would read as a status.
"""

BRAND = "#a50d25"
TEXT = "#222222"
MUTED = "#9e9e9e"  # no data, no target

STATUS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828"}

# Categories, in the order a chart meets its series when it has no fixed colour.
QUALITATIVE = ("#0072b2", "#e69f00", "#56b4e9", "#7a5195", "#8c6d31", "#4d4d4d")
FIXED_SERIES = {
    # 民情: raised and closed
    "收集": QUALITATIVE[1], "民情收集量": QUALITATIVE[1], "其中已办结": QUALITATIVE[0], "已办结": QUALITATIVE[0],
    # 走访
    "走访户次": QUALITATIVE[0], "月度走访完成率": QUALITATIVE[1],
    # 领导联乡镇
    "讲党课/宣讲": QUALITATIVE[0], "座谈会": QUALITATIVE[1],
    # the three links
    "领导联乡镇": QUALITATIVE[0], "机关联农村": QUALITATIVE[1], "党员联群众": QUALITATIVE[2],
}
# The five co-building areas, one colour each wherever they are drawn.
AREAS = ("建强基层组织", "加强党员队伍管理", "加快产业发展", "建设美丽乡村", "创新村级治理")  # schema.sql's list
FIXED_SERIES.update(zip(AREAS, QUALITATIVE, strict=False))
# How long an issue is overdue: one hue, darker = longer (an ordered quantity, not a status).
OVERDUE_STEPS = ("#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")


def series_colour(name: str, index: int = 0) -> str:
    """The colour of a named series: its fixed colour, else the index-th qualitative one."""
    return FIXED_SERIES.get(name, QUALITATIVE[index % len(QUALITATIVE)])


def status_colour(status: str | None) -> str:
    """The colour of a status ('green', 'amber', 'red'); grey when there is no target or value."""
    return STATUS.get(status, MUTED)


def rgb(colour: str) -> tuple[int, int, int]:
    """'#c62828' → (198, 40, 40)."""
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
