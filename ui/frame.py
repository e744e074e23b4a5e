"""The frame every page shares: page setup, the database's state (demo, missing, damaged), language,
navigation, the user's scope and the sidebar filters."""
import streamlit as st

from domain.filters import Filters
from etl.db import SCHEMA_VERSION
from i18n import LANGUAGES
from ui import filters as filter_widgets
from ui import state
from ui.session import current_scope, t
from warehouse.status import Status, database_status

NAVIGATION = (  # (script, catalogue key, icon)
    ("dashboard.py", "nav.overview", ":material/dashboard:"),
    ("pages/completeness.py", "nav.completeness", ":material/folder_open:"),
    ("pages/classification.py", "nav.classification", ":material/category:"),
    ("pages/staff.py", "nav.staff", ":material/school:"),
    ("pages/funds.py", "nav.funds", ":material/payments:"),
    ("pages/branch.py", "nav.branch", ":material/badge:"),
    ("pages/weak.py", "nav.weak", ":material/warning:"),
    ("pages/allocation.py", "nav.allocation", ":material/account_balance:"),
    ("pages/briefing.py", "nav.briefing", ":material/slideshow:"),
    ("pages/data_desk.py", "nav.data_desk", ":material/upload_file:"),
)


def frame(title_key: str, needs_data: bool = True) -> Filters | None:
    """Set up a page: title, the database, language, navigation and filters.

    Returns the filters; with needs_data, explains what to do and stops when nothing is loaded yet.
    """
    st.set_page_config(page_title=f"{t(title_key)} · {t('app.title')}", page_icon="📁", layout="wide")
    status = usable_database(title_key)
    with st.sidebar:
        st.segmented_control(t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, default="zh",
                             key=state.LANG, bind="query-params")
        for script, key, icon in NAVIGATION:
            st.page_link(script, label=t(key), icon=icon)
        st.divider()
        scope = current_scope()
        if scope.prefix:
            st.caption(t("filter.scope", label=scope.label))
        filters = filter_widgets.sidebar(scope)
        if status.loaded_at:
            st.caption(t("app.data_time", time=f"{status.loaded_at:%Y-%m-%d %H:%M}"))
    if status.is_demo:
        st.warning(t("app.demo_banner"), icon=":material/science:")
    if filters is None and needs_data:
        st.title(t(title_key))
        st.info(t("app.no_data"))
        st.markdown(t("app.no_data_hint"))
        st.stop()
    return filters


def usable_database(title_key: str) -> Status:
    """The database's state; builds the demo on first start at the default path only, and otherwise
    says in words what is wrong and stops the page."""
    status = database_status()
    if status.problem == "missing" and status.is_default_path:
        from etl.demo import build_demo
        with st.spinner(t("app.building_demo")):
            build_demo(status.path)
        status = database_status()
    if status.ok:
        return status
    st.title(t(title_key))
    st.error(t(f"app.db_{status.problem}", path=str(status.path), found=status.detail, expected=SCHEMA_VERSION))
    st.stop()
