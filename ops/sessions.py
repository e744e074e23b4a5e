"""Logins that outlive a page reload: a random token in the browser's cookie names a row here (by its hash),
which ends after IDLE_MINUTES without a click, at logout, or when the account is disabled or changed."""
import hashlib
import secrets
import time

from ops import users
from ops.store import connect

MAX_HOURS = 12          # a login is never resumed after this long, however busy


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(name: str, path=None) -> str:
    """A new token for a login that just succeeded."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    with connect(path) as con:
        con.execute("insert into sessions values (?, ?, ?, ?)", [_hash(token), name, now, now])
        con.execute("delete from sessions where last_seen < ?", [now - users.IDLE_MINUTES * 60])   # expired ones
    return token


def resume(token: str | None, path=None) -> users.Account | None:
    """The account a browser's token belongs to, if its login is still alive (and touch it)."""
    if not token:
        return None
    now = time.time()
    with connect(path) as con:
        row = con.execute("select * from sessions where token_hash = ?", [_hash(token)]).fetchone()
        if row is None:
            return None
        if now - row["last_seen"] > users.IDLE_MINUTES * 60 or now - row["created_at"] > MAX_HOURS * 3600:
            con.execute("delete from sessions where token_hash = ?", [_hash(token)])
            return None
        con.execute("update sessions set last_seen = ? where token_hash = ?", [now, _hash(token)])
    account = users.get(row["user"], path)
    return account if account is not None and not account.disabled else None


def touch(token: str | None, path=None):
    if token:
        with connect(path) as con:
            con.execute("update sessions set last_seen = ? where token_hash = ?", [time.time(), _hash(token)])


def end(token: str | None, path=None):
    if token:
        with connect(path) as con:
            con.execute("delete from sessions where token_hash = ?", [_hash(token)])
