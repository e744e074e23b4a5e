"""Who is using this browser session and in which language: the one place the UI reads either."""
import streamlit as st

from i18n import DEFAULT_LANGUAGE, LANGUAGES
from i18n import t as translate
from ui import state
from warehouse.scope import Scope


def lang() -> str:
    """The language chosen in this session ('zh' until the switch says otherwise)."""
    chosen = st.session_state.get(state.LANG, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values) -> str:
    """A catalogue string in this session's language."""
    return translate(key, lang(), **values)


def current_scope() -> Scope:
    """The data scope of the person in this session, as login put it there (server-side only: no URL or
    widget can set it). Deny by default: a session without one may read nothing."""
    scope = st.session_state.get(state.SCOPE)
    if not isinstance(scope, Scope):
        raise PermissionError("this session has no data scope: nobody is logged in")
    return scope
