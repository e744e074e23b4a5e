"""Read-only connections to the analytics database that always see the file now on disk.

The ETL replaces the file by copy-and-swap. DuckDB keeps one instance per path inside a process, so
`duckdb.connect(path)` made while an old connection is still running a query hands back the old
file. Each file identity therefore gets its own in-memory instance with the file ATTACHed read-only:
a new identity is a new instance, whatever old queries are still running.
"""
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl.db import READER_MEMORY, db_path, file_identity

ALIAS = "archive"


def open_snapshot(path: Path):
    """A read-only connection to the file at `path` as it is now, in an instance of its own."""
    con = duckdb.connect(":memory:", config={"memory_limit": READER_MEMORY})
    try:
        con.execute(f"attach '{str(path).replace(chr(39), chr(39) * 2)}' as {ALIAS} (read_only)")
        con.execute(f"use {ALIAS}")
    except Exception:
        con.close()
        raise
    return con


class Database:
    """One snapshot connection per file identity; an old one closes once its last query ends."""

    def __init__(self, path: Path):
        self.path, self.lock = Path(path), threading.Lock()
        self.identity, self.con, self.users, self.retired = None, None, 0, []

    @contextmanager
    def cursor(self):
        with self.lock:
            identity = file_identity(self.path)
            if identity != self.identity:
                fresh = open_snapshot(self.path)
                self._retire()
                self.identity, self.con = identity, fresh
            con = self.con
            self.users += 1
        cur = con.cursor()
        try:
            cur.execute(f"use {ALIAS}")   # a cursor is a new connection: it starts in the memory catalog
            yield cur
        finally:
            cur.close()
            with self.lock:
                self.users -= 1
                self._close_retired()

    def _retire(self):
        if self.con is not None:
            self.retired.append(self.con)
        self._close_retired()

    def _close_retired(self):
        if self.users == 0:
            for old in self.retired:
                old.close()
            self.retired = []


_databases: dict = {}
_databases_lock = threading.Lock()


def database(path=None) -> Database:
    """The shared Database of `path` (default: $ARCHIVES_DB, else data/archives.duckdb)."""
    path = Path(path or db_path()).resolve()
    with _databases_lock:
        if path not in _databases:
            _databases[path] = Database(path)
        return _databases[path]


def generation(cur) -> str:
    """The database generation the connection itself sees: changes with every load."""
    rows = cur.execute("select value from meta where key = 'generation'").fetchall()
    return rows[0][0] if rows else "empty"
