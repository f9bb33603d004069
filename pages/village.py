"""村画像: one village — its pairing orgs, members and households, visits, issues, projects and incomes."""

import streamlit as st

from sanlian import data, leader, text, widgets
from sanlian.frame import frame

ctx = frame("村画像", ":material/home_pin:")
villages = data.query("village_scorecard", **ctx.params)  # the chosen townships' villages, within the scope
row = leader.pick_village(villages, ctx.filters)
if row is None:
    st.stop()

params = {**ctx.params, "village_code": row["village_code"]}
before = data.query("village_scorecard", **data.params(ctx.filters.comparison_period(), ctx.info))
neighbours = villages[villages["township_code"] == row["township_code"]]
st.subheader(text.for_markdown(f"{row['township']} · {row['village']}（{row['village_kind']}）"), anchor=False)
leader.village_cards(row, before, neighbours)

widgets.table_with_export(data.query("village_orgs", **params), "结对机关党组织（时段末在结）",
                          f"{row['village']}结对机关党组织", key="village_orgs",
                          empty="时段末没有机关党组织与本村结对。")
widgets.table_with_export(data.query("village_households", **params),
                          "党员与联系户（时段末在结，时段内走访最少的在前）", f"{row['village']}党员联系户",
                          key="village_households", empty="时段末本村没有党员联系户结对。")
widgets.table_with_export(data.query("village_issues", **params), "民情问题（时段内收集，未办结的在前）",
                          f"{row['village']}民情问题", key="village_issues", empty="时段内本村没有收集民情问题。")
widgets.table_with_export(data.query("village_projects", **params), "共建项目（全部，最新开工的在前）",
                          f"{row['village']}共建项目", key="village_projects", empty="本村没有共建项目。")
widgets.table_with_export(data.query("village_incomes", **params), "结对农户增收（增收最多的在前）",
                          f"{row['village']}农户增收", key="village_incomes", empty="本村没有两年都有收入数据的结对农户。")
