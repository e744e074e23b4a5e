"""The UI's way to the data: warehouse.run_query behind Streamlit's cache. A cached result is keyed by the
database file, its generation (a new one after every load), the question and every bound parameter,
the user's scope among them, so no two scopes ever share an entry."""
import pandas as pd
import streamlit as st

from warehouse import queries
from warehouse.scope import Scope


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached(path: str, gen: str, name: str, items: tuple, _cur=None) -> pd.DataFrame:
    return queries.fetch(_cur, queries.Bound(name, items))


def _via_cache(path, gen, bound, cur):
    return _cached(path, gen, bound.name, bound.items, _cur=cur)


def run_query(name: str, scope: Scope, **params) -> pd.DataFrame:
    """Rows answering queries/<name>.sql for this scope, from the cache when this generation has them."""
    return queries.execute(queries.bind(name, scope, params), via=_via_cache)
