"""增收成效: how paired households' incomes changed — the distribution, by township and by industry."""

import streamlit as st

from sanlian import charts, data, settings, stories, tables, widgets
from sanlian.frame import frame
from sanlian.presenting import is_presenting

ctx = frame("增收成效", ":material/trending_up:")
current, previous = data.summaries(ctx.filters, ctx.info)

if not current["households"]:
    widgets.empty_state("所选条件下没有可比较两年收入的结对农户。")
    st.stop()

st.caption(f"比较 {int(current['year'])} 年与 {int(current['year']) - 1} 年的家庭纯收入；"
           "看分布而不只看平均数：中位数、中间一半农户的增收范围和增收户占比。")
widgets.metric_cards(current, previous, ["median_gain_yuan", "q1_gain_yuan", "q3_gain_yuan",
                                         "share_with_gain"])

by_township = data.query("income_gain_by_township", **ctx.params)
by_industry = data.query("income_gain_by_industry", **ctx.params)
left, right = st.columns(2)
with left:
    widgets.chart(charts.gain_distribution_chart(by_township, "township", "各乡镇户增收分布（元）"))
with right:
    widgets.chart(charts.gain_distribution_chart(by_industry, "main_industry", "各产业户增收分布（元）"))
st.caption("方框为中间一半农户的增收范围，方框中的竖线为中位数（一半农户增收高于它）；两端的线按乡镇画到"
           "除最高、最低各 5% 农户以外的范围，按产业与方框相同。")

st.subheader("乡镇比较", anchor=False)
st.dataframe(tables.league_table(by_township, ["township", "households", "median_gain_yuan",
                                               "q1_gain_yuan", "q3_gain_yuan", "share_with_gain"]),
             hide_index=True, placeholder=tables.MISSING, width="stretch")

if ctx.info.is_sample:
    story = data.query("household_income_history", household_id=settings.EXAMPLE_HOUSEHOLD_ID)
    told = stories.income_story(story, masked=is_presenting())
    if told:
        with st.container(border=True):
            st.markdown("**典型案例（示例数据中的报道原型，不代表全县水平）**")
            st.markdown(told[1])
            st.dataframe(tables.income_history_table(story), hide_index=True, placeholder=tables.MISSING)

widgets.list_with_export("households_with_falling_income", ctx.params,
                         "需要关注：收入下降的结对农户（降幅大的在前）", "收入下降农户", key="incomes_falls")
with st.expander("明细：结对农户增收"):
    widgets.list_with_export("household_income_gains", ctx.params, "结对农户增收明细", "结对农户增收明细",
                             key="incomes_detail")
