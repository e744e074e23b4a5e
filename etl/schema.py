"""The tables of the database file, their version, and how an older file is brought up to date.

Each loaded form row is written once: `submissions` holds the current row of each branch and quarter,
`submission_revisions` the rows a later file replaced, and `submission_history` is the view of both.

SCHEMA_VERSION names the layout this code writes. A file of an older known version is migrated by
the writer; a newer or unreadable version is refused (etl.db.DatabaseUnusable), never guessed at.
"""
from etl.spec import FORM_FIELDS, REGISTER_FIELDS

SCHEMA_VERSION = 3

SQL_TYPES = {
    "code": "VARCHAR", "text": "VARCHAR", "county": "VARCHAR", "choice": "VARCHAR",
    "period": "VARCHAR", "count": "INTEGER", "number": "DECIMAL(18,2)",
    "money": "DECIMAL(18,2)", "bool": "BOOLEAN", "date": "DATE",
}


def columns_ddl(fields) -> str:
    return ",\n  ".join(f"{f.name} {SQL_TYPES[f.kind]}" for f in fields)


LOAD_COLUMNS = "load_id INTEGER, source_file VARCHAR, sheet VARCHAR, row_number INTEGER"
ISSUE_COLUMNS = f"""{LOAD_COLUMNS}, branch_code VARCHAR, period VARCHAR,
  reasons VARCHAR, checks VARCHAR[], fields VARCHAR[], raw JSON"""
# The loads table's columns in order: every insert names them, so a migration may add columns.
LOADS_COLUMNS = ("load_id", "kind", "source_file", "source_path", "sha256", "status", "period", "period_source",
                 "rows_loaded", "rows_rejected", "rows_warned", "rows_skipped", "rows_duplicate", "message",
                 "loaded_at", "region")

SUBMISSION_COLUMNS = f"""
  {columns_ddl(FORM_FIELDS)}, source_file VARCHAR, load_id INTEGER, loaded_at TIMESTAMP,
  sheet VARCHAR, row_number INTEGER"""

SCHEMA = f"""
create table if not exists meta (key VARCHAR primary key, value VARCHAR);
create sequence if not exists load_seq start 1;
create table if not exists loads (
  load_id INTEGER primary key, kind VARCHAR, source_file VARCHAR, source_path VARCHAR,
  sha256 VARCHAR, status VARCHAR, period VARCHAR, period_source VARCHAR,
  rows_loaded INTEGER, rows_rejected INTEGER, rows_warned INTEGER, rows_skipped INTEGER,
  rows_duplicate INTEGER, message VARCHAR, loaded_at TIMESTAMP, region VARCHAR);
create table if not exists branches (
  {columns_ddl(REGISTER_FIELDS)}, load_id INTEGER, updated_at TIMESTAMP);
create table if not exists branches_history (
  {columns_ddl(REGISTER_FIELDS)}, {LOAD_COLUMNS});
create table if not exists submissions ({SUBMISSION_COLUMNS});
create table if not exists submission_revisions ({SUBMISSION_COLUMNS});
create or replace view submission_history as
  select * from submissions union all select * from submission_revisions;
create table if not exists row_issues (
  {LOAD_COLUMNS}, branch_code VARCHAR, period VARCHAR, severity VARCHAR,
  check_code VARCHAR, field VARCHAR, message VARCHAR);
create table if not exists rejects ({ISSUE_COLUMNS});
create table if not exists warnings ({ISSUE_COLUMNS});
"""

# version -> SQL that brings a file of that version to the next one.
MIGRATIONS = {
    1: "alter table loads add column if not exists region VARCHAR",  # the region a load was restricted to
    # History was a second copy of every row: keep the current rows where they are (now with their sheet
    # and row), move only the replaced ones to submission_revisions, and make the history a view.
    2: f"""
    alter table submissions add column if not exists sheet VARCHAR;
    alter table submissions add column if not exists row_number INTEGER;
    update submissions s set sheet = h.sheet, row_number = h.row_number from submission_history h
     where h.load_id = s.load_id and h.branch_code = s.branch_code and h.period = s.period;
    create table submission_revisions ({SUBMISSION_COLUMNS});
    insert into submission_revisions
      select {", ".join("h." + f.name for f in FORM_FIELDS)}, h.source_file, h.load_id, l.loaded_at, h.sheet, h.row_number
      from submission_history h left join loads l using (load_id)
      anti join submissions s on s.load_id = h.load_id and s.branch_code = h.branch_code and s.period = h.period;
    drop table submission_history;
    """,
}


def stored_version(con):
    """The file's meta.schema_version as written (text), or None for a file without our tables."""
    if not has_table(con, "meta"):
        return None
    rows = con.execute("select value from meta where key = 'schema_version'").fetchall()
    return rows[0][0] if rows else None


def has_tables(con) -> bool:
    return con.execute("select count(*) from duckdb_tables()").fetchall()[0][0] > 0


def has_table(con, name) -> bool:
    """A base table (not a view) of that name in the file."""
    return con.execute("select count(*) from duckdb_tables() where table_name = ? and schema_name = 'main'",
                       [name]).fetchall()[0][0] > 0


def known_version(text):
    """The version as an int if this code can read it (now or after migrating), else None."""
    try:
        version = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return version if 1 <= version <= SCHEMA_VERSION else None


def ensure_schema(con, version=None):
    """Migrate a file of an older `version`, then create whatever is missing and stamp the version."""
    for v in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
        if v == 2 and not has_table(con, "submission_history"):
            continue        # already laid out as version 3 (only its stamp is older)
        con.execute(MIGRATIONS[v])
    con.execute(SCHEMA)
    con.execute("insert or replace into meta values ('schema_version', ?)", [str(SCHEMA_VERSION)])
