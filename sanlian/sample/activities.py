"""Sample activities of the three links: leader lectures and forums, org co-building, member visits."""

import numpy as np
import pandas as pd

from sanlian.sample.draw import (
    AS_OF,
    START,
    Context,
    dates,
    day,
    day_between,
    expand_months,
    month_of,
    month_start,
    pick_from_groups,
    program_year,
)
from sanlian.sample.vocab import ACTIVITY_NOTES

COLUMNS = ["activity_id", "activity_date", "link", "kind", "leader_id", "org_id", "member_id",
           "township_code", "village_code", "household_id", "participants", "note", "has_photo",
           "has_location", "household_confirmed"]
ANSHUI = "440222101206"
# Visit propensity by calendar month: Spring Festival and the busy farm seasons dip.
SEASON = np.array([0.92, 0.78, 1.0, 0.92, 0.9, 1.0, 0.93, 0.92, 1.02, 0.92, 0.93, 1.0])
# Visit propensity by program year (2022 start-up … 2026): members settle into the monthly visit.
VISITS_BY_YEAR = np.array([0.78, 0.86, 0.91, 0.95, 1.0])
LEADER_KINDS = (["讲党课", "宣讲", "座谈会", "走访", "调研"], [0.2, 0.2, 0.25, 0.2, 0.15],
                [20, 20, 10, 1, 3], [90, 120, 60, 8, 15])
ORG_KINDS = (["主题党日", "共建活动", "帮办实事", "调研"], [0.3, 0.3, 0.25, 0.15],
             [8, 8, 2, 3], [40, 50, 10, 12])


def days_of(column: pd.Series) -> np.ndarray:
    """Date column -> float days since 1970, NaN where missing."""
    return (column - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype="float64", na_value=np.nan)


