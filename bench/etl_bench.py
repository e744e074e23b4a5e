"""ETL benchmark: ~1,000,000 submission rows for a ~150,000-branch province, as 50 CSV files.

Times `python -m etl load` against DuckDB's bare `read_csv` of the same files, side by side in one
run (medians of --repeat interleaved rounds), and prints the ratio and our peak memory; --before DIR times an
older checkout in the same rounds. Usage: python bench/etl_bench.py [--rows N] [--out DIR] [--before DIR]
With --xlsx: the same generated rows as one ~100,000-row workbook, `python -m etl load` of it against
python-calamine's bare read of it (bench/xlsx_bench.py), and where our time goes.
"""
import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from etl.spec import FORM_FIELDS, REGISTER_FIELDS  # noqa: E402

QUARTERS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]


def generate(out: Path, branches: int, rows: int, files: int):
    """Register + `files` CSV files with Chinese headers, generated inside DuckDB."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"""create table reg as
        select lpad((130000 + (i // 1000))::VARCHAR, 6, '0') || lpad((i % 1000 + 1)::VARCHAR, 6, '0') as branch_code,
               '支部' || i as branch_name, lpad((130000 + (i // 1000))::VARCHAR, 6, '0') as county_code,
               '县' || (i // 1000) as county_name, '镇' || (i // 100) as township,
               ['农村','社区','机关','学校'][1 + i % 4] as org_type
        from range({branches}) t(i)""")
    reg_cols = ", ".join(f"{f.name} as \"{f.header}\"" for f in REGISTER_FIELDS if f.name in
                         ("branch_code", "branch_name", "county_code", "county_name", "township", "org_type"))
    con.execute(f"copy (select {reg_cols} from reg) to '{out}/register.csv' (header true)")
    per_quarter = -(-rows // len(QUARTERS))
    con.execute(f"""create table sub as
        with pairs as (
          select q.period, r.branch_code, r.branch_name, hash(r.branch_code || q.period) as h
          from reg r cross join (select unnest({QUARTERS}) as period) q
          where hash(r.branch_code || q.period) % 1000 < {min(1000, per_quarter * 1000 // branches + 1)}
          order by q.period, r.branch_code limit {rows}),
        v as (
          select *, 20 + h % 60 as members, 30 + h % 90 as expected, (h // 7) % 4 as staff from pairs),
        final as (
          select period, branch_code, branch_name, members as member_count, expected as docs_expected,
                 -- about 1% of rows break a hard check (archived > expected), as real files do
                 case when h % 100 = 0 then expected + 1 else expected - h % 10 end as docs_archived,
                 (expected - h % 10) // 2 as docs_digitised,
                 h % 8 as docs_sampled, (h % 8) // 4 as docs_misclassified,
                 case when h % 3 = 0 then '否' else '是' end as uses_standard_scheme,
                 staff as archive_staff, least(staff, 1) as archive_staff_fulltime,
                 staff // 2 as staff_trained, (staff // 2) * 4 as training_hours,
                 case when h % 5 = 0 then '无' else '有' end as has_archive_room,
                 (h % 500000) / 100 as funds_allocated, (h % 500000) * (50 + h % 50) // 100 / 100 as funds_spent,
                 (h % 500000) * (50 + h % 50) // 100 * 9 // 10 / 100 as funds_designated, 0 as funds_misused,
                 '2026-01-10' as submitted_on, '张三' as reporter,
                 row_number() over (order by period, branch_code) as n
          from v)
        select * from final""")
    cols = ", ".join(f"{f.name} as \"{f.header}\"" for f in FORM_FIELDS)
    total = con.execute("select count(*) from sub").fetchone()[0]
    per_file = -(-total // files)
    paths = []
    for k in range(files):
        path = out / f"sub_{k:03d}.csv"
        con.execute(f"copy (select {cols} from sub where n > {k * per_file} and n <= {(k + 1) * per_file} order by n) "
                    f"to '{path}' (header true)")
        paths.append(path)
    return out / "register.csv", paths, total


def timed(cmd, cwd=ROOT):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def bare_read_script(paths, db):
    files = ", ".join(f"'{p}'" for p in paths)
    return (f"import duckdb; c = duckdb.connect('{db}'); "
            f"c.execute(\"create table t as select * from read_csv([{files}], header=true)\"); c.close()")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--branches", type=int, default=150_000)
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out" / "etl"))
    ap.add_argument("--xlsx", action="store_true", help="benchmark one workbook instead (bench/xlsx_bench.py)")
    ap.add_argument("--xlsx-rows", type=int, default=100_000, help="with --xlsx: rows of the workbook")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of the side-by-side timing")
    ap.add_argument("--xlsx-all-quarters", action="store_true", help="with --xlsx: rows of all 8 quarters, not one")
    ap.add_argument("--before", help="a checkout of older code (git worktree or archive), timed side by side")
    args = ap.parse_args()
    if args.xlsx:
        import xlsx_bench
        return xlsx_bench.main(args, generate, QUARTERS)
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    register, paths, total = generate(out, args.branches, args.rows, args.files)
    print(f"generated {total:,} rows in {len(paths)} files, {args.branches:,} branches ({time.perf_counter() - t0:.1f} s)")

    db = out / "bench.duckdb"
    t_reg = timed([sys.executable, "-m", "etl", "registry", "--db", str(db), str(register)])
    registered = out / "registered.duckdb"
    shutil.copyfile(db, registered)
    old = Path(args.before) if args.before else None
    if old:   # the older code's own register load, so each version reads a file it wrote
        old_registered = out / "registered-before.duckdb"
        timed([sys.executable, "-m", "etl", "registry", "--db", str(old_registered), str(register)], cwd=old)
    bare, load, before = [], [], []
    for _ in range(args.repeat):   # interleaved rounds: the machine is shared, medians side by side
        (out / "bare.duckdb").unlink(missing_ok=True)
        bare.append(timed([sys.executable, "-c", bare_read_script(paths, out / "bare.duckdb")]))
        shutil.copyfile(registered, db)
        load.append(timed([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, paths)]))
        if old:
            shutil.copyfile(old_registered, out / "before.duckdb")
            before.append(timed([sys.executable, "-m", "etl", "load", "--db", str(out / "before.duckdb"),
                                 *map(str, paths)], cwd=old))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    t_again = timed([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, paths)])
    loaded = duckdb.connect(str(db), read_only=True).execute(
        "select count(*), (select count(*) from submission_history) from submissions").fetchone()
    t_bare, t_load = statistics.median(bare), statistics.median(load)

    print(f"medians of {args.repeat} interleaved rounds")
    print(f"register load:           {t_reg:6.2f} s")
    print(f"duckdb bare read_csv:    {t_bare:6.2f} s   ({', '.join(f'{x:.2f}' for x in bare)})")
    print(f"python -m etl load:      {t_load:6.2f} s   ({total / t_load:,.0f} rows/s; {', '.join(f'{x:.2f}' for x in load)})")
    print(f"ratio load / bare read:  {t_load / t_bare:6.2f}")
    if old:
        t_before = statistics.median(before)
        print(f"the same load by {old}: {t_before:6.2f} s   (ratio {t_before / t_bare:.2f}; "
              f"{', '.join(f'{x:.2f}' for x in before)})")
    print(f"reload (all unchanged):  {t_again:6.2f} s")
    print(f"peak memory (max child): {peak_mb:6.0f} MB")
    print(f"rows current / history:  {loaded[0]:,} / {loaded[1]:,}")


if __name__ == "__main__":
    main()
