"""Refresh what the dashboard reads besides the raw tables: indicator macros and the rollups.

A load of quarterly forms rebuilds only the quarters it touched; a register change (names, regions,
status reach every quarter) or a first build rebuilds everything.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "queries" / "build"
ROLLUPS = ("branch_quarter", "rollup_area")


def run_file(con, name):
    con.execute((BUILD / name).read_text(encoding="utf-8"))


def refresh(con, periods=None):
    """Rebuild the rollups for `periods` (a list of 'YYYYQn'), or all of them when None."""
    for name in ("macros.sql", "stats.sql"):
        run_file(con, name)
    existing = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    for table in ROLLUPS:
        run_file(con, f"{table}.sql")  # the {table}_rows macro, which may read the rollup before it
        if periods is None or table not in existing:
            con.execute(f"create or replace table {table} as select * from {table}_rows(NULL)")
        else:
            con.execute(f"delete from {table} where list_contains($periods, period)", {"periods": periods})
            con.execute(f"insert into {table} select * from {table}_rows($periods)", {"periods": periods})
    run_file(con, "access.sql")
    run_file(con, "scores.sql")  # reads branch_rows, from access.sql


def periods_to_refresh(con, after_load_id):
    """What the loads since `after_load_id` changed: None (everything), a list of quarters, or []."""
    rows = con.execute("select kind, period from loads where load_id > ? and status = 'loaded'",
                       [after_load_id]).fetchall()
    if any(kind == "register" for kind, _ in rows):
        return None
    return sorted({p for _, periods in rows if periods for p in periods.split("、")})
