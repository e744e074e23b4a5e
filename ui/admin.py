"""The pieces of the admin pages: the accounts table and its forms, and the audit log with its filters."""
import datetime

import pandas as pd
import streamlit as st

from exports import audit_sheet
from exports.writer import XLSX_MIME
from ops import audit, users
from ui.auth import current_account
from ui import state
from ui.session import lang, t
from ui.downloads import download, footer
from ui.widgets import pager

AUDIT_PAGE = 50


def status_text(a: users.Account) -> str:
    if a.disabled:
        return t("accounts.status.disabled")
    if a.locked_until and a.locked_until > users.now().isoformat(sep=" "):
        return t("accounts.status.locked", until=a.locked_until[:16])
    return t("accounts.status.must_change") if a.must_change else t("accounts.status.active")


def accounts_table():
    rows = [{"name": a.name, "role": t(f"auth.role.{a.role}"), "region": a.region or "—", "email": a.email or "",
             "status": status_text(a), "created_at": a.created_at} for a in users.accounts()]
    table = pd.DataFrame(rows, columns=["name", "role", "region", "email", "status", "created_at"])
    st.dataframe(table.rename(columns=lambda c: t(f"accounts.col.{c}")), hide_index=True, key="accounts_table")


def _done(action, *args):
    try:
        action(*args, by=current_account().name)
    except users.AccountError as error:
        st.error(str(error))
        return
    st.success(t("accounts.done"))


def add_form():
    st.subheader(t("accounts.add"))
    st.caption(t("accounts.add_hint"))
    with st.form("account_add", clear_on_submit=True):
        c = st.columns(5)
        name = c[0].text_input(t("accounts.col.name"), key="acc_name")
        role = c[1].selectbox(t("accounts.col.role"), users.ROLES, format_func=lambda r: t(f"auth.role.{r}"),
                              key="acc_role", index=1)
        region = c[2].text_input(t("accounts.col.region"), key="acc_region")
        email = c[3].text_input(t("accounts.col.email"), key="acc_email")
        password = c[4].text_input(t("accounts.password"), type="password", key="acc_password")
        if st.form_submit_button(t("accounts.add_button"), type="primary", key="acc_add"):
            try:
                users.add(name, role, region, password, email or None, by=current_account().name, must_change=True)
                st.success(t("accounts.added", name=name.strip()))
            except users.AccountError as error:
                st.error(str(error))


def manage_form():
    st.subheader(t("accounts.manage"))
    names = [a.name for a in users.accounts()]
    name = st.selectbox(t("accounts.pick"), names, index=None, key="acc_pick")
    if not name:
        return
    chosen = users.get(name)
    left, middle, right = st.columns(3)
    with left:
        if chosen.disabled:
            if st.button(t("accounts.enable"), key="acc_enable"):
                _done(users.enable, name)
        elif st.button(t("accounts.disable"), key="acc_disable"):
            if name == current_account().name:
                st.error(t("accounts.self"))
            else:
                _done(users.disable, name)
    with middle, st.form("account_reset", clear_on_submit=True):
        password = st.text_input(t("accounts.password"), type="password", key="acc_reset_password")
        if st.form_submit_button(t("accounts.reset_button"), key="acc_reset"):
            _done(users.reset, name, password)
    with right, st.form("account_role"):
        role = st.selectbox(t("accounts.col.role"), users.ROLES, index=users.ROLES.index(chosen.role),
                            format_func=lambda r: t(f"auth.role.{r}"), key="acc_new_role")
        region = st.text_input(t("accounts.col.region"), value=chosen.region, key="acc_new_region")
        if st.form_submit_button(t("accounts.change"), key="acc_change"):
            _done(users.set_role, name, role, region)


def audit_filters() -> dict:
    c = st.columns(3)
    user = c[0].selectbox(t("audit.user"), [""] + audit.users(), format_func=lambda u: u or t("audit.all"),
                          key="audit_user")
    action = c[1].selectbox(t("audit.action"), ("",) + audit.ACTIONS, key="audit_action",
                            format_func=lambda a: t(f"audit.action.{a}") if a else t("audit.all"))
    today = datetime.date.today()
    dates = c[2].date_input(t("audit.dates"), (today - datetime.timedelta(days=30), today), key="audit_dates")
    since, until = (dates + (None, None))[:2] if isinstance(dates, tuple) else (dates, dates)
    return dict(user=user or None, action=action or None, since=since, until=until or since)


def audit_table(filters: dict):
    total = audit.count(**filters)
    st.caption(t("audit.count", n=f"{total:,}"))
    page = st.session_state.get(state.page("audit"), 1)
    rows = audit.entries(**filters, last=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE)
    st.dataframe(audit_sheet.table(rows, lang()), hide_index=True, key="audit_table")
    pager("audit", total, AUDIT_PAGE)
    language, stamp = lang(), footer()
    download(t("audit.download"), lambda: audit_sheet.to_xlsx(filters, language, stamp), t("audit.file"), XLSX_MIME,
             key="audit_xlsx", what="audit_log")
