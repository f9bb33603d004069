"""共建项目: what agencies built with villages — projects and investment by area, 1+1 and 1+N villages."""

import streamlit as st

from sanlian import charts, data, labels, widgets
from sanlian.frame import frame

ctx = frame("共建项目", ":material/handshake:")
current, previous = data.summaries(ctx.filters, ctx.info)
projects = data.query("project_list", **ctx.params)
villages = data.query("village_pairings", **ctx.params)

if projects.empty and not current["orgs_paired"]:
    widgets.empty_state()
    st.stop()

widgets.metric_cards(current, previous, ["projects", "investment_yuan", "completed", "stalled"])
widgets.metric_cards(current, previous, ["orgs_paired", "village_coverage", "villages_one_org",
                                         "villages_several_orgs"])

widgets.chart(charts.category_bar_chart(data.query("projects_by_area", **ctx.params), "area",
                                        "investment_wan", "五个共建领域的投入（万元）"))
widgets.township_comparison(
    widgets.league(ctx.params),
    {"investment_wan": "共建投入（万元）", "village_coverage": "村结对覆盖率"},
    ["orgs_paired", "village_coverage", "projects", "investment_yuan"], key="projects", chosen=ctx.filters.towns)

widgets.table_with_export(data.query("stalled_projects", **ctx.params),
                          "需要关注：停滞项目（时段末已开工、未完工且已过计划完工日期，不论何时开工）", "停滞项目",
                          key="projects_stalled")
with st.expander("明细：各村结对、时段内开工的项目、规划中项目"):
    widgets.table_with_export(villages, "机关联农村：各村结对（1+1 / 1+N）与共建活动", "村结对情况",
                              key="projects_villages")
    widgets.table_with_export(projects, "共建项目明细（时段内开工）", "共建项目明细", key="projects_detail")
    widgets.table_with_export(data.query("planned_projects", **ctx.params),
                              f"规划中项目（尚未开工，不计入以上统计）：{int(current['planned_projects']):,} 个，"
                              f"计划投资 {labels.wan_yuan(current['planned_investment_yuan'])}", "规划中项目",
                              key="projects_planned")
