"""One county's load into the national database: how long an officer waits, and where the time goes.

A county office loads its quarterly file (~1,800 branches) into the 5M-branch database. The writer copies
the whole file first (copy and swap), checks the rows, rebuilds the rollups of that quarter and county
only, and swaps the copy in. Measured side by side in one run: the load, a bare copy of the database file
(the floor of copy and swap), and a full rollup refresh of the same quarter (what the load would cost
without the per-county refresh), and the first file of a new quarter, which builds that quarter for every
county. Usage: python bench/county_bench.py --db bench/out/national.duckdb
(made by `python bench/pages_bench.py --generate-only`); the database is copied to --work first.
"""
import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from etl.spec import FORM_FIELDS  # noqa: E402


def county_file(db: Path, out: Path, period: str, county: str | None, as_period: str | None = None):
    """The county's rows of `period` as its office would send them again, with every count revised (or as
    the rows of a new quarter `as_period`)."""
    con = duckdb.connect(str(db), read_only=True)
    county = county or con.execute("select min(county_code) from branches").fetchall()[0][0]
    cols = ", ".join(
        f"{'docs_archived - 1' if f.name == 'docs_archived' else f.name} as \"{f.header}\"" for f in FORM_FIELDS)
    if as_period:
        cols = cols.replace('period as "', f"'{as_period}' as \"", 1)
    con.execute(f"""copy (select {cols} from submissions where period = '{period}'
                          and branch_code in (select branch_code from branches where county_code = '{county}')
                          order by branch_code) to '{out}' (header true)""")
    rows = con.execute(f"select count(*) from read_csv('{out}')").fetchall()[0][0]
    con.close()
    return county, rows


def timed(cmd):
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)
    return time.perf_counter() - start, done.stdout


def full_refresh_script(db, period):
    return (f"import sys; sys.path.insert(0, {str(ROOT)!r}); import duckdb; from etl import rollups; "
            f"c = duckdb.connect({str(db)!r}); c.begin(); rollups.refresh(c, [{period!r}]); c.rollback()")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "national.duckdb"))
    ap.add_argument("--work", default=str(ROOT / "bench" / "out" / "county"))
    ap.add_argument("--period", default="2025Q4")
    ap.add_argument("--county", help="county code (default: the first)")
    ap.add_argument("--new-period", default="2026Q1", help="the quarter of the first-file-of-a-quarter load")
    args = ap.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "national.duckdb"
    shutil.copyfile(args.db, db)
    csv = work / "county.csv"
    county, rows = county_file(db, csv, args.period, args.county)
    size_gb = db.stat().st_size / 1e9

    start = time.perf_counter()
    shutil.copyfile(db, work / "bare-copy.duckdb")
    t_copy = time.perf_counter() - start
    (work / "bare-copy.duckdb").unlink()
    t_load, out = timed([sys.executable, "-m", "etl", "load", "--db", str(db), "--region", county, str(csv)])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    t_again, _ = timed([sys.executable, "-m", "etl", "load", "--db", str(db), "--region", county, str(csv)])
    t_full, _ = timed([sys.executable, "-c", full_refresh_script(db, args.period)])
    check = duckdb.connect(str(db), read_only=True).execute(
        "select count(*) from submission_revisions").fetchall()[0][0]
    # The first file of a new quarter: that quarter is built for every county (every active branch gets its
    # row as not yet submitted), so it costs a national build of one quarter.
    first = work / "county-new-quarter.csv"
    county_file(db, first, args.period, county, as_period=args.new_period)
    t_first, _ = timed([sys.executable, "-m", "etl", "load", "--db", str(db), "--region", county, str(first)])

    print(f"database: {size_gb:.2f} GB; county {county}: {rows:,} rows of {args.period} revised")
    print(f"one-county load (python -m etl load --region):  {t_load:6.2f} s")
    print(f"bare copy of the database file:                 {t_copy:6.2f} s   (load ÷ copy {t_load / t_copy:.1f})")
    print(f"same file again (unchanged, still copies):      {t_again:6.2f} s")
    print(f"full rollup refresh of {args.period} alone:           {t_full:6.2f} s   (what per-county refresh saves)")
    print(f"first file of a new quarter ({args.new_period}):       {t_first:6.2f} s")
    print(f"peak memory (max child):                        {peak_mb:6.0f} MB")
    print(f"rows moved to submission_revisions:             {check:,}")
    print(out.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
