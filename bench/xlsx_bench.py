"""xlsx ETL benchmark (python bench/etl_bench.py --xlsx): one ~100,000-row workbook of the generated rows,
`python -m etl load` of it against python-calamine's bare read, side by side in one run, then a breakdown."""
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from etl.spec import FORM_FIELDS  # noqa: E402

BARE = "from python_calamine import CalamineWorkbook; CalamineWorkbook.from_path({p!r}).get_sheet_by_index(0).to_python()"


def write_workbook(csv_paths, path: Path, period=None):
    """The CSVs' rows (of one period, or all) as an xlsx with a title row, typed cells as Excel keeps them."""
    import xlsxwriter  # faster than openpyxl write_only; shared strings, as Excel and WPS save them
    con = duckdb.connect()
    files = ", ".join(f"'{p}'" for p in csv_paths)
    where = f"where \"统计期\" = '{period}'" if period else ""
    con.execute(f"create table s as select * from read_csv([{files}], header=true) {where}")
    con.execute("alter table s alter \"组织代码\" type VARCHAR")  # codes are text in the template
    book = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("统计表")
    sheet.write_row(0, 0, ["党建工作档案统计表"])
    sheet.write_row(1, 0, [f.header for f in FORM_FIELDS])
    cur, r = con.execute("select * from s"), 2
    while batch := cur.fetchmany(10_000):
        for row in batch:
            sheet.write_row(r, 0, row)
            r += 1
    book.close()
    return r - 2


def timed(cmd, cwd=ROOT):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def side_by_side(xlsx: Path, seeded: Path, out: Path, repeat: int, before=None):
    """Interleaved rounds of the bare read, the CLI's imports, our load (each into a fresh copy of the
    seeded db) and, given `before` (a checkout of older code), that code's load."""
    bare, ours, start, old = [], [], [], []
    for k in range(repeat):
        bare.append(timed([sys.executable, "-c", BARE.format(p=str(xlsx))]))
        start.append(timed([sys.executable, "-c", "import etl.__main__, etl.load"]))
        for name, times, cwd in (("load", ours, ROOT), ("before", old, before)):
            if cwd:
                db = out / f"{name}_{k}.duckdb"
                shutil.copy(seeded, db)
                times.append(timed([sys.executable, "-m", "etl", "load", "--db", str(db), str(xlsx)], cwd))
    loaded = duckdb.connect(str(out / "load_0.duckdb"), read_only=True).execute(
        "select count(*) from submissions").fetchone()[0]
    return bare, ours, start, old, loaded


