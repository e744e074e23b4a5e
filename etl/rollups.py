"""Apply queries/build/ to the database: the indicator macros and the rollups the dashboard reads.

The code, not the file, decides what is built: every writer session re-applies every macro, and
rebuilds every rollup when queries/build/ changed since the file was last built (meta build_hash)
or a rollup is missing. Otherwise a load of quarterly forms rebuilds only the quarters and counties it
touched (a county's office loading its file into the national database rebuilds that county), and a
register change (names, regions, status reach every quarter) rebuilds everything.
"""
import hashlib
from pathlib import Path

from etl.schema import has_table

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "queries" / "build"
ROLLUPS = ("branch_quarter", "rollup_area")   # and load_counties, counted once per load
# In the order they must run: the rollup files define the {table}_rows macros the tables are built from,
# access.sql names the rollup tables and scores.sql reads access.sql's branch_rows.
MACRO_FILES = ("macros.sql", "stats.sql")
AFTER_ROLLUPS = ("access.sql", "scores.sql")


def run_file(con, name):
    con.execute((BUILD / name).read_text(encoding="utf-8"))


def build_hash() -> str:
    """Changes whenever any file of queries/build/ changes."""
    h = hashlib.sha256()
    for p in sorted(BUILD.glob("*.sql")):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    h.update(constants().encode())
    return h.hexdigest()


def constants() -> str:
    """SQL macros for the constants the domain sets in Python, so SQL and Python never disagree."""
    from domain.stats import PRIOR_STRENGTH
    return f"create or replace macro prior_strength() as {int(PRIOR_STRENGTH)};"


def with_misuse_window(con, periods):
    """The loaded quarters and the 3 after each that exist: branch_quarter's misused_recent of a quarter
    sums the misuse of that quarter and the 3 before it."""
    if not periods:
        return periods
    existing = {r[0] for r in con.execute("select distinct period from submissions").fetchall()}
    following = {con.execute("select quarter_shift($p, $k)", {"p": p, "k": k}).fetchall()[0][0]
                 for p in periods for k in (1, 2, 3)}
    return sorted(set(periods) | (following & existing))


def refresh(con, periods=None, counties=None):
    """Re-apply every macro and rebuild the rollups for `periods` (a list of 'YYYYQn') of `counties` (a list
    of county codes), all when None; an empty list of periods re-applies the macros only."""
    con.execute(constants())
    for name in MACRO_FILES:
        run_file(con, name)
    periods = with_misuse_window(con, periods)
    existing = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    for table in ROLLUPS:
        run_file(con, f"{table}.sql")  # the {table}_rows macro, which may read the rollup before it
        if periods is None or table not in existing:
            con.execute(f"create or replace table {table} as select * from {table}_rows(NULL, NULL)")
        elif periods:
            where = {"periods": periods, "counties": counties}
            con.execute(f"""delete from {table} where list_contains($periods, period)
                            and ($counties is null or list_contains($counties, county_code))""", where)
            con.execute(f"insert into {table} select * from {table}_rows($periods, $counties)", where)
    run_file(con, "load_counties.sql")
    if periods is None or "load_counties" not in existing:
        con.execute("create or replace table load_counties as select * from load_counties_rows(0)")
    else:   # only the loads not counted yet
        con.execute("insert into load_counties select * from load_counties_rows("
                    "(select coalesce(max(load_id), 0) from load_counties))")
    for name in AFTER_ROLLUPS:
        run_file(con, name)
    con.execute("insert or replace into meta values ('build_hash', ?)", [build_hash()])


def apply(con, after_load_id):
    """What a writer session does before it swaps the file in: see the module docstring."""
    stored = con.execute("select value from meta where key = 'build_hash'").fetchall()
    periods, counties = changes(con, after_load_id)
    if not stored or stored[0][0] != build_hash():
        periods = None
    refresh(con, periods, counties)


def changes(con, after_load_id):
    """What the loads since `after_load_id` changed: (None, None) for everything, else (quarters, counties);
    counties None for every county."""
    rows = con.execute("select kind, period from loads where load_id > ? and status = 'loaded'",
                       [after_load_id]).fetchall()
    if any(kind == "register" for kind, _ in rows):
        return None, None
    periods = sorted({p for _, periods in rows if periods for p in periods.split("、")})
    if not periods:
        return [], []
    if set(periods) - built_periods(con):
        # a quarter seen for the first time: every county's active branches get their rows in it (as not
        # having submitted yet), not only the counties that loaded
        return periods, None
    # the counties of the rows these loads wrote, by the register (a branch's rows roll up to its county)
    counties = [c for (c,) in con.execute("""select distinct b.county_code from submissions s
        join branches b using (branch_code) where s.load_id > ? order by 1""", [after_load_id]).fetchall()]
    return periods, counties


def built_periods(con) -> set:
    """The quarters branch_quarter holds (none when it does not exist yet)."""
    if not has_table(con, "branch_quarter"):
        return set()
    return {p for (p,) in con.execute("select distinct period from branch_quarter").fetchall()}


def rebuild(db):
    """python -m etl rebuild: every macro and every rollup, through the writer (copy and swap)."""
    from etl.db import writer
    with writer(db, create=False) as con:
        con.execute("delete from meta where key = 'build_hash'")  # so the session rebuilds everything
