"""审计日志: who signed in, looked at what, exported, imported — newest first (县级 and 数据管理员)."""

import streamlit as st

from sanlian import audit, data, tables, widgets
from sanlian.frame import frame

ctx = frame("审计日志", ":material/policy:")
st.caption("记录登录、页面查看（含筛选条件）、导出、汇报材料、导入、重建、恢复版本和用户变更，命令行所做的也在内；"
           "只追加、不修改，不含未脱敏的个人信息。")
left, right = st.columns([3, 2])
events = left.multiselect("事件", audit.EVENTS, key="audit_events", placeholder="全部事件", select_all=False)
user = right.text_input("用户名包含", key="audit_user")
log = data.read_audit(events, user.strip())
if log.empty:
    widgets.empty_state("没有符合条件的审计记录。")
    st.stop()
shown = log.rename(columns={"event_id": "序号", "at": "时间", "user_name": "用户", "event": "事件",
                            "page": "页面", "detail": "详情"})
st.dataframe(shown, hide_index=True, placeholder=tables.MISSING, width="stretch", height=520,
             column_config={"时间": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss")})
st.caption(f"最新 {len(log):,} 条（最多显示 5,000 条）")
widgets.download_menu(shown, "审计日志", key="audit_export")
