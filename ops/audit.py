"""The audit log: who logged in, loaded, downloaded, briefed, planned and changed accounts, when, over which
scope. Entries are only ever added. Details never hold a password."""
import datetime
import json
from dataclasses import dataclass

from ops.store import connect

# What is recorded (docs/access.md); the admin page and `python -m accounts audit` filter by these.
ACTIONS = ("login", "login_failed", "lockout", "logout", "session_expired", "password_changed",
           "upload", "download", "briefing", "plan_saved", "plan_deleted",
           "account_added", "account_disabled", "account_enabled", "account_reset", "account_changed")


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    user: str
    action: str
    scope: str | None
    ok: bool
    detail: dict


def record(con, user: str, action: str, scope: str | None, ok: bool = True, detail: dict | None = None):
    """Add one entry through an open store connection (inside the caller's transaction, if any)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    con.execute("insert into audit (at, user, action, scope, ok, detail) values (?, ?, ?, ?, ?, ?)",
                [datetime.datetime.now().isoformat(sep=" ", timespec="seconds"), user, action, scope, int(ok),
                 json.dumps(detail or {}, ensure_ascii=False, default=str)])


def log(user: str, action: str, scope: str | None, ok: bool = True, path=None, **detail):
    """Add one entry in a connection of its own."""
    with connect(path) as con:
        record(con, user, action, scope, ok, detail)


def _where(user, action, since, until) -> tuple[str, list]:
    clauses, params = [], []
    for clause, value in (("user = ?", user), ("action = ?", action), ("at >= ?", since),
                          ("at < date(?, '+1 day')", until)):
        if value:
            clauses.append(clause)
            params.append(str(value))
    return (" where " + " and ".join(clauses) if clauses else ""), params


def entries(user: str | None = None, action: str | None = None, since: str | None = None, until: str | None = None,
            last: int | None = None, offset: int = 0, path=None) -> list[Entry]:
    """Entries newest first, filtered by user, action and date ('YYYY-MM-DD', both ends included)."""
    where, params = _where(user, action, since, until)
    sql = f"select * from audit{where} order by id desc"
    if last:
        sql += " limit ? offset ?"
        params += [int(last), int(offset)]
    with connect(path) as con:
        return [Entry(r["id"], r["at"], r["user"], r["action"], r["scope"], bool(r["ok"]), json.loads(r["detail"]))
                for r in con.execute(sql, params)]


def count(user: str | None = None, action: str | None = None, since: str | None = None, until: str | None = None,
          path=None) -> int:
    where, params = _where(user, action, since, until)
    with connect(path) as con:
        return con.execute(f"select count(*) from audit{where}", params).fetchone()[0]


def users(path=None) -> list[str]:
    with connect(path) as con:
        return [r[0] for r in con.execute("select distinct user from audit order by user")]
