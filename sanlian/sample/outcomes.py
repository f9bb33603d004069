"""Sample outcomes: issues raised at activities, co-building projects and household incomes."""

import numpy as np
import pandas as pd

from sanlian import settings
from sanlian.sample.activities import days_of
from sanlian.sample.draw import AS_OF, START, Context, choice_by_row, dates, day, program_year
from sanlian.sample.vocab import (
    CATEGORIES,
    CATEGORY_UNITS,
    CATEGORY_WEIGHTS,
    INDUSTRIES,
    INDUSTRY_GROWTH,
    INDUSTRY_INCOME,
    PROJECT_NAMES,
    SUMMARIES,
)

SCALES = np.array(["小微实事", "一般", "重大"], dtype=object)
DUE_DAYS = np.array([15, 30, 60])
CLOSE_MEDIAN = np.array([6.0, 14.0, 28.0])
# Issue chance per activity kind: forums surface most, lectures few; visits about one in nine.
ISSUE_CHANCE = {"座谈会": 0.6, "走访": 0.11, "调研": 0.3, "讲党课": 0.08, "宣讲": 0.08,
                "主题党日": 0.08, "共建活动": 0.15, "帮办实事": 0.12}
# Handling by program year (2022 start-up … 2026): issues close faster, fewer stall, more are solved.
SLOWER_BY_YEAR = np.array([1.7, 1.35, 1.15, 1.0, 0.85])
STUCK_BY_YEAR = np.array([3.0, 1.5, 0.6, 0.3, 0.3])
RESOLVE_BY_YEAR = np.array([-0.1, -0.05, -0.02, 0.0, 0.03])
# About one village in ten handles issues slowly (the map's red villages); the rest close in time.
SLOW_VILLAGES, SLOW_LAG = 0.08, 3.5
MASHI, DROUGHT = "440222101", "干旱导致饮水困难"
STORY_ISSUE = {"category": "饮水用水", "scale": "重大", "assigned_unit": "县水务局",
               "summary": "马市镇因干旱面临用水难,需各部门协同做好抗旱保水,保障群众生活生产用水",
               "due_date": day("2022-12-18"), "closed_date": day("2022-12-15"),
               "is_resolved": True, "satisfaction": 5, "reopened": False}


def issue_sources(ctx: Context, activities: pd.DataFrame) -> pd.DataFrame:
    """Activities that raised an issue; 华关's forum always, his lecture never."""
    chance = activities["kind"].map(ISSUE_CHANCE).to_numpy(dtype=float)
    town = pd.Index(ctx.townships["township_code"]).get_indexer(activities["township_code"])
    chance = chance * np.where(activities["link"] == 3, ctx.townships["issue_rate"].to_numpy()[town], 1)
    story = (activities["leader_id"] == "LD001") & (activities["activity_date"] == "2022-11-18")
    raised = np.where(story, activities["kind"] == "座谈会", ctx.rng.random(len(chance)) < chance)
    return activities[raised].reset_index(drop=True).assign(t=town[raised])