def intervals(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Start and end day of each pairing row, open ends running to as-of."""
    start = days_of(frame["start_date"]).astype(np.int64)
    return start, np.nan_to_num(days_of(frame["end_date"]), nan=AS_OF).astype(np.int64)


def silent_months(ctx: Context, frame: pd.DataFrame, share: float, longest: int) -> np.ndarray:
    """Months of silence before as-of for a share of active pairings (0 for the rest)."""
    silent = frame["end_date"].isna().to_numpy() & (ctx.rng.random(len(frame)) < share)
    return np.where(silent, ctx.rng.integers(2, longest + 1, len(frame)), 0)


def kind_rows(ctx: Context, kinds: tuple, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Kind and participant count per row from a (kinds, weights, low, high) table."""
    k = ctx.rng.choice(len(kinds[0]), n, p=kinds[1])
    lo, hi = np.array(kinds[2])[k], np.array(kinds[3])[k]
    return np.array(kinds[0], dtype=object)[k], lo + (ctx.rng.random(n) * (hi - lo + 1)).astype(int)


def frame_of(ctx: Context, link: int, date: np.ndarray, village: np.ndarray, **cols) -> pd.DataFrame:
    """An activity frame of one link; missing actor/target columns are null, notes rare."""
    n = len(date)
    notes = np.array(ACTIVITY_NOTES[link], dtype=object)[ctx.rng.integers(0, 4, n)]
    base = {"activity_date": date, "link": np.full(n, link, dtype=np.int8),
            "township_code": ctx.townships["township_code"].to_numpy()[ctx.town_pos(village)],
            "village_code": ctx.villages["village_code"].to_numpy()[village],
            "note": np.where(ctx.rng.random(n) < 0.01, notes, None)}
    frame = pd.DataFrame({**base, **cols})
    return frame.reindex(columns=[c for c in COLUMNS if c != "activity_id"])


def leader_activities(ctx: Context, stations: pd.DataFrame) -> pd.DataFrame:
    """Stationed leaders visit their township monthly to quarterly at its villages."""
    start, end = intervals(stations)
    rate = ctx.rng.uniform(0.33, 1.1, len(stations))
    ex = expand_months(start, end)
    count = np.minimum(ctx.rng.poisson(rate[ex["idx"]]), 3)
    row = np.repeat(np.arange(len(count)), count)
    town = pd.Index(ctx.townships["township_code"]).get_indexer(stations["township_code"])
    sizes = np.bincount(ctx.villages["t"], minlength=len(ctx.townships))
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    village = pick_from_groups(ctx.rng, town[ex["idx"][row]], first, sizes)
    kind, people = kind_rows(ctx, LEADER_KINDS, len(row))
    date = day_between(ctx.rng, ex["lo"][row], ex["hi"][row])
    return frame_of(ctx, 1, date, village, kind=kind, participants=people,
                    leader_id=stations["leader_id"].to_numpy()[ex["idx"][row]],
                    has_photo=ctx.rng.random(len(row)) < 0.9,
                    has_location=ctx.rng.random(len(row)) < 0.7)


def story_leader_activities(ctx: Context) -> pd.DataFrame:
    """华关's 宣讲 and 干群座谈会 at 安水村, 马市镇, on 2022-11-18."""
    village = np.repeat(np.flatnonzero(ctx.villages["village_code"] == ANSHUI), 2)
    return frame_of(ctx, 1, np.full(2, day("2022-11-18")), village, kind=["宣讲", "座谈会"],
                    leader_id=["LD001", "LD001"], participants=[80, 35],
                    has_photo=[True, True], has_location=[True, True]).assign(
        note=["县委书记华关到安水村宣讲党的二十大精神",
              "干群座谈会:群众反映马市镇因干旱面临用水难问题"])


def org_activities(ctx: Context, pairings: pd.DataFrame) -> pd.DataFrame:
    """Org–village co-building, 0–2 a month; some pairings quiet, a few silent lately."""
    start, end = intervals(pairings)
    village = pd.Index(ctx.villages["village_code"]).get_indexer(pairings["village_code"])
    quiet = np.where(ctx.rng.random(len(pairings)) < 0.1, 0.4, 1.0)
    rate = (0.6 + ctx.rng.gamma(2.0, 0.25, len(pairings))) * quiet
    rate *= ctx.townships["org_activity"].to_numpy()[ctx.town_pos(village)]
    ex = expand_months(start, end)
    quiet_from = month_of(np.array([AS_OF]))[0] - silent_months(ctx, pairings, 0.06, 3) + 1
    live = ex["month"] < quiet_from[ex["idx"]]
    # Steadier than Poisson: a working pairing rarely skips two months running by chance.
    jitter = ctx.rng.uniform(0.3, 1.7, len(live)) * rate[ex["idx"]] + ctx.rng.random(len(live))
    count = np.minimum(jitter.astype(np.int64), 3) * live
    row = np.repeat(np.arange(len(count)), count)
    pair = ex["idx"][row]
    kind, people = kind_rows(ctx, ORG_KINDS, len(row))
    return frame_of(ctx, 2, day_between(ctx.rng, ex["lo"][row], ex["hi"][row]), village[pair],
                    kind=kind, participants=people, org_id=pairings["org_id"].to_numpy()[pair],
                    has_photo=ctx.rng.random(len(row)) < 0.85,
                    has_location=ctx.rng.random(len(row)) < 0.6)


def story_org_activity(ctx: Context) -> pd.DataFrame:
    """The 总村 culture square handed over by 县住管局党支部."""
    village = np.flatnonzero(ctx.villages["village_code"] == "440222103210")
    return frame_of(ctx, 2, np.array([day("2023-12-28")]), village, kind=["共建活动"],
                    org_id=["ORG001"], participants=[60], has_photo=[True],
                    has_location=[True]).assign(note="总村文化广场竣工交付,篮球场、羽毛球场、乒乓球场和百姓大舞台投入使用")


def assemble(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """All activities sorted by date with sequential ids; flags default to false."""
    frame = pd.concat(frames, ignore_index=True)
    order = np.argsort(frame["activity_date"].to_numpy(), kind="stable")
    frame = frame.take(order).reset_index(drop=True)
    frame.insert(0, "activity_id", np.arange(1, len(frame) + 1, dtype=np.int64))
    for flag in ["has_photo", "has_location", "household_confirmed"]:
        frame[flag] = frame[flag].eq(True)
    frame["activity_date"] = dates(frame["activity_date"].to_numpy())
    frame["participants"] = frame["participants"].astype("Int32")
    for col in ["leader_id", "org_id", "member_id", "household_id", "note"]:
        frame[col] = frame[col].astype("str")
    return frame


def member_reliability(ctx: Context, n: int) -> np.ndarray:
    """Visit propensity per member: most steady, about one in ten unreliable; 邓国斌 diligent."""
    rel = np.clip(ctx.rng.normal(1.0, 0.05, n), 0.85, 1.1)
    bad = ctx.rng.random(n) < 0.1
    rel[bad] = ctx.rng.uniform(0.4, 0.75, bad.sum())
    rel[0] = 1.1
    return rel


def visit_rate(ctx: Context, town: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Chance a pair is visited in a month: township level and trend, the program year, the season."""
    first, last = month_of(np.array([START, AS_OF]))
    progress = (month - first) / (last - first)
    level = ctx.townships["visit_base"].to_numpy()[town]
    level = level + ctx.townships["visit_trend"].to_numpy()[town] * progress
    return level * VISITS_BY_YEAR[program_year(month_start(month))] * SEASON[month % 12]


def visits(ctx: Context, members: pd.DataFrame, households: pd.DataFrame,
           links: pd.DataFrame) -> pd.DataFrame:
    """Monthly member→household visits (some 帮办实事), with gaps, silent pairs and evidence flags."""
    start, end = intervals(links)
    member = pd.Index(members["member_id"]).get_indexer(links["member_id"])
    house = pd.Index(households["household_id"]).get_indexer(links["household_id"])
    village = pd.Index(ctx.villages["village_code"]).get_indexer(households["village_code"])[house]
    town = ctx.town_pos(village)
    rel = member_reliability(ctx, len(members))[member]
    # The story pair is the first member with the first household (ids widen with the scale).
    story = (member == 0) & (house == 0)
    quiet_from = month_of(np.array([AS_OF]))[0] - silent_months(ctx, links, 0.04, 4) + 1
    quiet_from[story] = np.iinfo(np.int64).max
    ex = expand_months(start, end)
    i = ex["idx"]
    chance = np.minimum(visit_rate(ctx, town[i], ex["month"]) * rel[i], 0.99)
    chance = np.where(story[i], 1.0, chance * (ex["month"] < quiet_from[i]))
    hit = ctx.rng.random(len(i)) < chance
    extra = hit & (ctx.rng.random(len(i)) < 0.04)
    row = np.concatenate([np.flatnonzero(hit), np.flatnonzero(extra)])
    helped = (np.arange(len(row)) >= hit.sum()) | (ctx.rng.random(len(row)) < 0.07)
    pair = i[row]
    evidence = ctx.townships["evidence"].to_numpy()[town[pair]] * np.minimum(rel[pair], 1.0)
    draws = ctx.rng.random((3, len(row)))
    return frame_of(ctx, 3, habitual_day(ctx, pair, ex["month"][row], ex["lo"][row], ex["hi"][row]),
                    village[pair],
                    kind=np.where(helped, "帮办实事", "走访"),
                    member_id=links["member_id"].to_numpy()[pair],
                    household_id=links["household_id"].to_numpy()[pair],
                    org_id=members["org_id"].to_numpy()[member[pair]],
                    participants=ctx.rng.choice([1, 2, 3], len(row), p=[0.7, 0.22, 0.08]),
                    has_photo=draws[0] < evidence, has_location=draws[1] < evidence - 0.1,
                    household_confirmed=draws[2] < evidence - 0.15)


def habitual_day(ctx: Context, pair: np.ndarray, month: np.ndarray, lo: np.ndarray,
                 hi: np.ndarray) -> np.ndarray:
    """The day of a pair's visit in a month: near the pair's own day of the month (±4 days), as a
    member keeps a rhythm, so visits come about a month apart and the 31-day 超期未走访 count does
    not swing with the day of the month (uniform days left gaps of up to two months)."""
    habit = (pair * 7919) % 28  # fixed per pair, drawn from nothing, so the random stream is unchanged
    jitter = (ctx.rng.random(len(pair)) * 9).astype(np.int64) - 4
    return np.clip(month_start(month) + habit + jitter, lo, hi)


def with_story_visits(frame: pd.DataFrame, member_id: str, household_id: str) -> pd.DataFrame:
    """邓国斌's rice-variety visit note and his visit on the as-of day itself."""
    story = ((frame["member_id"] == member_id) & (frame["household_id"] == household_id)).to_numpy()
    date = frame["activity_date"].to_numpy()
    july = np.flatnonzero(story & (date >= day("2023-07-01")) & (date <= day("2023-07-31")))
    frame.loc[july[:1], "note"] = "指导种植水稻新品种南晶香占,推广水稻“三控”技术,140亩"
    last = np.flatnonzero(story & (date == date[story].max()))
    frame.loc[last[:1], "activity_date"] = AS_OF
    return frame


def activity_frame(ctx: Context, stations: pd.DataFrame, pairings: pd.DataFrame,
                   members: pd.DataFrame, households: pd.DataFrame,
                   links: pd.DataFrame) -> pd.DataFrame:
    """Every activity of the three links, sorted by date, ids 1..N."""
    return assemble([story_leader_activities(ctx), leader_activities(ctx, stations),
                     story_org_activity(ctx), org_activities(ctx, pairings),
                     with_story_visits(visits(ctx, members, households, links),
                                       members["member_id"].iloc[0], households["household_id"].iloc[0])])
