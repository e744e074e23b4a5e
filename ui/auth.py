"""Who is using this session. Deny by default: on a real database nothing from the data is drawn before
login; the bundled demo needs none. A login survives a reload through a cookie naming a server-side token
(ops/sessions.py); it ends after 30 minutes idle or at logout; a reset password must be changed."""
import json
import time

import streamlit as st

from ops import audit, sessions, users
from ops.users import Account
from ui import state
from ui.session import t
from warehouse.status import Status


COOKIE = "archives_session"


def _account_in_session() -> Account | None:
    """The logged-in account, read again from the store on every run, so that disabling an account or
    changing its region takes effect at its next click."""
    name = st.session_state.get(state.USER)
    if not name:
        return None
    account = users.get(name)
    if account is None or account.disabled:
        end_session(t("auth.disabled_now"), action=None)
        return None
    return account


def _resume_from_cookie():
    """A new Streamlit session (a reload, a second tab) takes the login its browser's cookie names, while
    that login is alive on the server; a dead cookie is cleared."""
    token = _cookie()
    account = sessions.resume(token)
    if account is None:
        if token:
            st.session_state[state.COOKIE_TO_SET] = ""
        return
    st.session_state[state.TOKEN] = token
    start_session(account)


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:          # no browser behind this session (AppTest, a bare script)
        return None
    return value if isinstance(value, str) and value else None


def start_session(account: Account, remember: bool = False):
    st.session_state[state.USER] = account.name
    st.session_state[state.SCOPE] = account.scope
    st.session_state[state.LAST_SEEN] = time.time()
    if remember:
        token = sessions.create(account.name)
        st.session_state[state.TOKEN] = token
        st.session_state[state.COOKIE_TO_SET] = token


def end_session(notice: str = "", action: str | None = "logout"):
    name = st.session_state.get(state.USER)
    if name and action:
        account = users.get(name)
        audit.log(name, action, account.region if account else None)
    sessions.end(st.session_state.pop(state.TOKEN, None))
    if name:
        st.session_state[state.COOKIE_TO_SET] = ""
    for key in (state.USER, state.SCOPE, state.LAST_SEEN, state.ACCOUNT, state.WANTS_LOGIN):
        st.session_state.pop(key, None)
    if notice:
        st.session_state[state.NOTICE] = notice


def write_cookie():
    """Write (or clear) the login cookie in the browser, once, after a login or a logout. The token names a
    row on the server; the cookie alone proves nothing once that row is gone."""
    if state.COOKIE_TO_SET not in st.session_state:
        return
    token = st.session_state.pop(state.COOKIE_TO_SET)
    age = sessions.MAX_HOURS * 3600 if token else 0
    st.html(f"""<script>
        document.cookie = {json.dumps(COOKIE)} + "=" + {json.dumps(token)} + "; Path=/; Max-Age={age}; SameSite=Strict"
            + (location.protocol === "https:" ? "; Secure" : "");
        </script>""", unsafe_allow_javascript=True, width="content")


def current_account() -> Account:
    """The account frame() let in on this run (the demo's visitor on the demo database)."""
    return st.session_state[state.ACCOUNT]


def require_user(status: Status) -> Account:
    """The account of this session; shows the login (or what to do first) and stops the page otherwise."""
    account = _require_user(status)
    st.session_state[state.ACCOUNT] = account
    with st.sidebar:
        write_cookie()
    return account


def _require_user(status: Status) -> Account:
    if not st.session_state.get(state.USER):
        _resume_from_cookie()
    if status.is_demo and not st.session_state.get(state.USER) and not st.session_state.get(state.WANTS_LOGIN):
        st.session_state[state.SCOPE] = users.DEMO_GUEST.scope   # the demo needs no login, but allows one
        return users.DEMO_GUEST
    seen = st.session_state.get(state.LAST_SEEN)
    if st.session_state.get(state.USER) and seen and time.time() - seen > users.IDLE_MINUTES * 60:
        end_session(t("auth.expired", minutes=users.IDLE_MINUTES), action="session_expired")
    account = _account_in_session()
    if account is None:
        account = _single_sign_on()
    if account is None:
        _login_screen()
        st.stop()
    st.session_state[state.LAST_SEEN] = time.time()
    st.session_state[state.SCOPE] = account.scope
    sessions.touch(st.session_state.get(state.TOKEN))
    if account.must_change:
        _change_password(account)
        st.stop()
    return account


def _login_screen():
    write_cookie()
    st.title(t("auth.title"))
    notice = st.session_state.pop(state.NOTICE, "")
    if notice:
        st.warning(notice)
    if users.count() == 0:
        st.info(t("auth.no_accounts"))
        st.code("python -m accounts add 管理员 --role admin", language="bash")
        st.caption(t("auth.no_accounts_hint"))
        return
    st.caption(t("auth.intro"))
    with st.form("login", enter_to_submit=True):
        name = st.text_input(t("auth.name"), key="login_name")
        password = st.text_input(t("auth.password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("auth.submit"), type="primary", key="login_submit")
    if _oidc_configured():
        st.button(t("auth.oidc"), on_click=st.login, key="login_oidc")
    if not submitted:
        return
    result = users.login(name, password)
    if result.ok:
        start_session(result.account, remember=True)
        st.rerun()
    elif result.reason == "locked":
        st.error(t("auth.locked", until=(result.locked_until or "")[11:16]))
    else:
        st.error(t("auth.failed"))


def _change_password(account: Account):
    st.title(t("auth.change_title"))
    st.info(t("auth.change_intro", n=users.MIN_PASSWORD))
    with st.form("change_password"):
        old = st.text_input(t("auth.old"), type="password", key="change_old")
        new = st.text_input(t("auth.new"), type="password", key="change_new")
        repeat = st.text_input(t("auth.repeat"), type="password", key="change_repeat")
        submitted = st.form_submit_button(t("auth.change_submit"), type="primary", key="change_submit")
    if not submitted:
        return
    if new != repeat:
        st.error(t("auth.mismatch"))
        return
    try:
        users.change_password(account.name, old, new)
    except users.AccountError as error:
        st.error(str(error))
        return
    st.rerun()


def _oidc_configured() -> bool:
    """st.login (OpenID Connect) is offered only when .streamlit/secrets.toml configures [auth]."""
    try:
        return "auth" in st.secrets
    except Exception:          # no secrets file at all
        return False


def _single_sign_on() -> Account | None:
    """An identity provider's user, matched by e-mail to a local account with the same roles."""
    if not _oidc_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    account = users.by_email(st.user.get("email", ""))
    if account is None or account.disabled:
        st.session_state[state.NOTICE] = t("auth.oidc_unknown", email=st.user.get("email", ""))
        return None
    audit.log(account.name, "login", account.region, method="oidc")
    start_session(account, remember=True)
    return account


def sidebar_box(account: Account, region_label: str):
    """Who is logged in, their role and region, and the logout button."""
    if account.is_guest:
        st.caption(t("auth.guest"))
        if st.button(t("auth.title"), key="login_open", icon=":material/login:"):
            st.session_state[state.WANTS_LOGIN] = True
            st.rerun()
        return
    st.markdown(t("auth.who", name=account.name, role=t(f"auth.role.{account.role}"), region=region_label))
    if st.button(t("auth.logout"), key="logout", icon=":material/logout:"):
        end_session()
        if _oidc_configured() and getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()
