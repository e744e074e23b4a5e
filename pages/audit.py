"""审计日志 (admins only): who saw, loaded and exported what; filter by user, action and date, download as xlsx."""
import streamlit as st

from ui import admin
from ui.frame import frame
from ui.session import t

frame("audit.title", needs_data=False, needs="audit")
st.title(t("audit.title"))
st.caption(t("audit.intro"))
admin.audit_table(admin.audit_filters())
