"""Sample people, units and the three pairings: leaders, orgs, members, households and their links."""

import numpy as np
import pandas as pd

from sanlian.sample.draw import AS_OF, START, Context, dates, day, ids, person_names, phones, pick_from_groups
from sanlian.sample.vocab import BIG_AGENCIES, INDUSTRIES, LEADER_POSTS, ORDINALS, SMALL_AGENCIES

MASHI = "440222101"
ZONGCUN = "440222103210"
XINGREN = "440222108213"
N_ORGS = 150
STORY_ORGS = [("ORG001", "县住管局党支部", "县住管局"),
              ("ORG002", "城东区雨污分流管网建设项目党支部", "城东区雨污分流管网建设项目")]


def leader_frame(ctx: Context) -> pd.DataFrame:
    """The ~28 county leaders of the four bodies; LD001 is the seed's 县委书记 华关."""
    names = person_names(ctx.rng, len(LEADER_POSTS))
    names[0] = "华关"
    return pd.DataFrame({"leader_id": ids("LD", len(names), 3), "name": names,
                         "post": [p for p, _ in LEADER_POSTS], "body": [b for _, b in LEADER_POSTS]})


def station_towns(ctx: Context, n_leaders: int) -> np.ndarray:
    """Township position per leader: every township gets two, a random few a third; LD001 at 马市镇."""
    n_t = len(ctx.townships)
    slots = np.concatenate([np.tile(np.arange(n_t), 2), ctx.rng.permutation(n_t)])[:n_leaders]
    town = ctx.rng.permutation(slots)
    mashi = int(np.flatnonzero(ctx.townships["township_code"] == MASHI)[0])
    j = int(np.flatnonzero(town == mashi)[0])
    town[[0, j]] = town[[j, 0]]
    return town


def leader_township_frame(ctx: Context, leaders: pd.DataFrame) -> pd.DataFrame:
    """Stationing from the start; three leaders are re-stationed mid-way, keeping 2–4 per township."""
    town = station_towns(ctx, len(leaders))
    counts = np.bincount(town, minlength=len(ctx.townships))
    sources = ctx.rng.choice(np.flatnonzero(counts == counts.max()), 3, replace=False)
    targets = ctx.rng.choice(np.setdiff1d(np.arange(len(counts)), sources), 3, replace=False)
    movers = [int(ctx.rng.choice(np.flatnonzero((town == s) & (np.arange(len(town)) > 0))))
              for s in sources]
    moved = ctx.rng.integers(day("2023-09-01"), day("2025-06-30"), 3)
    end = np.full(len(town), np.nan)
    end[movers] = moved
    codes = ctx.townships["township_code"].to_numpy()
    lid = leaders["leader_id"].to_numpy()
    frame = pd.DataFrame({"leader_id": np.concatenate([lid, lid[movers]]),
                          "township_code": np.concatenate([codes[town], codes[targets]]),
                          "start_date": dates(np.concatenate([np.full(len(town), START), moved + 1])),
                          "end_date": dates(np.concatenate([end, np.full(3, np.nan)]))})
    return frame.sort_values(["leader_id", "start_date"], ignore_index=True)


def branch_counts(ctx: Context) -> np.ndarray:
    """Party organizations per agency, summing to 150 with the two story orgs; big agencies get more."""
    counts = np.ones(len(BIG_AGENCIES) + len(SMALL_AGENCIES), dtype=np.int64)
    weight = 1.0 / (1.0 + 0.15 * np.arange(len(BIG_AGENCIES)))
    extra = ctx.rng.choice(len(BIG_AGENCIES), N_ORGS - len(STORY_ORGS) - len(counts),
                           p=weight / weight.sum())
    np.add.at(counts, extra, 1)
    return np.minimum(counts, len(ORDINALS))


def org_frame(ctx: Context) -> pd.DataFrame:
    """Exactly 150 agency party orgs: ORG001/ORG002 from the seed, then branches by agency."""
    counts = branch_counts(ctx)
    agency = pd.Series(np.repeat(np.array(BIG_AGENCIES + SMALL_AGENCIES, dtype=object), counts))
    rank = agency.groupby(agency, sort=False).cumcount().to_numpy()
    many = np.repeat(counts, counts)
    single_type = ctx.rng.choice(["党支部", "党总支", "党委"], len(agency), p=[0.8, 0.12, 0.08])
    org_type = np.where(many == 1, single_type, np.where((many >= 4) & (rank == 0), "党委", "党支部"))
    ordinal = np.array(ORDINALS, dtype=object)[np.maximum(rank - (many >= 4), 0)]
    suffix = np.where(many == 1, org_type, np.where(org_type == "党委", "党委",
                                                    "第" + ordinal + "党支部"))
    frame = pd.DataFrame({"name": agency + suffix, "agency": agency, "org_type": org_type})
    frame = pd.concat([pd.DataFrame(STORY_ORGS, columns=["org_id", "name", "agency"])
                       .assign(org_type="党支部"), frame], ignore_index=True)
    frame["org_id"] = ids("ORG", len(frame), 3)
    return frame[["org_id", "name", "agency", "org_type"]].iloc[:N_ORGS].reset_index(drop=True)


