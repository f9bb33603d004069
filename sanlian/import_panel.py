"""The 导入 tab of 数据管理: upload a ledger as the clerk keeps it, answer what it lacks, preview how it
will be read, then import all or nothing."""

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from sanlian import data, ingest, labels, settings, tables, text
from sanlian.ingest.kinds import KINDS, UNUSED
from sanlian.ingest.ledgers import LEDGERS, choices
from sanlian.ingest.parse import date_texts
from sanlian.ingest.read import ACCEPTED_SUFFIXES
from sanlian.ingest.workbooks import problems_xlsx, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_CHOICES = {ingest.AUTO: "自动识别（按表头）", **{k.table: k.title for k in KINDS},
                ingest.ALL: "整本标准模板工作簿（按工作表名称）"}
PREVIEW_ROWS = 5


def fact_options() -> dict[str, list[str]]:
    """What the clerk may choose for each fact a ledger can lack (开始日期 and 年度 are typed)."""
    return {"三联类型": list(labels.LINK_NAMES.values()), "活动形式": list(choices("activities", "kind")),
            "规模": list(choices("issues", "scale")), "类别": list(choices("issues", "category")),
            "共建领域": list(choices("projects", "area")), "所属班子": list(choices("leaders", "body")),
            "组织类型": list(choices("orgs", "org_type")), "金额单位": ["元", "万元"], "角色": ["牵头", "协同"],
            "状态": list(choices("projects", "status"))}


def template_download() -> None:
    """Our own blank templates, for offices that keep no ledger of their own yet."""
    with st.expander("没有现成台账？下载标准模板", icon=":material/description:"):
        table = st.selectbox("模板", list(LEDGERS), format_func=lambda t: LEDGERS[t].title, key="data_template",
                             placeholder="请选择")
        st.download_button(f"下载“{LEDGERS[table].title}”模板", lambda ledger=LEDGERS[table]: template_xlsx(ledger),
                           f"{LEDGERS[table].title}模板.xlsx", mime=XLSX, on_click="ignore",
                           icon=":material/download:")


def supplied_facts(missing: list[str], key: str) -> dict[str, str]:
    """One input per fact the ledger lacks; the values given so far."""
    if not missing:
        return {}
    st.warning("台账中缺少下列信息，请为整个文件指定（只影响本文件）：", icon=":material/edit_note:")
    given, options = {}, fact_options()
    cells = st.columns(min(len(missing), 3))
    for i, label in enumerate(missing):
        cell = cells[i % len(cells)]
        if label == "开始日期":
            typed = cell.text_input(label, placeholder="如 2023-01-01 或 2023年1月", key=f"{key}_{label}")
            value = date_texts(pd.Series([typed or None]))[0].iloc[0] if typed else None
            if value and not str(value)[:4].isdigit():
                cell.error("日期无法识别，请写成 2023-01-01 这样的格式", icon=":material/error:")
                value = None
        elif label == "年度":
            year = cell.number_input(label, 2000, 2100, value=None, step=1, key=f"{key}_{label}")
            value = str(int(year)) if year else None
        else:
            value = cell.selectbox(label, options.get(label, []), index=None, placeholder="请选择",
                                   key=f"{key}_{label}")
        if value:
            given[label] = value
    return given


def show_report(report: ingest.Report) -> None:
    """The check result: refusal, or the problem list with its workbook, or the go-ahead; then how
    each sheet is read."""
    if report.refused:
        st.error(report.refused, icon=":material/block:")
        return
    if not report.ok:
        st.error(f"发现 {len(report.problems):,} 个问题，未写入任何数据。请按下表修改台账，或补充缺少的信息后重新检查。",
                 icon=":material/error:")
        shown = report.problems.head(settings.INGEST_MAX_PROBLEMS)
        st.dataframe(tables.people_table(shown.assign(cell_value=shown["cell_value"].fillna("（空白）"))),
                     hide_index=True, placeholder=tables.MISSING, width="stretch", height=min(320, 40 + 35 * len(shown)))
        st.download_button("下载错误清单（Excel）", lambda: problems_xlsx(report.problems), "错误清单.xlsx",
                           mime=XLSX, icon=":material/download:", on_click="ignore")
    else:
        st.success(f"检查通过：{report.rows:,} 行，没有发现问题。请核对下面的读取结果，再确认导入。",
                   icon=":material/check_circle:")
    preview(report)


def preview(report: ingest.Report) -> None:
    """How the file will be read: each sheet's ledger kind, columns, skipped rows, notes, first rows."""
    for warning in report.warnings:
        st.info(text.for_markdown(warning), icon=":material/info:")  # names sheets and headers
    for sheet in report.sheets:
        st.markdown(f"**{text.for_markdown(sheet.line())}**")
        if sheet.mapping:
            st.caption("列的读取：" + "；".join(f"{text.for_markdown(h)} → {f}" for h, f in sheet.mapping.items()))
        for note in sheet.notes:
            st.caption(text.for_markdown(note))
        if sheet.skipped:
            st.caption("跳过的行：" + "；".join(f"第 {r} 行（{text.for_markdown(why)}）" for r, why in sheet.skipped))
    by_title: dict[str, list[pd.DataFrame]] = {}
    for checked in report.checked:
        key = checked.ledger.key
        shown = checked.frame.drop(columns=[key[0]]) if len(key) == 1 and key[0].endswith("_id") else checked.frame
        by_title.setdefault(checked.ledger.title, []).append(shown.reset_index(names="row_number"))
    for title, frames in by_title.items():
        rows = pd.concat(frames, ignore_index=True).sort_values("row_number", kind="stable")
        if rows.empty:
            continue
        st.markdown(f"{title}：前 {min(PREVIEW_ROWS, len(rows))} 行将这样写入（共 {len(rows):,} 行）")
        st.dataframe(tables.people_table(_readable(rows.head(PREVIEW_ROWS), report.names)),
                     hide_index=True, placeholder=tables.MISSING, width="stretch")


