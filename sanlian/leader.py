"""The leader's first screen, shared by 总览 and 乡镇画像: the verdict, the cards grouped by the three
links, the ranking with rank changes, and the villages of one township with links to 村画像."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from sanlian import cards, data, labels, tables, text, verdict, widgets
from sanlian.filter_state import TOWNS_WIDGET
from sanlian.filters import COMPARISONS, Filters

# The headline cards, grouped by the three links (民情 is gathered through all three; leaders supervise it).
LINK_GROUPS = {
    "领导联乡镇 · 民情办结": ["leaders_stationed", "closure_rate", "satisfaction_rate"],
    "机关联农村": ["orgs_paired", "village_coverage", "investment_yuan"],
    "党员联群众": ["visits", "visit_completion_rate", "median_gain_yuan"],
}
MORE_CARDS = ["member_household_pairs", "overdue_pairs", "issues_raised", "overdue_open",
              "on_time_rate", "evidence_rate", "share_with_gain", "projects"]
COUNTY_LABEL = "较全县"
# The first screen at 1366×768: the verdict larger, the cards and the top padding tighter.
FIRST_SCREEN_CSS = """<style>
[data-testid="stMainBlockContainer"] {padding: 2rem 1.5rem 3rem !important;}
.st-key-verdict p {font-size: 1.1rem; font-weight: 600; margin: 0;}
.st-key-link_cards [data-testid="stVerticalBlock"] {gap: 0.45rem;}
.st-key-link_cards [data-testid="stMetric"] {padding: 0.3rem 0.6rem;}
.st-key-link_cards [data-testid="stMetricValue"] {font-size: 1.4rem;}
.st-key-link_cards div:has(> [data-testid="stMetricDeltaDescription"]) {flex-wrap: wrap; row-gap: 0;}
.st-key-link_cards [data-testid="stMetricDeltaDescription"] {flex-basis: 100%; margin-left: 0;}
.st-key-link_cards [data-testid="stMetricDeltaDescription"] * {white-space: normal !important;}
</style>"""


def village_link(filters: Filters, town: str, village: str) -> str:
    """The relative link to 村画像 for one village, carrying the other filters."""
    return "village?" + urlencode(filters.with_village(town, village).to_query_params(), doseq=True)


def show_verdict(sentence: str) -> None:
    """The one-sentence verdict in a box at the top."""
    with st.container(border=True, key="verdict"):
        st.markdown(text.for_markdown(sentence))


def link_cards(current: pd.Series, base: pd.Series, base_label: str, ranks: dict | None = None,
               also: tuple[pd.Series, str] | None = None) -> None:
    """The headline cards in three columns, one per link."""
    with st.container(key="link_cards"):
        for cell, (title, names) in zip(st.columns(len(LINK_GROUPS)), LINK_GROUPS.items()):
            with cell:
                st.markdown(f"**{title}**")
                widgets.metric_cards(current, base, names, columns=1, base_label=base_label, ranks=ranks,
                                     also=also)


def township_ranks(league: pd.DataFrame, town: str) -> dict:
    """The township's rank among the townships on every metric of the league."""
    return {name: cards.rank_of(league, "township", town, name) for name in labels.METRICS if name in league}


def ranking_panel(current: pd.DataFrame, previous: pd.DataFrame, compare: str, key: str,
                  unit: str = "township") -> pd.DataFrame:
    """Ranked rows on a chosen metric, coloured by status, with rank changes, best and worst three."""
    name = st.selectbox("排名指标", verdict.RANKING_METRICS, format_func=lambda m: "按" + labels.METRICS[m].title,
                        key=f"{key}_rank_metric", label_visibility="collapsed", placeholder="请选择")
    ranked = verdict.ranking(current, previous, name, key=unit)
    shown = verdict.ranking_table(ranked, name, key=unit)
    change = f"{COMPARISONS[compare]}"
    st.dataframe(tables.status_table(shown.rename(columns={"较上期": change}), "数值", ranked["status"].tolist()),
                 hide_index=True, width="stretch", placeholder=tables.MISSING,
                 height=min(35 * (len(shown) + 1) + 3, 388),
                 column_config={labels.column("rank"): st.column_config.Column(width=36),
                                change: st.column_config.Column(width=64)})
    best, worst = verdict.best_and_worst(ranked, key=unit)
    if best:
        st.caption(text.for_markdown(f"前三：{'、'.join(best)}；后三：{'、'.join(worst)}。") + f"“{change}”为名次变化。")
    return ranked


def villages_table(villages: pd.DataFrame, filters: Filters, key: str) -> None:
    """The villages of the chosen township(s), each metric coloured, with a link to its 村画像."""
    columns = ["village", "org_count", "member_household_pairs", "visits", "visit_completion_rate",
               "overdue_pairs", "issues_raised", "closure_rate", "overdue_open", "projects", "investment_yuan"]
    shown = villages[columns].copy()
    shown.insert(1, "link", [village_link(filters, t, v) for t, v in zip(villages["township"], villages["village"])])
    styled = tables.league_table(shown.rename(columns={"link": "profile"}), ["village", "profile", *columns[1:]])
    st.dataframe(styled, hide_index=True, width="stretch", placeholder=tables.MISSING, key=key,
                 column_config={"profile": st.column_config.LinkColumn("村画像", display_text="查看")})
    widgets.download_menu(villages[["township", *columns]], "各村情况", key=f"{key}_export")


