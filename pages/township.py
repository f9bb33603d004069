"""乡镇画像: one township against the county — its verdict, cards with rank among the townships, its
villages ranked (to 村画像), leaders, issues and projects; with no single township chosen, every
township ranked with the county average."""

import streamlit as st

from sanlian import cards, charts, data, dataset, leader, text, verdict, widgets
from sanlian.filter_state import set_towns
from sanlian.frame import frame

ctx = frame("乡镇画像", ":material/location_city:")
one = ctx.filters.towns[0] if len(ctx.filters.towns) == 1 else None
st.session_state["portrait_town"] = one  # follow the shared filter
st.selectbox("选择乡镇", ctx.info.towns, key="portrait_town", placeholder="请选择一个乡镇查看画像",
             on_change=lambda: set_towns([st.session_state["portrait_town"]]))
county, league, league_before = leader.county_base(ctx)

if one is None:
    st.subheader("各乡镇排名", anchor=False)
    st.caption("选择上方的乡镇或侧栏的一个乡镇，查看它的画像；表中“全县”一行为全县整体（比率）或各乡镇平均（个数、金额）。")
    leader.township_league(league, county, ctx.filters)
    st.stop()

current = data.summary(ctx.params)
if not dataset.has_activity(current):
    widgets.empty_state(f"{text.for_markdown(one)}在所选时段内没有数据。")
    st.stop()

st.html(leader.FIRST_SCREEN_CSS)
leader.show_verdict(verdict.township_verdict(one, current, county, league))
leader.link_cards(current, cards.county_average(county, league), leader.COUNTY_LABEL, leader.township_ranks(league, one))

st.subheader(f"{text.for_markdown(one)}各村（居）", anchor=False)
leader.villages_table(data.query("village_scorecard", **ctx.params), ctx.filters, key="portrait_villages")

left, right = st.columns(2)
with left:
    widgets.chart(charts.visits_by_month_chart(data.query("visits_by_month", **ctx.params)))
with right:
    widgets.chart(charts.issues_by_month_chart(data.query("issues_by_month", **ctx.params)))

widgets.table_with_export(data.query("leader_stationing", **ctx.params), "驻点县领导",
                          f"{one}驻点县领导", key="portrait_leaders")
with st.expander("明细：逾期未办结问题、共建项目、各产业户增收"):
    widgets.table_with_export(data.query("issues_overdue", **ctx.params), "逾期未办结问题",
                              f"{one}逾期未办结问题", key="portrait_overdue")
    widgets.table_with_export(data.query("project_list", **ctx.params), "共建项目", f"{one}共建项目",
                              key="portrait_projects")
    by_industry = data.query("income_gain_by_industry", **ctx.params)
    if not by_industry.empty:
        widgets.chart(charts.gain_distribution_chart(by_industry, "main_industry", "各产业户增收分布（元）"))
