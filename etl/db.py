"""The DuckDB file: where it is, its schema, and how writers replace it without ever locking readers.

Writers work on a private copy and os.replace() it over the original when done, so a dashboard
holding the file open read-only never blocks a load, and a killed load leaves the original intact.
"""
import contextlib
import fcntl
import os
import shutil
import uuid
from pathlib import Path

import duckdb

from etl import rollups
from etl.spec import FORM_FIELDS, REGISTER_FIELDS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "archives.duckdb"
SCHEMA_VERSION = 1
# Memory caps: the ETL must stay under 2 GB and the dashboard under 1.5 GB on a national database.
WRITER_MEMORY = "1200MB"
READER_MEMORY = "800MB"

SQL_TYPES = {
    "code": "VARCHAR", "text": "VARCHAR", "county": "VARCHAR", "choice": "VARCHAR",
    "period": "VARCHAR", "count": "INTEGER", "number": "DECIMAL(18,2)",
    "money": "DECIMAL(18,2)", "bool": "BOOLEAN", "date": "DATE",
}


def db_path(explicit=None) -> Path:
    """--db, else $ARCHIVES_DB, else data/archives.duckdb in the repo."""
    return Path(explicit or os.environ.get("ARCHIVES_DB") or DEFAULT_DB)


def columns_ddl(fields) -> str:
    return ",\n  ".join(f"{f.name} {SQL_TYPES[f.kind]}" for f in fields)


LOAD_COLUMNS = "load_id INTEGER, source_file VARCHAR, sheet VARCHAR, row_number INTEGER"
ISSUE_COLUMNS = f"""{LOAD_COLUMNS}, branch_code VARCHAR, period VARCHAR,
  reasons VARCHAR, checks VARCHAR[], fields VARCHAR[], raw JSON"""

SCHEMA = f"""
create table if not exists meta (key VARCHAR primary key, value VARCHAR);
create sequence if not exists load_seq start 1;
create table if not exists loads (
  load_id INTEGER primary key, kind VARCHAR, source_file VARCHAR, source_path VARCHAR,
  sha256 VARCHAR, status VARCHAR, period VARCHAR, period_source VARCHAR,
  rows_loaded INTEGER, rows_rejected INTEGER, rows_warned INTEGER, rows_skipped INTEGER,
  rows_duplicate INTEGER, message VARCHAR, loaded_at TIMESTAMP);
create table if not exists branches (
  {columns_ddl(REGISTER_FIELDS)}, load_id INTEGER, updated_at TIMESTAMP);
create table if not exists branches_history (
  {columns_ddl(REGISTER_FIELDS)}, {LOAD_COLUMNS});
create table if not exists submissions (
  {columns_ddl(FORM_FIELDS)}, source_file VARCHAR, load_id INTEGER, loaded_at TIMESTAMP);
create table if not exists submission_history (
  {columns_ddl(FORM_FIELDS)}, {LOAD_COLUMNS});
create table if not exists row_issues (
  {LOAD_COLUMNS}, branch_code VARCHAR, period VARCHAR, severity VARCHAR,
  check_code VARCHAR, field VARCHAR, message VARCHAR);
create table if not exists rejects ({ISSUE_COLUMNS});
create table if not exists warnings ({ISSUE_COLUMNS});
"""


def ensure_schema(con):
    con.execute(SCHEMA)
    con.execute("insert or replace into meta values ('schema_version', ?)", [str(SCHEMA_VERSION)])


@contextlib.contextmanager
def writer(path: Path):
    """A read-write connection to a private copy of `path`, swapped in atomically on success.

    One writer at a time (an flock on a side file); readers never wait. If the process dies,
    the original file is untouched and the stale copy is removed by the next writer.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        remove_stale_copies(path)
        tmp = Path(f"{path}.tmp-{os.getpid()}")
        if path.exists():
            shutil.copyfile(path, tmp)
        con = duckdb.connect(str(tmp), config={"memory_limit": WRITER_MEMORY})
        try:
            ensure_schema(con)
            last_load = scalar(con, "select coalesce(max(load_id), 0) from loads")
            yield con
            periods = rollups.periods_to_refresh(con, last_load)
            if periods is None or periods or not scalar(
                    con, "select count(*) from duckdb_tables() where table_name = 'rollup_area'"):
                rollups.refresh(con, periods)
            con.execute("insert or replace into meta values ('generation', ?)", [uuid.uuid4().hex])
            con.execute("checkpoint")
            con.close()
            os.replace(tmp, path)
        except BaseException:
            con.close()
            remove_file(tmp)
            raise


def remove_stale_copies(path: Path):
    for stale in path.parent.glob(path.name + ".tmp-*"):
        remove_file(stale)


def remove_file(p: Path):
    for f in (p, Path(f"{p}.wal")):
        with contextlib.suppress(FileNotFoundError):
            f.unlink()


def file_identity(path: Path):
    """Changes whenever a writer swaps the file in: use it to key cached connections."""
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def reader(path: Path):
    """A read-only connection, memory-capped so a dashboard stays small; big sorts spill to disk.
    Open one per identity: DuckDB reuses an open instance per path."""
    return duckdb.connect(str(path), read_only=True, config={"memory_limit": READER_MEMORY})


def scalar(con, sql, params=None):
    """First value of the first row, or None. fetchall() finishes the result: DuckDB 2 refuses
    some calls (register, for one) while a fetchone() result is still open."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None