def year_back(ctx) -> tuple[pd.Series, str] | None:
    """同比 beside 较上期: the same dates a year earlier, when the data reach back that far and it is
    not the previous period itself (a 12-month period's previous period is the year before)."""
    earlier = ctx.filters.year_earlier()
    if (ctx.filters.compare != "prev" or earlier.date_from < ctx.info.data_start
            or earlier == ctx.filters.previous_period()):
        return None
    return data.summary(data.params(earlier, ctx.info)), COMPARISONS["yoy"]


def county_base(ctx) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """The county's numbers and every township's, now and in the comparison period (for one township's
    comparisons; within a scoped user's townships)."""
    county_params = {**ctx.params, "townships": []}
    before = data.params(ctx.filters.comparison_period(), ctx.info) | {"townships": []}
    return (data.summary(county_params), data.query("township_scorecard", **county_params),
            data.query("township_scorecard", **before))


VILLAGE_CARDS = ["member_household_pairs", "visits", "visit_completion_rate", "overdue_pairs",
                 "issues_raised", "closure_rate", "overdue_open", "investment_yuan"]
VILLAGE_PICK = "village_pick"


def pick_village(villages: pd.DataFrame, filters: Filters) -> pd.Series | None:
    """The village the filters name (its scorecard row), with a picker to change it; None, after
    asking for one, when none is chosen."""
    options = list(zip(villages["township"], villages["village"]))
    chosen = (filters.towns[0], filters.village) if len(filters.towns) == 1 and filters.village else None
    if chosen not in options:
        chosen = None
    st.session_state[VILLAGE_PICK] = chosen
    st.selectbox("选择村（居）", options, key=VILLAGE_PICK, format_func=lambda o: f"{o[0]} · {o[1]}",
                 placeholder="请选择一个村（居），可输入村名查找", on_change=_on_pick)
    if chosen is None:
        st.info("请选择一个村（居）；也可以在总览、乡镇画像的各村表格或结对地图上点击村进入。",
                icon=":material/home_pin:")
        return None
    return villages[(villages["township"] == chosen[0]) & (villages["village"] == chosen[1])].iloc[0]


def _on_pick() -> None:
    picked = st.session_state[VILLAGE_PICK]
    if picked:
        st.session_state["filters"] = st.session_state["filters"].with_village(*picked)
        st.session_state[TOWNS_WIDGET] = [picked[0]]


def village_cards(row: pd.Series, before: pd.DataFrame, neighbours: pd.DataFrame) -> None:
    """The village's numbers against the comparison period, with its rank among its township's villages."""
    previous = before[before["village_code"] == row["village_code"]]
    ranks = {name: cards.rank_of(neighbours, "village_code", row["village_code"], name) for name in VILLAGE_CARDS}
    widgets.metric_cards(row, None if previous.empty else previous.iloc[0], VILLAGE_CARDS, ranks=ranks)
    st.caption("名次为在本乡镇各村（居）中的位次，第 1 位最好。")


LEAGUE_COLUMNS = ["visit_completion_rate", "closure_rate", "village_coverage", "satisfaction_rate",
                  "overdue_pairs", "overdue_open", "visits", "issues_raised", "median_gain_yuan", "investment_yuan"]


def township_league(league: pd.DataFrame, county: pd.Series, filters: Filters) -> None:
    """Every township ranked on a chosen metric, coloured against the targets, with a 全县 row and a
    link to each township's portrait."""
    name = st.selectbox("排名指标", verdict.RANKING_METRICS, format_func=lambda m: "按" + labels.METRICS[m].title,
                        key="league_rank_metric", placeholder="请选择")
    ranked = league.assign(rank=cards.ranks_by(league, name)).sort_values(["rank", "township"], na_position="last")
    average = cards.county_average(county, league)
    total = pd.DataFrame([{"township": "全县", **{c: average.get(c) for c in LEAGUE_COLUMNS}}])
    shown = pd.concat([ranked, total], ignore_index=True)
    shown["rank"] = [("" if labels.is_missing(r) else str(int(r))) for r in shown["rank"]]
    shown["profile"] = ["" if t == "全县" else "township?" + urlencode(filters.with_towns([t]).to_query_params(), doseq=True)
                        for t in shown["township"]]
    st.dataframe(tables.league_table(shown, ["rank", "township", "profile", *LEAGUE_COLUMNS]), hide_index=True,
                 width="stretch", placeholder=tables.MISSING,
                 column_config={"profile": st.column_config.LinkColumn("画像", display_text="查看")})
    widgets.download_menu(shown[["township", *LEAGUE_COLUMNS]], "各乡镇排名", key="league_export")
