"""Page benchmark at national scale: ~5,000,000 branches in ~2,800 counties of 31 provinces, 4 quarters.

The database is generated directly in DuckDB (then the ETL's own rollup refresh runs). Each page is
run with AppTest: first run with empty caches (cold) and a filter change (warm). In the same run the
bare SQL of every query the page issued is timed on its own, and page time ÷ SQL time is printed,
with the process's peak memory. Usage: python bench/pages_bench.py [--branches N] [--db PATH] [--reuse]
"""
import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import rollups  # noqa: E402
from etl.db import ensure_schema, reader  # noqa: E402

QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
BENCH_USER = "bench"
PAGES = ["dashboard.py", "pages/completeness.py", "pages/classification.py", "pages/staff.py",
         "pages/funds.py", "pages/branch.py", "pages/weak.py", "pages/allocation.py", "pages/briefing.py",
         "pages/data_desk.py"]


def generate(path: Path, branches: int):
    """31 provinces × 10 cities × 9 counties, branches spread evenly, ~95% submitting each quarter."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    ensure_schema(con)
    per_county = branches // 2790
    con.execute(f"""insert into branches
        with c as (
          select (11 + p)::VARCHAR || lpad((1 + ci)::VARCHAR, 2, '0') || lpad((1 + co)::VARCHAR, 2, '0') as county_code,
                 '省' || (11 + p) as province_name, '市' || (11 + p) || '-' || (1 + ci) as city_name
          from range(31) a(p), range(10) b(ci), range(9) d(co)),
        b as (select c.*, i from c, range({per_county}) r(i))
        select county_code || lpad(i::VARCHAR, 6, '0'), '支部' || county_code || '-' || i, county_code,
               '县' || county_code, '镇' || (i % 15),
               ['农村','社区','机关','学校','事业单位','国有企业','非公有制企业','社会组织','其他'][1 + i % 9],
               city_name, province_name, case when i % 97 = 0 then '撤销' else '正常' end,
               '联系人' || (i % 100), '1390000' || lpad((i % 10000)::VARCHAR, 4, '0'), 0, now()
        from b""")
    con.execute(f"""insert into submissions
        with p as (select unnest({QUARTERS}) as period),
        x as (select p.period, b.branch_code, b.branch_name, hash(b.branch_code || p.period) as h
              from branches b, p where hash(b.branch_code || p.period) % 100 < 95),
        v as (select *, 30 + h % 90 as expected, (h // 7) % 4 as staff, (h // 11) % 400000 as alloc from x)
        select period, branch_code, branch_name, 5 + h % 60, expected, expected - h % 12,
               (expected - h % 12) // 2, h % 9, (h % 9) // 4, h % 3 > 0, staff, least(staff, (h // 13) % 2),
               staff // 2, (staff // 2) * 4, h % 5 > 0, alloc / 100, alloc * (40 + h % 60) // 100 / 100,
               alloc * (40 + h % 60) // 100 * 9 // 10 / 100,
               case when h % 1000 = 0 then alloc * (40 + h % 60) // 100 // 20 / 100 else 0 end,
               date '2026-01-10', '张三', 'bench', 0, now(), NULL, NULL
        from v""")
    start = time.perf_counter()
    rollups.refresh(con)
    refresh = time.perf_counter() - start
    con.execute("insert or replace into meta values ('generation', 'bench')")
    counts = con.execute("select (select count(*) from branches), (select count(*) from submissions)").fetchall()[0]
    con.close()
    return counts, refresh


class Recorder:
    """Wraps warehouse.queries.execute to record the bound questions a page issues, for timing the bare SQL after."""

    def __init__(self):
        from warehouse import queries
        self.queries, self.original, self.calls = queries, queries.execute, []

    def __enter__(self):
        def recording(bound, via=None, path=None):
            self.calls.append(bound)
            return self.original(bound, via, path)
        self.queries.execute = recording
        return self

    def __exit__(self, *exc):
        self.queries.execute = self.original


def bare_sql_seconds(db: Path, calls, each: dict | None = None) -> float:
    """The page's questions run bare on a fresh snapshot connection; `each` collects seconds per question."""
    from warehouse.connection import open_snapshot
    from warehouse.queries import fetch
    con = open_snapshot(db)   # a connection of its own, as the dashboard opens them
    start = time.perf_counter()
    for bound in calls:
        one = time.perf_counter()
        fetch(con, bound)
        if each is not None:
            each[bound.name] = each.get(bound.name, 0) + time.perf_counter() - one
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def run_page(page, db, county, branch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["branch"] = branch
    at.session_state["user_name"] = BENCH_USER          # logged in as an administrator (see main)
    with Recorder() as rec:
        if page != "dashboard.py":
            at.run()  # reach the page the way a user does, then measure it with empty caches
            at.switch_page(page)
        st.cache_data.clear()
        rec.calls.clear()
        start = time.perf_counter()
        at.run()
        cold = time.perf_counter() - start
        cold_calls = list(rec.calls)
        rec.calls.clear()
        start = time.perf_counter()
        at.session_state["county"] = county
        at.run()
        warm = time.perf_counter() - start
        warm_calls = list(rec.calls)
    errors = [e.message for e in at.exception]
    return cold, warm, cold_calls, warm_calls, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--branches", type=int, default=5_000_000)
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "national.duckdb"))
    ap.add_argument("--reuse", action="store_true", help="reuse an existing database")
    ap.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--queries", action="store_true", help="print each page's slowest questions")
    ap.add_argument("--pages", nargs="*", help="only these pages (e.g. pages/weak.py)")
    args = ap.parse_args()
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    if args.generate_only:
        start = time.perf_counter()
        (n_branches, n_rows), refresh = generate(db, args.branches)
        print(f"generated {n_branches:,} branches, {n_rows:,} submissions in {time.perf_counter() - start:.0f} s "
              f"(rollup refresh {refresh:.1f} s); file {db.stat().st_size / 1e9:.2f} GB")
        return
    if not (args.reuse and db.exists()):  # in its own process, so peak memory below is the pages' alone
        subprocess.run([sys.executable, __file__, "--generate-only", "--branches", str(args.branches),
                        "--db", str(db)], check=True)
    os.environ["ARCHIVES_DB"] = str(db)
    os.environ["ARCHIVES_APP_DB"] = str(db.parent / "bench_app.sqlite")
    from ops import users
    if users.get(BENCH_USER) is None:
        users.add(BENCH_USER, "admin", None, "bench password, not a secret")
    con = reader(db)
    county, branch = con.execute("select county_code, min(branch_code) from branches group by 1 order by 1 limit 1 offset 1000").fetchall()[0]
    con.close()

    run_page("dashboard.py", db, county, branch)  # imports, so that "cold" means cold caches, not cold Python
    print(f"{'page':28} {'cold s':>7} {'warm s':>7} {'SQL cold':>9} {'SQL warm':>9} {'cold/SQL':>9} {'warm/SQL':>9}")
    for page in args.pages or PAGES:
        if not (ROOT / page).exists():
            continue
        cold, warm, cold_calls, warm_calls, errors = run_page(page, db, county, branch)
        each = {}
        sql_cold, sql_warm = bare_sql_seconds(db, cold_calls, each), bare_sql_seconds(db, warm_calls)
        note = f"  ERRORS: {errors}" if errors else ""
        print(f"{page:28} {cold:7.2f} {warm:7.2f} {sql_cold:9.2f} {sql_warm:9.2f} "
              f"{cold / max(sql_cold, 1e-3):9.2f} {warm / max(sql_warm, 1e-3):9.2f}{note}")
        if args.queries:
            slowest = sorted(each.items(), key=lambda kv: -kv[1])[:4]
            print("    slowest questions (cold): " + ", ".join(f"{n} {s:.2f} s" for n, s in slowest))
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