class Timers:
    """Wraps module functions by name and sums their wall time (nested ones are reported on their own)."""

    def __init__(self):
        self.spent, self.undo = {}, []

    def wrap(self, module, name, label=None):
        fn = getattr(module, name)
        label = label or name

        def timed_fn(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                self.spent[label] = self.spent.get(label, 0) + time.perf_counter() - t
        setattr(module, name, timed_fn)
        self.undo.append((module, name, fn))

    def restore(self):
        for module, name, fn in reversed(self.undo):
            setattr(module, name, fn)


def reader_breakdown(xlsx: Path):
    """What the reader process does, run here in-process: the safety checks, calamine + cell text, pickling."""
    from python_calamine import CalamineWorkbook
    from etl import excel
    data = xlsx.read_bytes()
    t = Timers()
    t.wrap(excel, "prepare_xlsx", "reader: prepare_xlsx (zip + XML safety checks)")
    t.wrap(excel, "read_sheet", "reader: calamine rows + cell text")
    start = time.perf_counter()
    sheets = excel.read_workbook(str(xlsx))
    t.spent["reader: read_workbook total"] = time.perf_counter() - start
    t.restore()
    start = time.perf_counter()
    CalamineWorkbook.from_filelike(__import__("io").BytesIO(data)).get_sheet_by_index(0).to_python()
    t.spent["(calamine bare to_python, in-process)"] = time.perf_counter() - start
    start = time.perf_counter()
    blob = pickle.dumps({"sheets": sheets}, protocol=pickle.HIGHEST_PROTOCOL)
    t.spent[f"reader: pickle.dumps ({len(blob) >> 20} MB)"] = time.perf_counter() - start
    start = time.perf_counter()
    pickle.loads(blob)
    t.spent["loader: pickle.loads"] = time.perf_counter() - start
    return t.spent


def load_breakdown(xlsx: Path, seeded: Path, out: Path):
    """One in-process load with timers on each stage from the reader's answer to the commit."""
    import shutil as sh
    from etl import excel, load, reading, rollups, staging
    db = out / "profile.duckdb"
    shutil.copy(seeded, db)
    excel.READER.read(ROOT / "tests" / "fixtures" / "variants" / "template.xlsx")  # a warm reader process
    t = Timers()
    t.wrap(excel.READER, "read", "reader round trip (read + pickle + pipe)")
    t.wrap(reading, "from_workbook")
    t.wrap(reading, "blocks_of", "from_workbook: blocks_of")
    t.wrap(reading, "find_header", "blocks_of: find_header")
    t.wrap(reading, "rows_to_arrow", "stage_rows: rows_to_arrow")
    t.wrap(staging, "stage_rows")
    t.wrap(load, "parse", "SQL parse + checks")
    t.wrap(load, "commit_batch", "SQL commit")
    t.wrap(load, "sha256_of", "sha256 of the file")
    t.wrap(sh, "copyfile", "writer: copy of the database")
    t.wrap(rollups, "apply", "writer: rollups refresh (every load, any format)")
    start = time.perf_counter()
    [r] = load.load_submissions(db, [xlsx])
    t.spent["load_submissions total (warm reader)"] = time.perf_counter() - start
    t.restore()
    start = time.perf_counter()
    excel.READER.stop()
    excel.READER.start()
    excel.READER.read(ROOT / "tests" / "fixtures" / "variants" / "template.xlsx")
    t.spent["reader process start + tiny read"] = time.perf_counter() - start
    excel.READER.stop()
    assert r.status == "loaded", r.message
    return t.spent


def main(args, generate, QUARTERS):
    """One quarter's ~100,000 rows (of 8 quarters generated), or with --xlsx-all-quarters the first
    rows of all 8: a load rebuilds the rollups of every quarter it touches, which is not xlsx work."""
    out = Path(args.out).with_name("etl_xlsx")
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    spread = args.xlsx_all_quarters
    register, paths, _ = generate(out, args.branches, args.xlsx_rows * (1 if spread else len(QUARTERS)),
                                  1 if spread else len(QUARTERS))
    xlsx = out / "sub_2025.xlsx"
    n = write_workbook(paths, xlsx, None if spread else QUARTERS[-1])
    print(f"generated {n:,} rows as {xlsx.name}, {xlsx.stat().st_size >> 20} MB ({time.perf_counter() - t0:.1f} s)")
    seeded = out / "seeded.duckdb"
    t_reg = timed([sys.executable, "-m", "etl", "registry", "--db", str(seeded), str(register)])
    before = Path(args.before).resolve() if args.before else None
    bare, ours, start, old, loaded = side_by_side(xlsx, seeded, out, args.repeat, before)
    print(f"register load:                 {t_reg:6.2f} s")
    rounds = [("calamine bare read (subprocess):", bare), ("python -m etl load:", ours),
              ("(python start + the CLI's imports)", start)] + ([(f"load by {before.name}:", old)] if old else [])
    for label, times in rounds:
        print(f"{label:<34}" + "  ".join(f"{x:5.2f}" for x in times) + " s")
    for label, times in [("ratio load / bare read", ours)] + ([(f"ratio {before.name} / bare read", old)] if old else []):
        ratios = [o / b for o, b in zip(times, bare)]
        print(f"{label}: per round " + "  ".join(f"{x:5.2f}" for x in ratios) + f"; median {statistics.median(ratios):.2f}")
    print(f"rows loaded: {loaded:,}")
    try:
        from etl import columns  # noqa: F401 - imported before the timers, as the reader process does at start
    except ImportError:  # older code (--before's checkout run by itself) has no etl/columns.py
        pass
    print("\nbreakdown (in-process, seconds; nested stages are included in their parents):")
    spent = {**reader_breakdown(xlsx), **load_breakdown(xlsx, seeded, out)}
    for label, s in spent.items():
        print(f"  {label:<52} {s:6.2f}")
    path = spent["reader round trip (read + pickle + pipe)"] + spent["from_workbook"] + spent["stage_rows"]
    print(f"calamine to staged table (reader round trip + from_workbook + stage_rows): {path:.2f} s, "
          f"{path / spent['(calamine bare to_python, in-process)']:.2f} x calamine's bare read in-process")
