"""乡镇画像: one township as one system — its leaders, orgs, villages, visits, issues, projects, incomes."""

import streamlit as st

from sanlian import charts, data, dataset, text, widgets
from sanlian.filter_state import set_towns
from sanlian.frame import frame

ctx = frame("乡镇画像", ":material/location_city:")
picked = ctx.filters.towns[0] if ctx.filters.towns else ctx.info.towns[0]
st.session_state["portrait_town"] = picked  # follow the shared filter
st.selectbox("选择乡镇", ctx.info.towns, key="portrait_town", placeholder="请选择",
             on_change=lambda: set_towns([st.session_state["portrait_town"]]))
if len(ctx.filters.towns) != 1:
    st.caption("筛选中未选或选了多个乡镇，这里显示其中第一个；在上方选择可切换。")
one_town = ctx.filters.with_towns([picked])
params = data.params(one_town, ctx.info)

current, previous = data.summaries(one_town, ctx.info)
if not dataset.has_activity(current):
    widgets.empty_state(f"{text.for_markdown(picked)}在所选时段内没有数据。")
    st.stop()

st.subheader(f"{text.for_markdown(picked)}：领导联乡镇 · 机关联农村 · 党员联群众", anchor=False)  # no "Link to heading"
widgets.metric_cards(current, previous, ["leaders_stationed", "orgs_paired", "village_coverage",
                                         "member_household_pairs"])
widgets.metric_cards(current, previous, ["visit_completion_rate", "closure_rate", "overdue_open",
                                         "median_gain_yuan"])
widgets.metric_cards(current, previous, ["visits", "issues_raised", "projects", "investment_yuan"])

left, right = st.columns(2)
with left:
    widgets.chart(charts.visits_by_month_chart(data.query("visits_by_month", **params)))
with right:
    widgets.chart(charts.issues_by_month_chart(data.query("issues_by_month", **params)))

widgets.table_with_export(data.query("leader_stationing", **params), "驻点县领导",
                          f"{picked}驻点县领导", key="portrait_leaders")
widgets.table_with_export(data.query("village_pairings", **params), "各村结对与共建活动",
                          f"{picked}村结对", key="portrait_villages")
widgets.table_with_export(data.query("issues_overdue", **params), "逾期未办结问题",
                          f"{picked}逾期未办结问题", key="portrait_overdue")
widgets.table_with_export(data.query("project_list", **params), "共建项目", f"{picked}共建项目",
                          key="portrait_projects")
by_industry = data.query("income_gain_by_industry", **params)
if not by_industry.empty:
    widgets.chart(charts.gain_distribution_chart(by_industry, "main_industry", "各产业户增收分布（元）"))
