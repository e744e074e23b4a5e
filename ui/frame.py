"""The frame every page shares: page setup, the database's state (demo, missing, damaged), login, language,
the navigation the account may use, who is logged in, and the sidebar filters."""
import streamlit as st

from domain.filters import Filters
from i18n import LANGUAGES
from ops.users import Account
from ui import auth, state
from ui import filters as filter_widgets
from ui.data import run_query
from ui.session import t
from warehouse.scope import Scope
from warehouse.status import Status, database_status

NAVIGATION = (  # (script, catalogue key, icon, what the account must be allowed to do)
    ("dashboard.py", "nav.overview", ":material/dashboard:", "read"),
    ("pages/completeness.py", "nav.completeness", ":material/folder_open:", "read"),
    ("pages/classification.py", "nav.classification", ":material/category:", "read"),
    ("pages/staff.py", "nav.staff", ":material/school:", "read"),
    ("pages/funds.py", "nav.funds", ":material/payments:", "read"),
    ("pages/branch.py", "nav.branch", ":material/badge:", "read"),
    ("pages/weak.py", "nav.weak", ":material/warning:", "plan"),
    ("pages/allocation.py", "nav.allocation", ":material/account_balance:", "plan"),
    ("pages/briefing.py", "nav.briefing", ":material/slideshow:", "export"),
    ("pages/data_desk.py", "nav.data_desk", ":material/upload_file:", "desk"),
    ("pages/accounts.py", "nav.accounts", ":material/manage_accounts:", "accounts"),
    ("pages/audit.py", "nav.audit", ":material/policy:", "audit"),
)


def frame(title_key: str, needs_data: bool = True, needs: str = "read") -> Filters | None:
    """Set up a page: title, the database, login, language, navigation and filters.

    Returns the filters; with needs_data, explains what to do and stops when nothing is loaded yet.
    """
    st.set_page_config(page_title=f"{t(title_key)} · {t('app.title')}", page_icon="📁", layout="wide")
    with st.sidebar:
        st.segmented_control(t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, default="zh",
                             key=state.LANG, bind="query-params")
    status = usable_database(title_key)
    account = auth.require_user(status)
    scope = account.scope
    if scope is None or not account.can(needs):
        _refuse(title_key, account, scope)
    scope = Scope(scope.prefix, region_label(scope))
    st.session_state[state.SCOPE] = scope         # the region by name, for captions and lists
    with st.sidebar:
        for script, key, icon, capability in NAVIGATION:
            if account.can(capability):
                st.page_link(script, label=t(key), icon=icon)
        st.divider()
        auth.sidebar_box(account, scope.label)
        filters = filter_widgets.sidebar(scope)
        if status.loaded_at:
            st.caption(t("app.data_time", time=f"{status.loaded_at:%Y-%m-%d %H:%M}"))
    if status.is_demo:
        st.markdown(f":orange-badge[:material/science: {t('app.demo_badge')}] {t('app.demo_banner')}")
    if filters is None and needs_data:
        st.title(t(title_key))
        if scope.is_everything:
            st.info(t("app.no_data"))
            st.markdown(t("app.no_data_hint"))
        else:   # a region with nothing yet, or a region code that names no branch: not a loading lesson
            st.info(t("app.no_data_in_scope", region=scope.label or scope.prefix, code=scope.prefix))
        st.stop()
    return filters


def _refuse(title_key: str, account: Account, scope: Scope | None):
    st.title(t(title_key))
    if scope is None:
        st.warning(t("auth.no_region"))
    else:
        st.error(t("auth.forbidden", role=t(f"auth.role.{account.role}")))
    with st.sidebar:
        auth.sidebar_box(account, t("auth.region.all") if scope is not None else "—")
    st.stop()


def region_label(scope: Scope) -> str:
    """The name of the user's region ('滦平县', '承德市', '全部地区'), from the regions they may see."""
    if scope.is_everything:
        return t("auth.region.all")
    regions = run_query("regions", scope)
    column = {2: "province_name", 4: "city_name", 6: "county_name"}[len(scope.prefix)]
    names = regions[column].dropna().unique() if len(regions) else []
    return names[0] if len(names) else scope.prefix


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
    st.error(t(f"app.db_{status.problem}", message=status.message, path=str(status.path), found=status.found))
    st.stop()
