"""总览: the home page — headline numbers, trends, the township league table and what needs attention."""

import streamlit as st

from sanlian import charts, data, dataset, widgets
from sanlian.frame import frame

ctx = frame("总览", ":material/dashboard:")
current, previous = data.summaries(ctx.filters, ctx.info)

if not dataset.has_activity(current):
    widgets.empty_state()
    st.stop()

for row in (["orgs_paired", "villages_covered", "village_coverage", "member_household_pairs"],
            ["visits", "visit_completion_rate", "issues_raised", "closure_rate"],
            ["median_gain_yuan", "overdue_pairs", "overdue_open", "satisfaction_rate"]):
    widgets.metric_cards(current, previous, row)

left, right = st.columns(2)
with left:
    widgets.chart(charts.visits_by_month_chart(data.query("visits_by_month", **ctx.params)))
with right:
    widgets.chart(charts.issues_by_month_chart(data.query("issues_by_month", **ctx.params)))

if ctx.info.is_sample:
    widgets.seed_stories()

widgets.township_comparison(
    data.query("township_scorecard", **ctx.params),
    {"visit_completion_rate": "月度走访完成率", "closure_rate": "办结率"},
    ["village_coverage", "visit_completion_rate", "overdue_pairs", "issues_raised", "closure_rate",
     "overdue_open", "median_gain_yuan", "investment_yuan"], key="home")

st.subheader("需要关注", anchor=False)
widgets.lazy_tabs("home_attention", {
    "逾期未办结问题": lambda: widgets.table_with_export(
        data.query("issues_overdue", **ctx.params), "逾期未办结问题（最久的在前）", "逾期未办结问题",
        key="home_overdue"),
    **widgets.pairing_panels(ctx.params, key="home"),
})
