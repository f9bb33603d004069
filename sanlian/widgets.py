"""Small Streamlit building blocks shared by pages: metric cards and empty states."""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from sanlian import cards, charts, data, export, labels, settings, stories, tables
from sanlian.filter_state import set_towns
from sanlian.filters import COMPARISONS
from sanlian.presenting import is_presenting, masks_exports

COMPARISON_HELP = {"较上期": "变化为较上期：与紧接在前、天数相同的时段相比。",
                   "同比": "变化为同比：与上一年的同一段日期相比。",
                   "较全县": "变化为较全县：本乡镇减去全县平均（比率和中位数为全县整体的数，"
                            "个数和金额为各乡镇的平均数）；名次为在各乡镇中的位次，第 1 位最好。"}
# Codes and years are labels, not quantities: no thousands separators.
PLAIN_NUMBER_COLUMNS = {"activity_id", "issue_id", "year", "satisfaction"}


def metric_cards(current: pd.Series, base: pd.Series | None, names: list[str], columns: int = 4,
                 base_label: str | None = None, ranks: dict | None = None,
                 also: tuple[pd.Series, str] | None = None) -> None:
    """One st.metric per name (cards.card): its definition as help, the change against `base`
    (labelled `base_label`, by default the sidebar's 较上期/同比), the status colour against its target,
    and its rank and target under the change. `columns=1` stacks the cards in the current container."""
    cells = st.columns(columns) if columns > 1 else [st.container()]
    link = getattr(st.session_state.get("filters"), "link", 0)
    compare = getattr(st.session_state.get("filters"), "compare", "prev")
    label = base_label or COMPARISONS[compare]
    for i, name in enumerate(names):
        shown = cards.card(name, current, base, label, link, (ranks or {}).get(name), also)
        note = labels.gain_year_note(current.get("year")) if name in labels.GAIN_METRICS else ""
        if link and not labels.METRICS[name].follows_link:
            note += "三联类型筛选不改变此数：它是全部三联（或其所属一联）的数。"
        holder = cells[i % len(cells)].container(key=f"{shown.status or 'plain'}_card_{name}")  # CSS colours it
        holder.metric(
            shown.label, shown.value, shown.delta, delta_color=shown.delta_colour,
            delta_description=shown.note or None,
            help=labels.METRICS[name].help + note + (COMPARISON_HELP.get(label, "") if shown.delta else ""),
            border=True)


def empty_state(message: str = "所选条件下没有数据。可以放宽乡镇、时间或三联类型筛选，或点击侧栏的“清除筛选”。") -> None:
    """The friendly message shown instead of numbers when a filter matches nothing."""
    st.info(message, icon=":material/search_off:")


def download_menu(rows: pd.DataFrame | Callable[[], pd.DataFrame], file_stem: str, key: str) -> None:
    """One 导出 menu for a table, holding an Excel workbook and a CSV (UTF-8 with BOM). `rows` may be
    a function, run only when someone clicks (for lists too long to fetch on every rerun)."""
    masked = masks_exports()
    menu = st.popover("导出", icon=":material/download:", key=f"{key}_menu")
    left = right = menu
    log = data.audit_recorder("导出", st.session_state.get("audit_seen", ("",))[0])
    fetch = rows if callable(rows) else lambda: rows

    def xlsx():
        frame = fetch()
        log(f"{file_stem}.xlsx：{len(frame):,} 行，{'已脱敏' if masked else '未脱敏'}")
        return export.xlsx_bytes({file_stem: frame}, masked)

    def csv():
        frame = fetch()
        log(f"{file_stem}.csv：{len(frame):,} 行，{'已脱敏' if masked else '未脱敏'}")
        return export.csv_bytes(frame, masked)

    # Callables: the files are made (and logged) only when someone clicks, not on every rerun.
    left.download_button("Excel 表格（.xlsx）", xlsx,
                         f"{file_stem}.xlsx",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         icon=":material/download:", key=f"{key}_xlsx", on_click="ignore")
    right.download_button("CSV 文本（.csv）", csv, f"{file_stem}.csv",
                          mime="text/csv",
                          icon=":material/download:", key=f"{key}_csv", on_click="ignore")


def table_with_export(frame: pd.DataFrame, title: str, file_stem: str, key: str,
                      empty: str = "没有符合条件的记录。") -> None:
    """A titled, sortable table with its export buttons, or a short note when it is empty."""
    _titled_table(frame.head(settings.TABLE_ROWS_SHOWN), len(frame), title, empty)
    if not frame.empty:
        download_menu(frame, file_stem, key)


def list_with_export(name: str, params: dict, title: str, file_stem: str, key: str,
                     empty: str = "没有符合条件的记录。") -> None:
    """A list query that may be long: its first rows on screen, every row in the exports, which
    run the whole query only when clicked."""
    frame, total = data.list_head(name, **params)
    _titled_table(frame, total, title, empty)
    if total:
        run = data.runner(params)
        download_menu(lambda: run(name), file_stem, key)


def lazy_tabs(key: str, panels: dict[str, Callable[[], None]]) -> None:
    """Tabs of which only the open one is queried and drawn: the others cost nothing until opened
    (switching tabs reruns the page)."""
    for tab, draw in zip(st.tabs(list(panels), key=key, on_change="rerun"), panels.values()):
        if tab.open:
            with tab:
                draw()