def village_slots(ctx: Context, n_orgs: int) -> np.ndarray:
    """村委会 position per org slot: every 村委会 one slot, extras make 1+N villages of 2–4."""
    cun = np.flatnonzero(ctx.villages["kind"] == "村委会")
    counts = np.ones(len(cun), dtype=np.int64)
    zong = np.flatnonzero(ctx.villages["village_code"].to_numpy()[cun] == ZONGCUN)[0]
    counts[zong] = 2
    extra = n_orgs - counts.sum()
    weight = ctx.townships["multi_org"].to_numpy()[ctx.town_pos(cun)]
    weight[zong] = 0
    tier = ctx.rng.choice(len(cun), round(extra * 0.65), replace=False, p=weight / weight.sum())
    counts[tier] += 1
    tier = ctx.rng.choice(tier, round(extra * 0.24), replace=False)
    counts[tier] += 1
    counts[ctx.rng.choice(tier, extra - round(extra * 0.65) - round(extra * 0.24), replace=False)] += 1
    return np.repeat(cun, counts)


def slot_orgs(ctx: Context, orgs: pd.DataFrame, village: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Org position per slot: the seed's orgs at 总村 and 兴仁村, everyone else shuffled in."""
    code = ctx.villages["village_code"].to_numpy()[village]
    agr = int(np.flatnonzero(orgs["agency"] == "县农业农村局")[0])
    fixed = {np.flatnonzero((code == ZONGCUN) & (rank == 0))[0]: 0,
             np.flatnonzero((code == ZONGCUN) & (rank == 1))[0]: 1,
             np.flatnonzero((code == XINGREN) & (rank == 0))[0]: agr}
    org = np.full(len(village), -1)
    org[list(fixed)] = list(fixed.values())
    rest = np.setdiff1d(np.arange(len(orgs)), list(fixed.values()))
    org[org < 0] = ctx.rng.permutation(rest)
    return org


def org_village_frame(ctx: Context, orgs: pd.DataFrame) -> pd.DataFrame:
    """Active 1+1/1+N pairings of all orgs with all 村委会, plus a few ended ones (org moved)."""
    village = village_slots(ctx, len(orgs))
    rank = pd.Series(village).groupby(village).cumcount().to_numpy()
    org = slot_orgs(ctx, orgs, village, rank)
    start = np.full(len(org), START)
    late = (rank > 0) & (org > 1) & (ctx.rng.random(len(org)) < 0.15)
    start[late] = ctx.rng.integers(day("2022-09-01"), day("2024-12-31"), late.sum())
    movers = ctx.rng.choice(np.flatnonzero((org > 1) & ~late & (rank > 0)), 6, replace=False)
    start[movers] = ctx.rng.integers(day("2023-03-01"), day("2024-09-30"), len(movers))
    cun = np.flatnonzero(ctx.villages["kind"] == "村委会")
    old = cun[(np.searchsorted(cun, village[movers]) + ctx.rng.integers(1, len(cun), 6)) % len(cun)]
    codes = ctx.villages["village_code"].to_numpy()
    frame = pd.DataFrame({
        "org_id": orgs["org_id"].to_numpy()[np.concatenate([org, org[movers]])],
        "village_code": codes[np.concatenate([village, old])],
        "role": np.where(np.concatenate([rank, np.ones(6)]) == 0, "牵头", "协同"),
        "start_date": dates(np.concatenate([start, np.full(6, START)])),
        "end_date": dates(np.concatenate([np.full(len(org), np.nan), start[movers] - 1]))})
    return frame.sort_values(["org_id", "start_date"], ignore_index=True)


def member_frame(ctx: Context, orgs: pd.DataFrame) -> pd.DataFrame:
    """About 2000×scale members over uneven org sizes; M00001 is 邓国斌 of 县农业农村局."""
    n, n_org = 2000 * ctx.scale, len(orgs)
    weight = ctx.rng.lognormal(0, 0.6, n_org)
    sizes = 3 + ctx.rng.multinomial(n - 1 - 3 * n_org, weight / weight.sum())
    agr = int(np.flatnonzero(orgs["agency"] == "县农业农村局")[0])
    org = np.concatenate([[agr], np.repeat(np.arange(n_org), sizes)])
    names = person_names(ctx.rng, n)
    names[0] = "邓国斌"
    return pd.DataFrame({"member_id": ids("M", n, 5), "name": names,
                         "org_id": orgs["org_id"].to_numpy()[org], "phone": phones(ctx.rng, n, 0.02)})


def active_village(ctx: Context, pairings: pd.DataFrame, org_ids: pd.Series) -> np.ndarray:
    """Village position of each org's active pairing."""
    active = pairings[pairings["end_date"].isna()].drop_duplicates("org_id").set_index("org_id")
    code = active["village_code"].reindex(org_ids).to_numpy()
    return pd.Index(ctx.villages["village_code"]).get_indexer(code)


def household_frame(ctx: Context, village: np.ndarray) -> pd.DataFrame:
    """Households at the given village positions; H000001 is the seed's rice grower 彭长优."""
    n = len(village)
    t = ctx.town_pos(village)
    industry = np.array(INDUSTRIES, dtype=object)[ctx.industry_choice(t)]
    names = person_names(ctx.rng, n)
    names[0], industry[0] = "彭长优", "水稻种植"
    size = ctx.rng.choice(np.arange(1, 8), n, p=[0.08, 0.16, 0.22, 0.24, 0.17, 0.09, 0.04])
    return pd.DataFrame({"household_id": ids("H", n, 6),
                         "village_code": ctx.villages["village_code"].to_numpy()[village],
                         "head_name": names, "phone": phones(ctx.rng, n, 0.2),
                         "size": size.astype(np.int32), "main_industry": industry})


def household_villages(ctx: Context, member_village: np.ndarray) -> np.ndarray:
    """Mostly the village the member's org is paired with, sometimes another 村委会."""
    cun = np.flatnonzero(ctx.villages["kind"] == "村委会")
    elsewhere = ctx.rng.random(len(member_village)) < 0.12
    elsewhere[0] = False
    return np.where(elsewhere, ctx.rng.choice(cun, len(member_village)), member_village)


def pair_ends(ctx: Context, start: np.ndarray) -> np.ndarray:
    """About 5% of pairs end before as-of (NaN = active); never the seed's pair."""
    ended = (ctx.rng.random(len(start)) < 0.055) & (start < AS_OF - 120)
    ended[0] = False
    end = np.full(len(start), np.nan)
    end[ended] = ctx.rng.integers(start[ended] + 60, AS_OF - 10)
    return end


def member_joins(ctx: Context, n: int) -> np.ndarray:
    """Day each member starts visiting: most at the program start, some later."""
    join = np.where(ctx.rng.random(n) < 0.85, START,
                    ctx.rng.integers(START + 30, AS_OF - 120, n))
    join[0] = START
    return join


def repairs(ctx: Context, member_org: np.ndarray, member: np.ndarray, end: np.ndarray):
    """For ~60% of ended pairs, another member of the same org takes the household over."""
    by_org = np.argsort(member_org, kind="stable")
    sizes = np.bincount(member_org)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    which = np.flatnonzero(~np.isnan(end) & (ctx.rng.random(len(end)) < 0.6))
    org = member_org[member[which]]
    slot = pick_from_groups(ctx.rng, org, first, sizes)
    new = by_org[slot]
    # Never hand a household back to the member who just left it.
    new = np.where(new == member[which], by_org[first[org] + (slot - first[org] + 1) % sizes[org]], new)
    start = np.minimum(end[which].astype(np.int64) + 1 + ctx.rng.integers(0, 30, len(which)), AS_OF)
    return which, new, start


def household_frames(ctx: Context, members: pd.DataFrame, orgs: pd.DataFrame,
                     pairings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Households and member_households: each member paired with 2–5 households."""
    k = ctx.rng.choice([2, 3, 4, 5], len(members), p=[0.35, 0.35, 0.2, 0.1])
    member = np.repeat(np.arange(len(members)), k)
    org_village = active_village(ctx, pairings, orgs["org_id"])
    member_org = pd.Index(orgs["org_id"]).get_indexer(members["org_id"])
    households = household_frame(ctx, household_villages(ctx, org_village[member_org[member]]))
    start = member_joins(ctx, len(members))[member]
    end = pair_ends(ctx, start)
    which, new, new_start = repairs(ctx, member_org, member, end)
    mid, hid = members["member_id"].to_numpy(), households["household_id"].to_numpy()
    links = pd.DataFrame({"member_id": mid[np.concatenate([member, new])],
                          "household_id": hid[np.concatenate([np.arange(len(member)), which])],
                          "start_date": dates(np.concatenate([start, new_start])),
                          "end_date": dates(np.concatenate([end, np.full(len(which), np.nan)]))})
    return households, links.sort_values(["member_id", "household_id", "start_date"],
                                         ignore_index=True)
