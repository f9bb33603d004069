"""总览: the home page — the verdict, the cards by link and the township ranking on the first screen;
trends, the township league and what needs attention below."""

import streamlit as st

from sanlian import cards, charts, data, dataset, leader, text, verdict, widgets
from sanlian.filters import COMPARISONS
from sanlian.frame import frame

ctx = frame("总览", ":material/dashboard:")
current, previous = data.summaries(ctx.filters, ctx.info)

if not dataset.has_activity(current):
    widgets.empty_state()
    st.stop()

st.html(leader.FIRST_SCREEN_CSS)
scorecard = data.query("township_scorecard", **ctx.params)
town = ctx.filters.towns[0] if len(ctx.filters.towns) == 1 and len(ctx.info.towns) > 1 else None
if town:  # one township: every comparison is with the county, and its rank among the townships
    county, league, league_before = leader.county_base(ctx)
    leader.show_verdict(verdict.township_verdict(town, current, county, league))
    base = cards.county_average(county, league)
    base_label, ranks = leader.COUNTY_LABEL, leader.township_ranks(league, town)
else:
    league = scorecard
    league_before = data.query("township_scorecard", **data.params(ctx.filters.comparison_period(), ctx.info))
    leader.show_verdict(verdict.county_verdict(current, scorecard))
    base, base_label, ranks = previous, COMPARISONS[ctx.filters.compare], None
also = None if town else leader.year_back(ctx)

cards_area, ranking_area = st.columns([3, 1.25])
with cards_area:
    leader.link_cards(current, base, base_label, ranks, also)
with ranking_area:
    st.markdown(f"**{text.for_markdown(town)}各村排名**" if town else "**乡镇排名**")
    if town:
        params_before = data.params(ctx.filters.comparison_period(), ctx.info)
        leader.ranking_panel(data.query("village_scorecard", **ctx.params),
                             data.query("village_scorecard", **params_before), ctx.filters.compare,
                             key="home_villages", unit="village")
    else:
        leader.ranking_panel(league, league_before, ctx.filters.compare, key="home")

st.subheader("其他指标", anchor=False)
widgets.metric_cards(current, base, leader.MORE_CARDS, base_label=base_label, ranks=ranks)

left, right = st.columns(2)
with left:
    widgets.chart(charts.visits_by_month_chart(data.query("visits_by_month", **ctx.params)))
with right:
    widgets.chart(charts.issues_by_month_chart(data.query("issues_by_month", **ctx.params)))

if town:
    st.subheader(f"{text.for_markdown(town)}各村情况", anchor=False)
    leader.villages_table(data.query("village_scorecard", **ctx.params), ctx.filters, key="home_village_table")

if ctx.info.is_sample:
    widgets.seed_stories()

widgets.township_comparison(
    league, {"visit_completion_rate": "月度走访完成率", "closure_rate": "办结率"},
    ["village_coverage", "visit_completion_rate", "overdue_pairs", "issues_raised", "closure_rate",
     "overdue_open", "median_gain_yuan", "investment_yuan"], key="home", chosen=ctx.filters.towns)

with st.expander("需要关注的明细：逾期未办结问题、超期未走访户、沉默结对"):
    widgets.lazy_tabs("home_attention", {
        "逾期未办结问题": lambda: widgets.table_with_export(
            data.query("issues_overdue", **ctx.params), "逾期未办结问题（最久的在前）", "逾期未办结问题",
            key="home_overdue"),
        **widgets.pairing_panels(ctx.params, key="home"),
    })
