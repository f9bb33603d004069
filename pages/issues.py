"""民情办结: problems people raised — how many, by what, how fast they are closed, what is overdue."""

import streamlit as st

from sanlian import charts, data, widgets
from sanlian.frame import frame

ctx = frame("民情办结", ":material/task_alt:")
current, previous = data.summaries(ctx.filters, ctx.info)
overdue = data.query("issues_overdue", **ctx.params)

if not current["issues_raised"] and overdue.empty:
    widgets.empty_state()
    st.stop()

widgets.metric_cards(current, previous, ["issues_raised", "closure_rate", "on_time_rate",
                                         "overdue_open"])
widgets.metric_cards(current, previous, ["resolution_rate", "satisfaction_rate",
                                         "median_days_to_close", "p90_days_to_close"])
st.caption(f"已评价 {int(current['rated']):,} 件，占已办结 {int(current['closed']):,} 件的 "
           f"{current['rated'] / max(current['closed'], 1):.0%}；办结不等于解决，两者分开统计。")

left, right = st.columns(2)
with left:
    widgets.chart(charts.issues_by_month_chart(data.query("issues_by_month", **ctx.params)))
with right:
    widgets.chart(charts.category_bar_chart(data.query("issues_by_category", **ctx.params),
                                            "category", "issues_raised", "按类别的民情问题"))

widgets.township_comparison(
    widgets.league(ctx.params),
    {"closure_rate": "办结率", "on_time_rate": "按期办结率"},
    ["issues_raised", "closure_rate", "on_time_rate", "satisfaction_rate", "overdue_open"],
    key="issues", chosen=ctx.filters.towns)

st.subheader("需要关注：逾期未办结", anchor=False)
if overdue.empty:
    st.success("时段末没有逾期未办结的问题。", icon=":material/check_circle:")
else:
    left, right = st.columns([2, 3])
    with left:
        widgets.chart(charts.overdue_age_chart(overdue))
    with right:
        widgets.table_with_export(overdue, "逾期未办结问题（最久的在前）", "逾期未办结问题",
                                  key="issues_overdue")

with st.expander("明细：时段内全部民情问题"):
    widgets.list_with_export("issue_list", ctx.params, "民情问题明细", "民情问题明细", key="issues_detail")
