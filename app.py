"""总览: the home page — the program's headline numbers for the chosen townships and period."""

from sanlian import data, widgets
from sanlian.frame import frame

ctx = frame("总览", ":material/dashboard:")
current = data.summary(ctx.params)
previous = data.summary(data.params(ctx.filters.previous_period(), ctx.info))

if not current[["orgs_paired", "member_household_pairs", "visits", "issues_raised"]].any():
    widgets.empty_state()
else:
    for row in (["orgs_paired", "villages_covered", "village_coverage", "member_household_pairs"],
                ["visits", "visit_completion_rate", "issues_raised", "closure_rate"],
                ["median_gain_yuan", "overdue_pairs", "overdue_open", "satisfaction_rate"]):
        widgets.metric_cards(current, previous, row)
