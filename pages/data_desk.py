"""数据管理 (data desk): load the files branches send through the ETL, the load history, the 退回修改清单,
the 催报名单 and blank templates. Works before any quarter is loaded (all but the 催报名单)."""
import streamlit as st

from ui import desk
from ui.auth import current_account
from ui.frame import frame
from ui.session import current_scope, t

f = frame("nav.data_desk", needs_data=False, needs="desk")
scope = f.scope if f else current_scope()
st.title(t("nav.data_desk"))
st.caption(t("data_desk.intro"))
upload, history, returns, missing, templates = st.tabs(
    [t(f"data_desk.tab.{k}") for k in ("upload", "history", "returns", "missing", "templates")])
with upload:
    desk.upload_tab(scope, current_account())
with history:
    desk.history_tab(scope)
with returns:
    desk.returns_tab(scope)
with missing:
    desk.missing_tab(f)
with templates:
    desk.templates_tab(f)