NAMED = ("org_id", "member_id", "household_id", "leader_id", "project_id", "village_code", "township_code")


def _readable(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Names instead of ids and codes, dates as dates, booleans as 是/否, no "None" on screen."""
    out = frame.copy()
    for name in NAMED:
        if name in out:
            out[name] = out[name].map(lambda v: names.get(str(v), v) if isinstance(v, str) else v)
    out = out.rename(columns={c: c.removesuffix("_id").removesuffix("_code") + "_named" for c in NAMED
                              if c in out})
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(out[name]):
            out[name] = out[name].map({True: "是", False: "否"})
        out[name] = out[name].astype(object).where(out[name].notna(), "")
    return out


def import_panel(path: str) -> None:
    """Upload, check (with the facts the clerk supplies), preview, then the confirmed import."""
    table = st.selectbox("台账类型", list(KIND_CHOICES), format_func=KIND_CHOICES.get, key="data_table", placeholder="请选择",
                         help="一般选“自动识别”：程序按表头认出是哪种台账，并在下方说明。")
    # No type filter: the browser's own refusal would be in English; read_file refuses in Chinese.
    upload = st.file_uploader("上传台账（Excel .xlsx/.xls、WPS .et、.ods，或 UTF-8 / GBK 编码的 .csv）",
                              key=f"data_upload_{st.session_state.get('data_imports', 0)}")
    done = st.session_state.pop("data_done", None)
    if done:
        st.success(done, icon=":material/task_alt:")
        st.page_link("app.py", label="到总览查看新数字", icon=":material/dashboard:")
    if upload is None:
        st.caption(f"可导入的文件类型：{'、'.join('.' + s for s in ACCEPTED_SUFFIXES)}。标题行、填报单位、合计和"
                   "签字行会自动跳过；人员按姓名和村、单位对应，不需要编号。")
        return
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()[:16]
    first = _checked(upload.name, content, table, {}, {}, digest)
    columns = chosen_columns(first, f"data_column_{digest}")
    supplied = supplied_facts(first.missing_facts, f"data_fact_{digest}")
    report = _checked(upload.name, content, table, supplied, columns, digest)
    show_report(report)
    if report.ok and st.button(f"确认导入 {report.rows:,} 行", type="primary", key="data_go"):
        confirm_import(path, upload.name, content, table, supplied, columns)


def chosen_columns(report: ingest.Report, key: str) -> dict[str, str]:
    """Columns the program did not recognise, each with a choice of what it holds (default 不使用;
    the choice is remembered for ledgers with the same headers)."""
    unused = [(sheet, header) for sheet in report.sheets for header in sheet.ignored]
    if not unused:
        return {}
    chosen = {}
    with st.expander(f"有 {len(unused)} 列没有认出：如其中有需要的内容，请指定按哪一项读取",
                     icon=":material/view_column:"):
        cells = st.columns(3)
        for i, (sheet, header) in enumerate(unused):
            choice = cells[i % 3].selectbox(f"「{text.for_markdown(header)}」", [UNUSED, *sheet.choices], key=f"{key}_{i}",
                                            placeholder="请选择")
            if choice != UNUSED:
                chosen[header] = choice
    return chosen


def _checked(name: str, content: bytes, table: str, supplied: dict, columns: dict,
             digest: str) -> ingest.Report:
    """The check, remembered per file, kind, facts and columns (a rerun does not read it again)."""
    key = (data.snapshot_path(), digest, name, table, tuple(sorted(supplied.items())), tuple(sorted(columns.items())))
    cache = st.session_state.setdefault("data_reports", {})
    if key not in cache:
        if len(cache) > 8:
            cache.clear()
        with st.spinner("正在检查台账……"):
            cache[key] = ingest.check(data.connection(data.snapshot_path()), name, content, table, supplied, columns)
    return cache[key]


def confirm_import(path: str, name: str, content: bytes, table: str, supplied: dict, columns: dict) -> None:
    """Write all or nothing into a new snapshot, log it, and start afresh with an empty uploader."""
    with st.spinner("正在导入（全部成功才写入）……"):
        result = ingest.import_file(path, name, content, table, supplied=supplied, columns=columns)
    data.clear_caches()
    st.session_state.pop("data_reports", None)
    counts = "；".join(f"{c.title}：{c.describe()}" for c in ingest.merged_counts(result.counts))
    data.record("导入", "数据管理", f"{name}（{KIND_CHOICES.get(result.table, result.table)}）："
                + (counts if result.written else "未写入"))
    if result.written:
        st.session_state["data_imports"] = st.session_state.get("data_imports", 0) + 1
        st.session_state["data_done"] = f"已导入 {labels.day(date.today())}：{counts}"
    st.rerun()
