"""账号管理 (admins only): every account with its role, region and state; create, disable, enable, reset and
change the role or region of an account. Every change goes to the audit log."""
import streamlit as st

from ui import admin
from ui.frame import frame
from ui.session import t

frame("accounts.title", needs_data=False, needs="accounts")
st.title(t("accounts.title"))
st.caption(t("accounts.intro"))
admin.accounts_table()
admin.add_form()
admin.manage_form()
