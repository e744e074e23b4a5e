"""Run the questions in queries/*.sql against the analytics database, bound to the user's scope.

run_query(name, scope, **params) is the only way screens and exports reach the data. It refuses a
question whose SQL does not bind $scope (comments and string literals do not count), binds named
parameters only, and reads through a snapshot of the file now on disk. The UI wraps it in a cache
(ui/data.py); everything else calls it directly.
"""
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warehouse.connection import database, generation
from warehouse.scope import Scope

QUERIES = Path(__file__).resolve().parent.parent / "queries"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
# What can hide a `$scope` that is never bound: comments, string literals and quoted identifiers.
_NOT_CODE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", re.S)


class ScopeError(RuntimeError):
    """A query that would ignore the user's data scope."""


def code_of(sql: str) -> str:
    """The SQL without comments, string literals and quoted names."""
    return _NOT_CODE.sub(" ", sql)


def query_text(name: str) -> str:
    path = QUERIES / f"{name}.sql"
    return _checked(path, path.stat().st_mtime_ns)[0]


def wanted(name: str) -> frozenset:
    """The parameters queries/<name>.sql names."""
    path = QUERIES / f"{name}.sql"
    return _checked(path, path.stat().st_mtime_ns)[1]


@functools.lru_cache(maxsize=256)
def _checked(path: Path, mtime: int) -> tuple[str, frozenset]:
    """A question's text and parameters, read and checked once per version of the file."""
    sql = path.read_text(encoding="utf-8")
    names = frozenset(_PARAM.findall(code_of(sql)))
    if "scope" not in names:
        raise ScopeError(f"queries/{path.stem}.sql does not bind $scope: every question must respect the user's scope")
    return sql, names


@dataclass(frozen=True)
class Bound:
    """A question with every parameter it names bound: hashable, so it can key a cache."""
    name: str
    items: tuple           # sorted (parameter, value) pairs, the scope's prefix among them

    @property
    def sql(self) -> str:
        return query_text(self.name)


def bind(name: str, scope: Scope, params: dict) -> Bound:
    """Check the parameters of queries/<name>.sql against `params` and bind the user's scope."""
    if not isinstance(scope, Scope):
        raise ScopeError(f"queries/{name}.sql needs the user's Scope, not {scope!r}")
    names = wanted(name)
    bound = {**params, "scope": scope.prefix}
    missing = names - bound.keys()
    if missing:
        raise TypeError(f"queries/{name}.sql needs parameters {sorted(missing)}")
    return Bound(name, tuple(sorted((k, bound[k]) for k in names)))


def fetch(cur, bound: Bound) -> pd.DataFrame:
    return cur.execute(bound.sql, dict(bound.items)).df()


def execute(bound: Bound, via=None, path=None) -> pd.DataFrame:
    """Rows of a bound question. `via(path, generation, bound, cur)` may answer from a cache."""
    db = database(path)
    with db.cursor() as cur:
        if via is None:
            return fetch(cur, bound)
        return via(str(db.path), generation(cur), bound, cur)


def run_query(name: str, scope: Scope, **params) -> pd.DataFrame:
    """Rows answering queries/<name>.sql for this scope; parameters bind by name ($period, ...)."""
    return execute(bind(name, scope, params))
