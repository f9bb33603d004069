"""走访联系: are pairs meeting — member visits to households, leaders' stationing, silent pairings."""

import streamlit as st

from sanlian import charts, data, widgets
from sanlian.frame import frame

ctx = frame("走访联系", ":material/directions_walk:")
current, previous = data.summaries(ctx.filters, ctx.info)

if not current[["member_household_pairs", "visits", "leaders_stationed"]].any():
    widgets.empty_state()
    st.stop()

widgets.metric_cards(current, previous, ["visits", "visit_completion_rate", "overdue_pairs",
                                         "evidence_rate"])
widgets.metric_cards(current, previous, ["member_household_pairs", "leaders_stationed",
                                         "townships_with_leader", "orgs_paired"])

widgets.chart(charts.visits_by_month_chart(data.query("visits_by_month", **ctx.params)))

widgets.township_comparison(
    widgets.league(ctx.params),
    {"visit_completion_rate": "月度走访完成率", "visits": "党员走访户次"},
    ["visits", "visit_completion_rate", "overdue_pairs", "leaders_stationed"], key="visits", chosen=ctx.filters.towns)

widgets.table_with_export(data.query("leader_stationing", **ctx.params),
                          "领导联乡镇：驻点领导与讲党课、座谈会、走访", "县领导驻点", key="visits_leaders")

st.subheader("需要关注", anchor=False)
widgets.lazy_tabs("visits_attention", widgets.pairing_panels(ctx.params, key="visits"))

with st.expander("明细：活动记录（最近 5,000 条）"):
    widgets.table_with_export(data.query("activity_list", **ctx.params),
                              "活动明细（最近 5,000 条；全部记录可在“数据管理”页导出）", "活动明细",
                              key="visits_detail")