def pairing_panels(params: dict, key: str) -> dict[str, Callable[[], None]]:
    """The lists of pairings that need attention, as lazy_tabs panels: overdue visits, silent pairs."""
    return {
        "超期未走访户": lambda: list_with_export(
            "households_overdue_for_visit", params,
            f"超过 {settings.VISIT_OVERDUE_DAYS} 天未走访的联系户（最久的在前）", "超期未走访户",
            key=f"{key}_overdue_households"),
        "沉默结对": lambda: list_with_export(
            "silent_pairings", params, f"{settings.SILENT_DAYS} 天内没有活动的结对", "沉默结对",
            key=f"{key}_silent"),
    }


def _titled_table(shown: pd.DataFrame, total: int, title: str, empty: str) -> None:
    st.markdown(f"**{title}**")
    if not total:
        st.caption(empty)
        return
    st.dataframe(tables.people_table(shown, masked=is_presenting()), hide_index=True, placeholder=tables.MISSING, width="stretch",
                 column_config=number_columns(shown))
    if len(shown) < total:  # a browser table of 100,000 rows is slow and nobody reads it
        st.caption(f"共 {total:,} 条，表中列出前 {len(shown):,} 条；导出的文件含全部 {total:,} 条。")
    else:
        st.caption(f"共 {total:,} 条")


def number_columns(frame: pd.DataFrame) -> dict:
    """Thousands separators for the quantities of a table (keyed by their Chinese headers)."""
    return {tables.screen_column(c): st.column_config.NumberColumn(format="localized")
            for c in frame.select_dtypes("number").columns
            if c not in PLAIN_NUMBER_COLUMNS and c != "link"  # link is shown as its name
            and not frame[c].isna().any()}  # columns with gaps are shown as text (tables.people_table)


def league(params: dict) -> pd.DataFrame:
    """Every township's scorecard (within the scope) whatever townships the filter names: one township
    is compared with the others, not drawn as one giant bar."""
    return data.query("township_scorecard", **{**params, "townships": []})


def township_chart(figure, key: str) -> None:
    """A chart whose township bars set the township filter when clicked."""
    st.plotly_chart(figure, key=key, on_select=lambda: _pick_township(key), selection_mode="points",
                    config=CHART_CONFIG)


def chart(figure, key: str | None = None) -> None:
    """A plotly chart with the app's chart settings."""
    st.plotly_chart(figure, key=key, config=CHART_CONFIG)


# No modebar: its buttons (Download plot as a PNG, Zoom, Pan, Autoscale) are English, it covers chart
# titles on a phone, and plotly's zh-CN locale would have to be shipped (DESIGN §7: the locale option
# alone does nothing). Clicking a bar still selects it.
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}


def _pick_township(key: str) -> None:
    points = st.session_state[key].selection.points
    towns = [p.get("customdata") or p.get("y") for p in points]
    if towns:
        set_towns(sorted(set(towns)))


def township_comparison(scorecard: pd.DataFrame, chart_metrics: dict[str, str], columns: list[str],
                        key: str, chosen: tuple = ()) -> None:
    """The township league: clickable bar charts side by side (the `chosen` townships stand out among
    all), then the coloured table and its export."""
    st.subheader("乡镇比较", anchor=False)
    if chosen:
        st.caption(f"与其他乡镇比较：{'、'.join(chosen)}为实色。")
    for cell, (metric, title) in zip(st.columns(len(chart_metrics)), chart_metrics.items()):
        with cell:
            township_chart(charts.township_bar_chart(scorecard, metric, f"{title}（点击乡镇可筛选）", chosen),
                           key=f"{key}_{metric}")
    definitions = {tables.league_header(c): st.column_config.Column(help=labels.METRICS[c].help)
                   for c in columns if c in labels.METRICS}  # hover a header for its definition and target
    st.dataframe(tables.league_table(scorecard, ["township", *columns]), hide_index=True, placeholder=tables.MISSING,
                 width="stretch", column_config=definitions)
    st.caption("表头悬停可见指标定义和目标。绿色达到目标，黄色接近目标，红色低于目标；“（时点）”为时段末的数。")
    download_menu(scorecard[["township", *columns]], "乡镇比较", key=f"{key}_export")


def seed_stories() -> None:
    """The seed report's three stories (典型案例), one per link, side by side; nothing when the data
    does not hold them. They are the same whatever the filter: the page says so."""
    found = [story for story in (
        stories.leader_visit_story(data.query("leader_visit_story", **settings.EXAMPLE_LEADER_VISIT)),
        stories.project_story(data.query("project_story", project_id=settings.EXAMPLE_PROJECT_ID)),
        stories.income_story(data.query("household_income_history", household_id=settings.EXAMPLE_HOUSEHOLD_ID),
                             masked=is_presenting()),
    ) if story]
    if not found:
        return
    st.subheader("典型案例", anchor=False)
    st.caption("示例数据中的报道原型，每联一例；不随筛选变化，不代表全县水平。")
    for cell, (title, text) in zip(st.columns(len(found)), found):
        cell.container(border=True).markdown(f"**{title}**  \n{text}")
