"""Run the questions in queries/*.sql against the DuckDB file, bound to the user's scope, cached.

run_query(name, scope, **params) is the only way pages reach the database. It refuses a query that
does not bind $scope, caches results per (database generation, query, parameters, scope), and
reads through a connection that is replaced when the ETL swaps in a new database file.
"""
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from archives.scope import Scope
from etl.db import db_path, file_identity, reader

QUERIES = Path(__file__).resolve().parent.parent / "queries"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class ScopeError(RuntimeError):
    """A query that would ignore the user's data scope."""


def query_text(name: str) -> str:
    sql = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    if "$scope" not in sql:
        raise ScopeError(f"queries/{name}.sql does not bind $scope: every question must respect the user's scope")
    return sql


class Database:
    """One read-only connection per database file identity; the old one closes once idle.

    DuckDB reuses an open instance per path inside a process, so a new connection can still see the
    old file while any old connection lives: results are therefore keyed by the generation the
    connection itself reports, never by what is on disk.
    """

    def __init__(self, path: Path):
        self.path, self.lock = Path(path), threading.Lock()
        self.identity, self.con, self.users, self.retired = None, None, 0, []

    @contextmanager
    def cursor(self):
        with self.lock:
            identity = file_identity(self.path)
            if identity != self.identity:
                self._retire()
                self.identity, self.con = identity, reader(self.path)
            con = self.con
            self.users += 1
        cur = con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self.lock:
                self.users -= 1
                if self.users == 0:
                    for old in self.retired:
                        old.close()
                    self.retired = []

    def _retire(self):
        if self.con is not None:
            self.retired.append(self.con)
        if self.users == 0:
            for old in self.retired:
                old.close()
            self.retired = []


_databases: dict = {}
_databases_lock = threading.Lock()


def database(path=None) -> Database:
    path = Path(path or db_path()).resolve()
    with _databases_lock:
        if path not in _databases:
            _databases[path] = Database(path)
        return _databases[path]


def generation(cur) -> str:
    rows = cur.execute("select value from meta where key = 'generation'").fetchall()
    return rows[0][0] if rows else "empty"


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached(path: str, gen: str, name: str, items: tuple, _cur=None) -> pd.DataFrame:
    return _cur.execute(query_text(name), dict(items)).df()


def run_query(name: str, scope: Scope, **params) -> pd.DataFrame:
    """Rows answering queries/<name>.sql for this scope; parameters bind by name ($period, ...)."""
    sql = query_text(name)
    bound = {**params, "scope": scope.prefix}
    wanted = set(_PARAM.findall(sql))
    missing = wanted - bound.keys()
    if missing:
        raise TypeError(f"queries/{name}.sql needs parameters {sorted(missing)}")
    items = tuple(sorted((k, v) for k, v in bound.items() if k in wanted))
    db = database()
    with db.cursor() as cur:
        return _cached(str(db.path), generation(cur), name, items, _cur=cur)


def database_exists() -> bool:
    return Path(db_path()).exists()
