"""What state the analytics database is in, before any page asks it a question: there or not, readable,
of a schema this code knows, demo data or real, and when it was last loaded."""
import datetime
from dataclasses import dataclass
from pathlib import Path

from etl import db as etl_db
from warehouse.connection import database


@dataclass(frozen=True)
class Status:
    path: Path
    problem: str = ""            # "missing", "corrupt" or "schema"; "" when the database can be read
    detail: str = ""             # what was found (a version, the engine's words), for the message
    is_demo: bool = False
    loaded_at: datetime.datetime | None = None    # the data time: the last file loaded

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def is_default_path(self) -> bool:
        """Only the default path may be filled with demo data on first start."""
        return self.path.resolve() == Path(etl_db.DEFAULT_DB).resolve()


def database_status(path=None) -> Status:
    path = Path(path or etl_db.db_path())
    if not path.exists():
        return Status(path, "missing")
    try:
        with database(path).cursor() as cur:
            meta = dict(cur.execute("select key, value from meta").fetchall())
            loaded = cur.execute("select max(loaded_at) from loads where status = 'loaded'").fetchall()[0][0]
    except Exception as exc:   # not a DuckDB file, truncated, or missing the tables this code reads
        return Status(path, "corrupt", type(exc).__name__)
    version = meta.get("schema_version")
    if version != str(etl_db.SCHEMA_VERSION):
        return Status(path, "schema", str(version))
    return Status(path, is_demo=meta.get("demo") == "1", loaded_at=loaded)
