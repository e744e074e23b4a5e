"""What state the analytics database is in, before any page asks it a question: there or not, readable,
of a schema this code knows, demo data or real, and when it was last loaded."""
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl import db as etl_db
from etl.schema import has_tables, known_version, stored_version
from warehouse.connection import database


@dataclass(frozen=True)
class Status:
    path: Path
    problem: str = ""            # "missing", "corrupt" or "schema"; "" when the database can be read
    message: str = ""            # what is wrong and what to do, in Chinese (etl.db.DatabaseUnusable)
    found: str | None = None     # the schema version found, when it is one this code does not know
    is_demo: bool = False
    loaded_at: datetime.datetime | None = None    # the data time: the last file loaded

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def is_default_path(self) -> bool:
        """Only the default path may be filled with demo data on first start."""
        return self.path.resolve() == Path(etl_db.DEFAULT_DB).resolve()


def _unusable(path: Path, reason: str, found=None) -> Status:
    return Status(path, reason, str(etl_db.DatabaseUnusable(reason, path, found)), found)


def database_status(path=None) -> Status:
    """The database's state, read once per version of the file (every page asks, several times a run)."""
    path = Path(path or etl_db.db_path())
    try:
        identity = etl_db.file_identity(path)
    except OSError:
        return _unusable(path, "missing")
    return _status(path, identity)


@functools.lru_cache(maxsize=16)
def _status(path: Path, identity) -> Status:
    if not path.exists():
        return _unusable(path, "missing")
    if path.stat().st_size == 0:
        return _unusable(path, "corrupt")
    try:
        with database(path).cursor() as cur:
            found = stored_version(cur)
            if found is None or known_version(found) is None:
                return _unusable(path, "schema", None if found is None and not has_tables(cur) else found)
            demo = etl_db.is_demo(cur)
            loaded = cur.execute("select max(loaded_at) from loads where status = 'loaded'").fetchall()[0][0]
    except duckdb.Error:      # not a DuckDB file, truncated, or damaged inside
        return _unusable(path, "corrupt")
    return Status(path, is_demo=demo, loaded_at=loaded)
