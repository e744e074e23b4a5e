"""One SQLite file in WAL mode for what the app writes, apart from the analytics DuckDB that only the ETL
writes: DuckDB allows one writing process, and logins and audit entries must be written while a load runs.

`$ARCHIVES_APP_DB`, else data/app.sqlite beside the default analytics database.
"""
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_APP_DB = ROOT / "data" / "app.sqlite"
SCHEMA_VERSION = 1

SCHEMA = """
create table if not exists meta (key text primary key, value text);
create table if not exists accounts (
    name text primary key,
    role text not null check (role in ('admin', 'leader', 'officer')),
    region text not null default '',          -- '' = none (an admin sees everything without one)
    password_hash text not null,
    email text unique,
    must_change integer not null default 0,
    disabled integer not null default 0,
    failed integer not null default 0,
    locked_until text,
    created_at text not null,
    changed_at text not null
);
create table if not exists audit (
    id integer primary key autoincrement,
    at text not null,
    user text not null,
    action text not null,
    scope text,
    ok integer not null default 1,
    detail text not null default '{}'
);
create index if not exists audit_user_at on audit (user, at);
create index if not exists audit_action_at on audit (action, at);
create table if not exists sessions (
    token_hash text primary key,              -- sha256 of the browser's token: the token itself is never kept
    user text not null,
    created_at real not null,
    last_seen real not null
);
create table if not exists plans (
    scope text not null,
    name text not null,
    saved_at text not null,
    saved_by text not null default '',
    context text not null,
    data text not null,
    primary key (scope, name)
);
"""


def app_db_path(explicit=None) -> Path:
    return Path(explicit or os.environ.get("ARCHIVES_APP_DB") or DEFAULT_APP_DB)


@contextmanager
def connect(path=None):
    """A connection to the store, created with its schema on first use. Autocommit; group writes with
    `with con:` (a transaction). Waits up to 10 s for another writer instead of failing."""
    path = app_db_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        con.row_factory = sqlite3.Row
        con.execute("pragma journal_mode = wal")
        con.execute("pragma busy_timeout = 10000")
        con.execute("pragma synchronous = normal")
        con.executescript(SCHEMA)
        con.execute("insert or ignore into meta values ('schema_version', ?)", [str(SCHEMA_VERSION)])
        yield con
    finally:
        con.close()