def issue_text(ctx: Context, src: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Category, summary and scale index per issue, by link and township."""
    n = len(src)
    tilt = ctx.rng.gamma(4.0, 0.25, (len(ctx.townships), len(CATEGORIES)))
    cat = choice_by_row(ctx.rng, np.array(CATEGORY_WEIGHTS)[src["link"] - 1] * tilt[src["t"]])
    lengths = np.array([len(s) for s in SUMMARIES])
    flat = np.array([s for group in SUMMARIES for s in group], dtype=object)
    offset = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    summary = flat[offset[cat] + (ctx.rng.random(n) * lengths[cat]).astype(int)]
    scale_weights = np.array([[0.2, 0.5, 0.3], [0.45, 0.45, 0.1], [0.72, 0.25, 0.03]])
    return cat, summary, choice_by_row(ctx.rng, scale_weights[src["link"] - 1])


def assigned_units(ctx: Context, src: pd.DataFrame, orgs: pd.DataFrame,
                   cat: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Small matters go to the member's own agency or the township; others to the line agency."""
    agency = orgs.set_index("org_id")["agency"].reindex(src["org_id"]).to_numpy()
    township = ctx.townships["name"].to_numpy()[src["t"]] + "人民政府"
    line = np.array(CATEGORY_UNITS, dtype=object)[cat]
    u = ctx.rng.random(len(src))
    own = (scale == 0) & pd.notna(agency) & (u < 0.6)
    return np.where(own, agency, np.where(u < 0.8, township, line))


def village_lag(ctx: Context) -> np.ndarray:
    """Per village: how much slower than its township it handles issues (most 1, a tenth slow)."""
    slow = ctx.rng.random(len(ctx.villages)) < SLOW_VILLAGES
    return np.where(slow, SLOW_LAG * ctx.rng.uniform(0.8, 1.25, len(ctx.villages)), 1.0)


def closing(ctx: Context, src: pd.DataFrame, raised: np.ndarray, scale: np.ndarray):
    """Closed day (NaN while open at as-of), resolved flag, satisfaction and reopened flag."""
    n = len(src)
    year = program_year(raised.astype(np.int64))
    village = pd.Index(ctx.villages["village_code"]).get_indexer(src["village_code"])
    speed = ctx.townships["close_speed"].to_numpy()[src["t"]] ** 0.5 * village_lag(ctx)[village]
    took = np.ceil(CLOSE_MEDIAN[scale] * speed * SLOWER_BY_YEAR[year] * np.exp(ctx.rng.normal(0, 0.4, n)))
    # A few stall for months, more in the start-up years; the recent ones are the long-overdue backlog.
    stuck = ctx.rng.random(n) < ctx.townships["stuck"].to_numpy()[src["t"]] * STUCK_BY_YEAR[year]
    took = took + stuck * ctx.rng.integers(60, 400, n)
    closed = np.where(raised + took > AS_OF, np.nan, raised + took)
    done = ~np.isnan(closed)
    solve = ctx.townships["resolve"].to_numpy()[src["t"]] + RESOLVE_BY_YEAR[year]
    resolved = done & (ctx.rng.random(n) < solve)
    happy = np.where(resolved[:, None], [0.02, 0.03, 0.1, 0.35, 0.5], [0.2, 0.3, 0.3, 0.15, 0.05])
    rated = done & (ctx.rng.random(n) < 0.85)
    stars = pd.array(np.where(rated, choice_by_row(ctx.rng, happy) + 1, 0), dtype="Int8")
    stars[~rated] = pd.NA
    return closed, resolved, stars, done & (ctx.rng.random(n) < 0.03)


def issue_frame(ctx: Context, activities: pd.DataFrame, orgs: pd.DataFrame) -> pd.DataFrame:
    """Issues raised at activities, ids in raised order; 华关's drought-water issue among them."""
    src = issue_sources(ctx, activities)
    raised = days_of(src["activity_date"])
    cat, summary, scale = issue_text(ctx, src)
    closed, resolved, stars, reopened = closing(ctx, src, raised, scale)
    frame = pd.DataFrame({
        "issue_id": np.arange(1, len(src) + 1, dtype=np.int64), "raised_date": src["activity_date"],
        "activity_id": src["activity_id"], "link": src["link"],
        "township_code": src["township_code"], "village_code": src["village_code"],
        "household_id": src["household_id"], "category": np.array(CATEGORIES, dtype=object)[cat],
        "summary": summary, "scale": SCALES[scale],
        "assigned_unit": assigned_units(ctx, src, orgs, cat, scale),
        "due_date": raised + DUE_DAYS[scale], "closed_date": closed, "is_resolved": resolved,
        "satisfaction": stars, "reopened": reopened})
    return with_story_issue(frame, src)


def with_story_issue(frame: pd.DataFrame, src: pd.DataFrame) -> pd.DataFrame:
    """Overwrite the forum issue from 华关's 安水村 visit with the seed's figures; dates to datetime.
    The drought-water problem was solved: 马市镇 does not raise the same complaint again afterwards
    (its later water issues are other water matters)."""
    row = np.flatnonzero((src["leader_id"] == "LD001") & (src["kind"] == "座谈会")
                         & (src["activity_date"] == "2022-11-18"))[0]
    for column, value in STORY_ISSUE.items():
        frame.loc[row, column] = value
    repeat = ((frame["summary"] == DROUGHT) & (frame["township_code"] == MASHI)
              & (days_of(frame["raised_date"]) > STORY_ISSUE["closed_date"])).to_numpy()
    others = np.array([s for s in SUMMARIES[CATEGORIES.index("饮水用水")] if s != DROUGHT], dtype=object)
    frame.loc[repeat, "summary"] = others[frame.loc[repeat, "issue_id"].to_numpy() % len(others)]
    frame["due_date"] = dates(frame["due_date"].to_numpy())
    frame["closed_date"] = dates(frame["closed_date"].to_numpy())
    return frame


def project_places(ctx: Context, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Village positions (村委会 only, richer townships get more) and area index per project."""
    cun = np.flatnonzero(ctx.villages["kind"] == "村委会")
    weight = ctx.townships["invest"].to_numpy()[ctx.town_pos(cun)]
    village = ctx.rng.choice(cun, n, p=weight / weight.sum())
    return village, ctx.rng.choice(len(PROJECT_NAMES), n, p=[0.18, 0.08, 0.3, 0.3, 0.14])


def project_names(ctx: Context, village: np.ndarray, area: np.ndarray) -> pd.Series:
    """'XX村' plus a template of the area; repeats become 二期/三期."""
    templates = list(PROJECT_NAMES.values())
    pick = [templates[a][int(u * len(templates[a]))] for a, u in zip(area, ctx.rng.random(len(area)))]
    stem = ctx.villages["name"].str.removesuffix("村委会")
    short = stem.where(stem.str.endswith("村"), stem + "村").to_numpy()[village]
    name = pd.Series(short + np.array(pick, dtype=object))
    phase = name.groupby(name).cumcount().to_numpy()
    return name + np.array(["", "(二期)", "(三期)", "(四期)", "(五期)"], dtype=object)[np.minimum(phase, 4)]


def project_timing(ctx: Context, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, end (NaN = not planned yet) and status, consistent with the as-of date."""
    start = np.sort(ctx.rng.integers(START + 15, AS_OF + 150, n))
    end = start + np.ceil(ctx.rng.lognormal(np.log(150), 0.6, n))
    status = np.where(start > AS_OF, "规划", np.where(end <= AS_OF, "完工", "在建")).astype(object)
    stalled = (status == "完工") & (end > AS_OF - 300) & (ctx.rng.random(n) < 0.15)
    status[stalled] = "在建"
    status[(start > AS_OF - 45) & (ctx.rng.random(n) < 0.5)] = "规划"
    end = np.where((status == "规划") & (ctx.rng.random(n) < 0.4), np.nan, end)
    return start, end, status


def project_frame(ctx: Context, n: int = 300) -> pd.DataFrame:
    """About 300 co-building projects; P0001 is 总村's 300,000-yuan culture square."""
    village, area = project_places(ctx, n - 1)
    start, end, status = project_timing(ctx, n - 1)
    invest = ctx.rng.lognormal(np.log(110000), 0.9, n - 1) * np.array([0.9, 0.4, 1.5, 1.3, 0.7])[area]
    invest *= ctx.townships["invest"].to_numpy()[ctx.town_pos(village)]
    story = pd.DataFrame({"village_code": ["440222103210"], "name": ["总村文化广场"],
                          "area": ["建设美丽乡村"], "investment_yuan": [300000.0],
                          "start_date": [day("2023-08-01")], "end_date": [day("2023-12-28")],
                          "status": ["完工"]})
    frame = pd.concat([story, pd.DataFrame({
        "village_code": ctx.villages["village_code"].to_numpy()[village],
        "name": project_names(ctx, village, area).to_numpy(),
        "area": np.array(list(PROJECT_NAMES), dtype=object)[area],
        "investment_yuan": np.round(np.clip(invest, 20000, 2000000), -2),
        "start_date": start, "end_date": end, "status": status})], ignore_index=True)
    frame.insert(0, "project_id", [f"P{i:04d}" for i in range(1, n + 1)])
    return frame.assign(start_date=dates(frame["start_date"]), end_date=dates(frame["end_date"]))


def project_org_frame(ctx: Context, projects: pd.DataFrame, pairings: pd.DataFrame) -> pd.DataFrame:
    """One or two of the orgs paired with the project's village, the lead org first."""
    active = pairings.loc[pairings["end_date"].isna(), ["org_id", "village_code", "role"]]
    both = projects[["project_id", "village_code"]].merge(active, on="village_code")
    both["key"] = (both["role"] == "协同") + ctx.rng.random(len(both))
    both = both.sort_values(["project_id", "key"], ignore_index=True)
    wanted = pd.Series(np.where(ctx.rng.random(len(projects)) < 0.45, 2, 1), index=projects["project_id"])
    wanted["P0001"] = 2
    keep = both.groupby("project_id").cumcount() < wanted.reindex(both["project_id"]).to_numpy()
    return both.loc[keep, ["project_id", "org_id"]].reset_index(drop=True)


def income_frame(ctx: Context, households: pd.DataFrame) -> pd.DataFrame:
    """Net income per household per year, by industry and township; 彭长优 +28,000 in 2023."""
    n, years = len(households), np.arange(settings.SAMPLE_INCOME_YEARS[0], settings.SAMPLE_INCOME_YEARS[1] + 1)
    village = pd.Index(ctx.villages["village_code"]).get_indexer(households["village_code"])
    town, ind = ctx.town_pos(village), pd.Index(INDUSTRIES).get_indexer(households["main_industry"])
    base = np.array(INDUSTRY_INCOME)[ind] * (0.55 + 0.1 * households["size"].to_numpy())
    base *= ctx.townships["income_level"].to_numpy()[town] * ctx.rng.lognormal(0, 0.3, n)
    trend = np.array(INDUSTRY_GROWTH)[ind] + ctx.townships["income_growth"].to_numpy()[town]
    growth = trend[:, None] + ctx.rng.normal(0, 0.05, (n, len(years) - 1))
    fall = ctx.rng.random(growth.shape) < 0.06
    growth[fall] = -ctx.rng.uniform(0.03, 0.25, fall.sum())
    income = base[:, None] * np.cumprod(np.hstack([np.ones((n, 1)), 1 + growth]), axis=1)
    income = np.round(income / 10) * 10
    income[0] = [92000, 98000, 126000, 131500, 137200]
    late = ctx.rng.random(n) < 0.05
    late[0] = False
    missing = np.zeros(income.shape, dtype=bool)
    missing[late, 0] = True
    missing[late, 1] = ctx.rng.random(late.sum()) < 0.5
    keep = ~missing.ravel()
    return pd.DataFrame({"household_id": np.repeat(households["household_id"].to_numpy(), len(years))[keep],
                         "year": np.tile(years, n).astype(np.int16)[keep],
                         "net_income_yuan": income.ravel()[keep]})
