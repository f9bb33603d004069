"""目标设置: each metric's target and amber line, saved for every page and audited (县级 and 数据管理员)."""

import streamlit as st

from sanlian import auth, nav, state, targets, text
from sanlian.frame import frame

MESSAGE = "targets_message"


def entered(name: str) -> tuple:
    return st.session_state[f"target_{name}"], st.session_state[f"amber_{name}"]


def allowed() -> bool:
    """Whether this session may change targets (callbacks run before frame() checks the role)."""
    return auth.current().may_open(next(p for p in nav.PAGES if p.label == targets.PAGE).roles)


def save(rows: list[targets.Setting]) -> None:
    """The 保存 button: check the rows edited since they were shown, then save them (a row left alone
    never overwrites a change made meanwhile elsewhere)."""
    if not allowed():
        return
    entries = {row.name: entered(row.name) for row in rows if entered(row.name) != (row.target, row.amber)}
    problems = targets.problems(entries)
    if problems:
        st.session_state[MESSAGE] = ("error", "未保存：\n" + "\n".join(f"- {p}" for p in problems))
        return
    changed = targets.save(entries, auth.current().user, state.open_store())
    st.session_state[MESSAGE] = (("success", f"已保存：{'、'.join(changed)}。各页面的状态颜色已按新目标计算。")
                                 if changed else ("info", "没有修改。"))


def reset(row: targets.Setting) -> None:
    """A 恢复默认 button: forget the saved target (the inputs then show the default)."""
    if not allowed():
        return
    targets.reset(row.name, auth.current().user, state.open_store())
    st.session_state[MESSAGE] = ("success", f"{row.label}已恢复默认：{row.default}。")


def show_in_force(row: targets.Setting) -> None:
    """Put the target in force into the inputs when it changed since they were last filled (a save, a
    reset, or a change made by someone else), keeping the user's edits otherwise."""
    shown = st.session_state.get(f"shown_{row.name}") if f"target_{row.name}" in st.session_state else None
    if shown != (row.target, row.amber):
        st.session_state[f"target_{row.name}"], st.session_state[f"amber_{row.name}"] = row.target, row.amber
        st.session_state[f"shown_{row.name}"] = (row.target, row.amber)


frame("目标设置", ":material/flag:")
st.caption("各指标达到目标为绿，达到黄灯线为黄，其余为红；总览、各页表格、地图、图表的目标线和汇报材料都按这里的目标着色。"
           "比率以百分数填写。每次修改都记入审计日志。")
kind, message = st.session_state.pop(MESSAGE, (None, ""))
if kind:
    getattr(st, kind)(message)
rows = targets.settings_rows(state.open_store())
with st.form("targets_form", border=False):
    for row in rows:
        show_in_force(row)
        about, target, amber, who, back = st.columns([3, 2, 2, 2.5, 1.2], vertical_alignment="bottom")
        about.markdown(f"**{row.label}**（{row.unit}，{row.direction}）  \n默认：{row.default}")
        target.number_input(f"目标（{row.unit}）", key=f"target_{row.name}", step=1.0, format="%.1f")
        amber.number_input(f"黄灯线（{row.unit}）", key=f"amber_{row.name}", step=1.0, format="%.1f")
        who.caption(f"设置：{text.for_markdown(row.changed)}")
        back.form_submit_button("恢复默认", key=f"reset_{row.name}", disabled=not row.saved, on_click=reset,
                                args=(row,))
    st.form_submit_button("保存", type="primary", on_click=save, args=(rows,))
