"""数据管理: import the ledgers (all or nothing), export the data, see its quality, the import log and
the kept versions of the data (restorable by the 数据管理员)."""

from datetime import date

import streamlit as st

from sanlian import audit, auth, build, data, import_panel, labels, settings, snapshot, tables, users, widgets
from sanlian.frame import frame
from sanlian.ingest.ledgers import LEDGERS
from sanlian.ingest.workbooks import dataset_xlsx, table_csv, table_frames
from sanlian.presenting import masks_exports

XLSX = import_panel.XLSX

ctx = frame("数据管理", ":material/database:")
path = str(settings.db_path())


def switch_to_real_data() -> None:
    """Rebuild the data empty, as a new snapshot (the audit log is in the state store), and forget
    every cached result."""
    build.build(settings.db_path(), "empty", force=True)
    data.record(audit.Event.SWITCH_TO_REAL_DATA, "数据管理", "清空示例数据")
    data.clear_caches()
    st.session_state.pop("data_reports", None)


def may_import() -> bool:
    """Real data only with sign-in configured, and only for 数据管理员; says why not."""
    if not users.exists():
        st.warning("导入真实台账前必须先配置登录用户（真实数据含个人信息）：运行 "
                   "`python -m sanlian.users add 用户名 --role 数据管理员`，再刷新页面登录。",
                   icon=":material/lock:")
        return False
    if not auth.current().can_import:
        st.warning("只有数据管理员可以导入台账。", icon=":material/lock:")
        return False
    return True


def import_tab() -> None:
    """Who may import; the sample's switch to real data; then the ledger import itself."""
    import_panel.template_download()
    if not may_import():
        return
    if ctx.info.is_sample:
        sample_switch()
        return
    import_panel.import_panel(path)


def sample_switch() -> None:
    """The only way from the sample to real data: an explicit, confirmed rebuild."""
    st.warning("当前载入的是示例数据，不能导入真实台账（两者混在一起会让数字失真）。切换后示例数据全部清空，"
               "只保留乡镇和村（居）委会参考数据，再逐个导入台账。", icon=":material/warning:")
    sure = st.checkbox("我已了解：清空全部示例数据，改用导入的真实数据", key="data_confirm")
    if st.button("切换为真实数据（清空示例数据）", disabled=not sure, type="primary", key="data_switch"):
        with st.spinner("正在清空示例数据……"):
            switch_to_real_data()
        st.rerun()


def export_tab() -> None:
    """The whole (filtered) dataset as one workbook, and any single table as CSV."""
    filtered = st.toggle("只导出当前筛选（乡镇、时间）", value=True, key="data_filtered")
    params = (ctx.params["townships"], ctx.params["date_from"], ctx.params["date_to"]) if filtered \
        else ((), None, None)
    st.caption("人员和单位（县领导、机关党组织、机关党员）不按乡镇和时间筛选。导出默认对农户和党员姓名、电话脱敏；"
               "要按“整本工作簿”重新导入，请先在侧栏打开“导出含未脱敏个人信息”。")
    if st.button("生成 Excel 工作簿（每个台账一个工作表）", icon=":material/table_view:", key="data_make"):
        with st.spinner("正在生成工作簿……"):
            book = dataset_xlsx(table_frames(data.connection(data.snapshot_path()), *params), masked=masks_exports())
            st.session_state["data_book"] = (params, book)
            data.record("导出", "数据管理", f"整本工作簿：{'当前筛选' if filtered else '全部'}，"
                        f"{'已脱敏' if masks_exports() else '未脱敏'}")
    book = st.session_state.get("data_book")
    if book and book[0] == params:
        st.download_button("下载工作簿", lambda: book[1], "三联看板数据.xlsx", mime=XLSX, type="primary",
                           icon=":material/download:", on_click="ignore")
    table = st.selectbox("单个台账导出为 CSV（UTF-8 带 BOM）", list(LEDGERS),
                         format_func=lambda t: LEDGERS[t].title, key="data_csv_table", placeholder="请选择")
    if st.button("生成 CSV", icon=":material/csv:", key="data_make_csv"):
        with st.spinner("正在生成 CSV……"):
            frames = table_frames(data.connection(data.snapshot_path()), *params)
            st.session_state["data_csv"] = (params, table, table_csv(table, frames[table],
                                                                     masked=masks_exports()))
            data.record("导出", "数据管理", f"{LEDGERS[table].title}.csv：{'当前筛选' if filtered else '全部'}，"
                        f"{'已脱敏' if masks_exports() else '未脱敏'}")
    csv = st.session_state.get("data_csv")
    if csv and csv[:2] == (params, table):
        st.download_button("下载 CSV", lambda: csv[2], f"{LEDGERS[table].title}.csv", mime="text/csv",
                           icon=":material/download:", on_click="ignore")


