"""The deterministic sample-data generator: plausible 三联四促 data around the seed's three stories.

Everything random comes from one `numpy.random.default_rng(seed)`; tables are drawn in a fixed
order, so the same reference, scale and seed always give identical frames.
"""

import numpy as np
import pandas as pd

from sanlian import settings
from sanlian.sample.activities import activity_frame
from sanlian.sample.draw import Context
from sanlian.sample.outcomes import income_frame, issue_frame, project_frame, project_org_frame
from sanlian.sample.units import (
    household_frames,
    leader_frame,
    leader_township_frame,
    member_frame,
    org_frame,
    org_village_frame,
)
from sanlian.sample.vocab import INDUSTRY_WEIGHTS

# Township profiles, by position in township-code order (太平 马市 澄江 顿岗 罗坝 司前 隘子 城南
# 沈所 深渡水). Each strength — visits, evidence, speed of handling issues, solving them, income,
# co-building, issues raised — is dealt to the townships independently (rank correlations between
# strengths at most 0.3), so no real township's name carries a made-up record of failing
# everywhere. Visits keep their story: 罗坝 improves while 隘子 slips.
PROFILES = {
    "visit_base": [0.99, 0.95, 0.84, 0.97, 0.68, 0.8, 0.99, 1.08, 1.06, 0.7],
    "visit_trend": [0.0, -0.02, 0.03, 0.0, 0.3, 0.04, -0.3, 0.0, 0.0, 0.06],
    "evidence": [0.55, 0.62, 0.78, 0.8, 0.7, 0.85, 0.5, 0.76, 0.92, 0.88],
    "issue_rate": [0.9, 1.1, 0.95, 1.05, 0.8, 1.0, 1.15, 0.85, 1.0, 1.0],
    "close_speed": [0.75, 1.7, 1.0, 1.1, 0.9, 1.3, 0.7, 2.1, 0.8, 0.85],
    "stuck": [0.00075, 0.005, 0.0025, 0.002, 0.00625, 0.003, 0.00075, 0.0015, 0.001, 0.001],  # a handful stall for months: the long-overdue backlog
    "resolve": [0.88, 0.9, 0.78, 0.86, 0.93, 0.95, 0.92, 0.94, 0.8, 0.93],
    "income_level": [1.05, 1.05, 0.9, 0.75, 1.2, 1.0, 0.92, 0.85, 1.15, 0.95],
    "income_growth": [0.05, 0.02, 0.005, -0.035, 0.04, 0.015, 0.0, -0.01, 0.02, 0.01],
    "invest": [0.35, 2.0, 0.7, 1.1, 1.6, 0.5, 1.3, 0.8, 1.2, 0.9],
    "multi_org": [0.4, 1.8, 0.8, 1.1, 1.6, 0.6, 1.2, 0.7, 1.0, 0.9],
    "org_activity": [0.6, 1.3, 0.8, 1.1, 1.1, 0.7, 1.2, 0.9, 1.0, 0.9],
}


def context(reference: dict[str, pd.DataFrame], scale: int, seed: int) -> Context:
    """Sorted geography with township profiles attached, and the one random stream."""
    rng = np.random.default_rng(seed)
    towns = reference["townships"].sort_values("township_code", ignore_index=True)
    for column, values in PROFILES.items():
        towns[column] = np.resize(np.array(values, dtype=float), len(towns))
    villages = reference["villages"].sort_values("village_code", ignore_index=True)
    villages["t"] = pd.Index(towns["township_code"]).get_indexer(villages["township_code"])
    mix = np.array(INDUSTRY_WEIGHTS) * rng.gamma(4.0, 0.25, (len(towns), len(INDUSTRY_WEIGHTS)))
    return Context(rng, scale, towns, villages, mix)


def generate(reference: dict[str, pd.DataFrame], scale: int = 1,
             seed: int = settings.SAMPLE_SEED) -> dict[str, pd.DataFrame]:
    """Sample tables in foreign-key-safe insert order, each with exactly its schema columns."""
    ctx = context(reference, scale, seed)
    leaders = leader_frame(ctx)
    stations = leader_township_frame(ctx, leaders)
    orgs = org_frame(ctx)
    pairings = org_village_frame(ctx, orgs)
    members = member_frame(ctx, orgs)
    households, links = household_frames(ctx, members, orgs, pairings)
    activities = activity_frame(ctx, stations, pairings, members, households, links)
    projects = project_frame(ctx)
    return {"leaders": leaders, "orgs": orgs, "members": members, "households": households,
            "leader_townships": stations, "org_villages": pairings, "member_households": links,
            "activities": activities, "issues": issue_frame(ctx, activities, orgs),
            "projects": projects, "project_orgs": project_org_frame(ctx, projects, pairings),
            "household_incomes": income_frame(ctx, households)}