def quality_tab() -> None:
    """What is missing or odd in the data, township by township."""
    towns, as_of = {"townships": ctx.params["townships"]}, ctx.info.as_of
    completeness = data.query("quality_reporting_completeness", as_of=as_of, **towns)
    silent = completeness[~completeness["reported_last_month"]]
    lists = {
        "没有坐标的村（居）委会": data.query("quality_villages_without_coordinates", **towns),
        "没有任何活动的在结结对": data.query("quality_pairings_without_activity", as_of=as_of, **towns),
        "没有党员结对的农户": data.query("quality_households_without_pairing", **towns),
        "日期晚于今天的活动": data.query("quality_activities_after_today", today=date.today(), **towns),
    }
    cells = st.columns(len(lists) + 1)
    cells[0].metric("上月无记录的乡镇", f"{len(silent)} / {len(completeness)}", border=True,
                    help="数据截至日所在月份的上一个月，没有任何活动或民情记录的乡镇。")
    for cell, (title, frame_) in zip(cells[1:], lists.items()):
        cell.metric(title, f"{len(frame_):,}", border=True)
    st.subheader("上报完整度（本月 ÷ 上月记录数）", anchor=False)
    st.caption(f"本月指数据截至日（{labels.day(ctx.info.as_of)}）所在月份，通常尚未结束。")
    shown = completeness.assign(completeness=completeness["completeness"].map(labels.percent))
    st.dataframe(tables.people_table(shown[["township", "records_as_of_month", "records_previous_month",
                                            "completeness", "reported_last_month"]]),
                 hide_index=True, placeholder=tables.MISSING, width="stretch")
    for i, (title, frame_) in enumerate(lists.items()):
        widgets.table_with_export(frame_, title, title, key=f"data_quality_{i}", empty="没有。")


def log_tab() -> None:
    """Every import, newest first; then the kept versions of the data."""
    log = data.import_log()
    log = log.assign(table_name=log["table_name"].map(lambda t: LEDGERS[t].title if t in LEDGERS else t))
    widgets.table_with_export(log, "导入记录（最新的在前）", "导入记录",
                              key="data_log", empty="还没有导入过台账。")
    versions()


def versions() -> None:
    """The kept snapshots of the data, newest first; a 数据管理员 may go back to one (audited)."""
    st.subheader("数据版本", anchor=False)
    st.caption(f"每次导入、重建或恢复都生成一个新版本；保留当前版本和之前的 {settings.keep_snapshots()} 个"
               "（环境变量 SANLIAN_KEEP_SNAPSHOTS）。恢复旧版本也生成一个新版本，可以再恢复回来。")
    kept = snapshot.history(settings.db_path())
    if not kept:
        st.caption("还没有保存的版本。")
    for snap in kept:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(f"{snap.made_at:%Y-%m-%d %H:%M:%S}" + ("（当前版本）" if snap.is_current else ""))
        if not snap.is_current and auth.current().can_import:
            right.button("恢复到此版本", key=f"data_restore_{snap.name}", on_click=restore, args=(snap,),
                         icon=":material/history:")


def restore(snap: snapshot.Snapshot) -> None:
    """Make a kept version current again, log it, forget every cached result."""
    snapshot.restore(settings.db_path(), snap.name)
    data.record(audit.Event.RESTORE, "数据管理", f"恢复到 {snap.made_at:%Y-%m-%d %H:%M:%S} 的版本")
    data.clear_caches()
    st.session_state.pop("data_reports", None)


importing, exporting, quality, log = st.tabs(["导入", "导出", "数据质量", "导入记录"])
with importing:
    import_tab()
with exporting:
    export_tab()
with quality:
    quality_tab()
with log:
    log_tab()
