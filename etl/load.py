"""Load register and submission files into DuckDB: read, check in SQL, commit each file whole.

Files are staged and checked in batches (set-based SQL over many files is far faster than file by
file), then committed in one transaction on the writer's private copy of the database, so every
file's good rows, rejects, warnings and `loads` entry land together or not at all. If a batch
fails to commit, its files are retried one by one so one bad file cannot sink the others.
"""
import datetime
import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from etl import checks, reading
from etl.db import scalar, writer
from etl.spec import FORM_FIELDS, REGISTER_FIELDS
from etl.sqlparse import parse_expressions

# Labels of rows that are not branches. Not a bare 单位: 事业单位 is an org type.
SKIP_WORDS = "合计|总计|小计|金额单位|单位[:：]|^单位|填表说明|^说明|^注[:：]|制表人|审核人|填表人[:：]"
PERIOD_SOURCES = {"column": "统计期列", "title": "标题行", "filename": "文件名", "option": "--period 参数"}
BATCH_ROWS = 200_000  # bounds memory: a batch is staged and checked in one go


@dataclass
class FileResult:
    path: Path
    status: str = "failed"     # loaded, unchanged, failed
    loaded: int = 0
    rejected: int = 0
    warned: int = 0
    skipped: int = 0
    duplicate: int = 0
    periods: list = field(default_factory=list)
    period_source: str = ""
    message: str = ""
    load_id: int | None = None
    sha256: str | None = None

    @property
    def ok(self):
        return self.status != "failed"


@dataclass
class Form:
    """What differs between the register and the quarterly form."""
    kind: str
    fields: tuple
    key: tuple
    substance: tuple            # fields whose presence makes a row a real record, not a blank or a label
    checks: object
    commit: object


@dataclass
class StagedFile:
    index: int                  # position in the batch
    result: FileResult
    sheets: list = field(default_factory=list)
    sheet_indexes: list = field(default_factory=list)
    rows: int = 0


# ---------------------------------------------------------------- staging one file

def stage_sheet(con, i, sheet):
    """Temp table raw_i: text columns c0.. and row_number. Returns its width."""
    if sheet.csv_path is not None and stage_csv_fast(con, i, sheet):
        return sheet.csv_width
    if sheet.csv_path is not None:
        reading.csv_rows_in_python(sheet)
    width = max([len(r) for r in sheet.rows] + [max(c.index for c in sheet.columns) + 1])
    con.register(f"arrow_{i}", reading.rows_to_arrow(sheet, width))
    con.execute(f"create or replace temp table raw_{i} as select * from arrow_{i}")
    con.unregister(f"arrow_{i}")
    return width


def stage_csv_fast(con, i, sheet):
    """Let DuckDB read the CSV; valid only when each record after the header is one line."""
    cols = ", ".join(f"'c{j}': 'VARCHAR'" for j in range(sheet.csv_width))
    path = str(sheet.csv_path).replace("'", "''")
    delim = "\\t" if sheet.csv_delim == "\t" else ","
    try:
        con.execute(f"""create or replace temp table raw_{i} as
            select ({sheet.csv_first_line - 1} + row_number() over ())::INTEGER as row_number, *
            from read_csv('{path}', header=false, skip={sheet.csv_skip}, delim=E'{delim}', quote='"',
                          escape='"', all_varchar=true, null_padding=true, columns={{{cols}}})""")
    except Exception:
        return False
    count, first = con.execute(
        f"select count(*), any_value(c0) filter (where row_number = {sheet.csv_first_line}) from raw_{i}").fetchall()[0]
    expected_first = (sheet.csv_first_record or [None])[0] or None
    if count == sheet.csv_lines_after and (first or None) == expected_first:
        return True
    con.execute(f"drop table raw_{i}")
    return False


def mapped_select(i, file_index, sheet, fields, width):
    by_field = {c.field: c for c in sheet.columns}
    all_cells = ", ".join(f"c{j}" for j in range(width))
    code = by_field.get("branch_code")
    code_col = f"c{code.index}" if code else "NULL"
    parts = [f"{file_index} as file_index", f"{i} as sheet_index",
             f"{checks.q(sheet.name) if sheet.name else 'NULL'}::VARCHAR as sheet", "row_number",
             # The whole row as text, only where the code is not a number: to spot 合计 and title rows.
             f"case when try_cast({code_col} as HUGEINT) is null then concat_ws(' ', {all_cells}) end as _text"]
    for f in fields:
        col = by_field.get(f.name)
        parts.append(f"nullif(c{col.index}, '')::VARCHAR as v_{f.name}" if col else f"NULL::VARCHAR as v_{f.name}")
        if f.kind == "money":
            parts.append(f"{col.multiplier if col else 1} as m_{f.name}")
    return f"select {', '.join(parts)} from raw_{i}"


def resolve_periods(sheets, path, option_period):
    """Per sheet: (fallback period, where it came from). The 统计期 column still wins row by row."""
    out = []
    for sheet in sheets:
        found = [(reading.parse_period(" ".join(sheet.above_header)), "title"),
                 (reading.parse_period(path.stem), "filename"),
                 (option_period, "option")]
        out.append(next(((p, s) for p, s in found if p), (None, None)))
    return out


def check_required_columns(form, sheets):
    needed = [f for f in form.fields if f.required or (form.kind == "form" and f.kind in ("count", "money", "number"))]
    for sheet in sheets:
        present = {c.field for c in sheet.columns}
        missing = [f.header for f in needed if f.name not in present]
        if missing:
            where = f"工作表「{sheet.name}」" if sheet.name else "文件"
            raise reading.UnreadableFile(f"{where}缺少必需的列:{'、'.join(missing)}")


def stage_file(con, form, staged: StagedFile, first_sheet, option_period, workdir):
    """Read one file into raw tables; returns its sheet selects for `mapped` and sheet_info rows."""
    path, result = staged.result.path, staged.result
    sheets = reading.read_sheets(path, form.fields, "branch_code", workdir)
    check_required_columns(form, sheets)
    periods = resolve_periods(sheets, path, option_period)
    has_column = [("period" in {c.field for c in s.columns}) for s in sheets]
    if form.kind == "form" and any(p is None and not col for (p, _), col in zip(periods, has_column)):
        raise reading.UnreadableFile("找不到统计期:文件中没有统计期列,标题和文件名中也没有;请用 --period 指定,如 --period 2025Q4")
    selects, infos = [], []
    for k, sheet in enumerate(sheets):
        i = first_sheet + k
        width = stage_sheet(con, i, sheet)
        selects.append(mapped_select(i, staged.index, sheet, form.fields, width))
        infos.append((i, staged.index, periods[k][0]))
        staged.rows += scalar(con, f"select count(*) from raw_{i}")
    staged.sheets, staged.sheet_indexes = sheets, [i for i, _, _ in infos]
    result.skipped = sum(s.skipped_above for s in sheets)
    sources = ["column"] if any(has_column) else sorted({s for _, s in periods if s})
    result.period_source = "、".join(PERIOD_SOURCES[s] for s in sources if form.kind == "form")
    return selects, infos


# ---------------------------------------------------------------- parsing and checking a batch

def parse(con, form, selects, infos):
    """`stage`: every data row parsed and flagged; `parsed`: the rows to check (no skips, no repeats)."""
    con.execute("create or replace temp view mapped as " + " union all ".join(selects))
    con.execute("create or replace temp table sheet_info (sheet_index INTEGER, file_index INTEGER, file_period VARCHAR)")
    con.executemany("insert into sheet_info values (?, ?, ?)", infos)
    period_map(con, form)
    numeric, values = [], []
    for f in form.fields:
        n, value = parse_expressions(f)
        if n:
            numeric.append(f"{n} as n_{f.name}")
        values.append(f"{value} as {f.name}")
    substance = " or ".join(
        f"regexp_matches(coalesce(v_{name}, ''), '\\d')" if name != "branch_name" else f"v_{name} is not null"
        for name in form.substance)
    key = ", ".join(("file_index",) + form.key)
    has_key = " and ".join(f"{k} is not null" for k in form.key)
    # Unparseable cells count with their raw text, so two different typos are not "identical".
    content = ", ".join(f"{f.name}, case when {f.name} is null then v_{f.name} end" for f in form.fields)
    join_period = ("left join period_map pm on pm.raw = numbers.v_period left join sheet_info si using (sheet_index)"
                   if form.kind == "form" else "")
    con.execute(f"""create or replace temp table stage as
        with numbers as (select m.*, {', '.join(numeric) if numeric else '1 as _none'} from mapped m),
        parsed_values as (select numbers.*, {', '.join(values)} from numbers {join_period}),
        final as (
          select *, coalesce(_text is not null and (regexp_matches(_text, '{SKIP_WORDS}') or not ({substance})), false)
                      as is_skipped,
                 false as is_repeat, false as is_rejected
          from parsed_values)
        select * from final""")
    # Rows of one file sharing a key are rare: hash their contents only, to find identical repeats.
    con.execute(f"""create or replace temp table repeats as
        with keyed as (select * from stage where not is_skipped and {has_key}),
        shared as (select * from keyed semi join (select {key} from keyed group by all having count(*) > 1)
                   using ({key})),
        ranked as (select file_index, sheet_index, row_number,
                          row_number() over (partition by {key}, hash({content}) order by sheet_index, row_number) as rank
                   from shared),
        final as (select file_index, sheet_index, row_number from ranked where rank > 1)
        select * from final""")
    # Flags set by UPDATE on the few rows concerned: cheaper than copying the batch through anti joins.
    mark_rows(con, "is_repeat", "repeats")
    con.execute("create or replace temp view parsed as select * from stage where not is_skipped and not is_repeat")
    con.execute(f"""create or replace temp table conflicts as
        select {key}, count(*) as dup_count,
               string_agg(coalesce(sheet || ' ', '') || '第' || row_number || '行', '、' order by sheet_index, row_number) as dup_rows
        from parsed where {has_key} group by all having count(*) > 1""")
    con.execute(f"create or replace temp table issues as {' union all '.join(form.checks())}")


def mark_rows(con, flag, table):
    con.execute(f"""update stage set {flag} = true from {table} t
                    where stage.sheet_index = t.sheet_index and stage.row_number = t.row_number""")


def period_map(con, form):
    con.execute("create or replace temp table period_map (raw VARCHAR, period VARCHAR)")
    if form.kind != "form":
        return
    raws = [r[0] for r in con.execute("select distinct v_period from mapped where v_period is not null").fetchall()]
    if raws:
        con.executemany("insert into period_map values (?, ?)", [(r, reading.parse_period(r)) for r in raws])


# ---------------------------------------------------------------- committing a batch

def commit_issues(con, form):
    code_shown = "coalesce(p.branch_code, p.v_branch_code)"
    period_shown = "p.period" if form.kind == "form" else "NULL"
    raw = "json_object(" + ", ".join(f"'{f.name}', p.v_{f.name}" for f in form.fields) + ")"
    con.execute(f"""insert into row_issues
        select bf.load_id, bf.source_file, i.sheet, i.row_number, {code_shown}, {period_shown},
               i.severity, i.check_code, i.field, i.message
        from issues i join parsed p using (sheet_index, row_number) join batch_files bf using (file_index)""")
    con.execute("""create or replace temp table rejected as
        select distinct sheet_index, row_number from issues where severity = 'error'""")
    # Rejects keep the row as it was written, for the 退回修改清单; warnings are on loaded rows.
    for table, severity, raw_sql, rows in (("rejects", "error", raw, "issues"),
                                           ("warnings", "warning", "NULL", "issues anti join rejected using (sheet_index, row_number)")):
        con.execute(f"""insert into {table}
            with grouped as (
              select sheet_index, row_number, string_agg(message, ';' order by field, check_code) as reasons,
                     list(check_code order by field, check_code) as checks, list(field order by field, check_code) as fields
              from {rows} where severity = '{severity}' group by all)
            select bf.load_id, bf.source_file, p.sheet, p.row_number, {code_shown}, {period_shown},
                   g.reasons, g.checks, g.fields, {raw_sql}
            from grouped g join parsed p using (sheet_index, row_number) join batch_files bf using (file_index)""")
    mark_rows(con, "is_rejected", "rejected")
    con.execute("create or replace temp view good as select * from parsed where not is_rejected")


def latest_good(con, key):
    """Within a batch, a key's row from the last file wins, as if the files were loaded one by one."""
    con.execute(f"""create or replace temp view latest as
        with repeated as (select {key}, max(file_index) as last_file from good group by all having count(*) > 1),
        superseded as (select g.sheet_index, g.row_number from good g join repeated r using ({key})
                       where g.file_index < r.last_file)
        select g.*, bf.load_id, bf.source_file
        from good g anti join superseded using (sheet_index, row_number) join batch_files bf using (file_index)""")


def commit_form(con, now):
    cols = ", ".join(f.name for f in FORM_FIELDS)
    con.execute(f"""insert into submission_history
        select {cols}, bf.load_id, bf.source_file, sheet, row_number from good join batch_files bf using (file_index)""")
    latest_good(con, "branch_code, period")
    con.execute("delete from submissions s using latest l where s.branch_code = l.branch_code and s.period = l.period")
    con.execute(f"insert into submissions select {cols}, source_file, load_id, ?::TIMESTAMP from latest", [now])


def commit_register(con, now):
    cols = ", ".join("coalesce(status, '正常')" if f.name == "status" else f.name for f in REGISTER_FIELDS)
    con.execute(f"""insert into branches_history
        select {cols}, bf.load_id, bf.source_file, sheet, row_number from good join batch_files bf using (file_index)""")
    latest_good(con, "branch_code")
    # Optional fields a file leaves blank keep what the register already knew.
    merged = ", ".join(f"l.{f.name}" if f.required else
                       ("coalesce(l.status, b.status, '正常')" if f.name == "status" else f"coalesce(l.{f.name}, b.{f.name})")
                       for f in REGISTER_FIELDS)
    con.execute(f"""create or replace temp table register_new as
        select {merged}, l.load_id, ?::TIMESTAMP as updated_at
        from latest l left join branches b on b.branch_code = l.branch_code""", [now])
    con.execute("delete from branches b using register_new n where b.branch_code = n.branch_code")
    con.execute("insert into branches select * from register_new")


def file_counts(con, form):
    """Per file of the batch: loaded, rejected, warned, skipped and repeated rows, and its periods."""
    periods = "string_agg(distinct period, '、' order by period)" if form.kind == "form" else "NULL"
    rows = con.execute(f"""
        with files as (select distinct file_index from sheet_info),
        loaded as (select file_index, count(*) as n, {periods} as periods from good group by all),
        rejected_rows as (select file_index, count(*) as n from rejected join sheet_info using (sheet_index) group by all),
        warned as (select file_index, count(distinct (sheet_index, row_number)) as n
                   from issues anti join rejected using (sheet_index, row_number) join sheet_info using (sheet_index)
                   where severity = 'warning' group by all),
        skipped as (select file_index, count(*) as n from stage where is_skipped group by all),
        repeated as (select file_index, count(*) as n from repeats group by all)
        select file_index, coalesce(loaded.n, 0), coalesce(rejected_rows.n, 0), coalesce(warned.n, 0),
               coalesce(skipped.n, 0), coalesce(repeated.n, 0), loaded.periods
        from files left join loaded using (file_index) left join rejected_rows using (file_index)
             left join warned using (file_index) left join skipped using (file_index) left join repeated using (file_index)
        """).fetchall()
    return {r[0]: r[1:] for r in rows}


SUBMISSION_FORM = Form("form", FORM_FIELDS, ("branch_code", "period"),
                       tuple(f.name for f in FORM_FIELDS if f.kind in ("count", "money", "number")) + ("branch_name",),
                       checks.form_checks, commit_form)
REGISTER_FORM = Form("register", REGISTER_FIELDS, ("branch_code",),
                     ("branch_name", "county_code", "county_name", "township", "org_type"),
                     checks.register_checks, commit_register)


# ---------------------------------------------------------------- the loads table

def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def record_load(con, form, r: FileResult, now):
    r.load_id = scalar(con, "select nextval('load_seq')")
    con.execute("insert into loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [r.load_id, form.kind, r.path.name, str(r.path), r.sha256, r.status, "、".join(r.periods) or None,
                 r.period_source or None, r.loaded, r.rejected, r.warned, r.skipped, r.duplicate, r.message or None, now])


# ---------------------------------------------------------------- a batch of files

def commit_batch(con, form, staged, now):
    """One transaction: load ids, issues, good rows and `loads` entries for every file of the batch."""
    con.begin()
    try:
        con.execute("create or replace temp table batch_files (file_index INTEGER, load_id INTEGER, source_file VARCHAR)")
        for s in staged:
            s.result.load_id = scalar(con, "select nextval('load_seq')")
            con.execute("insert into batch_files values (?, ?, ?)", [s.index, s.result.load_id, s.result.path.name])
        commit_issues(con, form)
        form.commit(con, now)
        counts = file_counts(con, form)
        for s in staged:
            r = s.result
            r.loaded, r.rejected, r.warned, skipped, r.duplicate, periods = counts.get(s.index, (0, 0, 0, 0, 0, None))
            r.skipped += skipped
            r.periods = periods.split("、") if periods else []
            r.status = "loaded"
            con.execute("insert into loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [r.load_id, form.kind, r.path.name, str(r.path), r.sha256, r.status, periods,
                         r.period_source or None, r.loaded, r.rejected, r.warned, r.skipped, r.duplicate, None, now])
        con.commit()
    except BaseException:
        con.rollback()
        for s in staged:
            s.result.status, s.result.load_id = "failed", None
        raise


def drop_batch_tables(con, staged):
    for s in staged:
        for i in s.sheet_indexes:
            con.execute(f"drop table if exists raw_{i}")


def run_batch(con, form, staged, selects, infos, now):
    """Parse, check and commit a batch; if that fails, retry its files one at a time."""
    try:
        parse(con, form, selects, infos)
        commit_batch(con, form, staged, now)
    except Exception as exc:
        if len(staged) == 1:
            s = staged[0].result
            s.status, s.message = "failed", f"导入出错({type(exc).__name__}):{exc}"
            record_load(con, form, s, now)
            return
        for s in staged:
            one_selects = [sel for sel, info in zip(selects, infos) if info[1] == s.index]
            one_infos = [info for info in infos if info[1] == s.index]
            run_batch(con, form, [s], one_selects, one_infos, now)


class Loader:
    """Feeds files through staging in batches of about BATCH_ROWS rows, in the order given."""

    def __init__(self, con, form, period, on_result):
        self.con, self.form, self.period, self.on_result = con, form, period, on_result
        self.now = datetime.datetime.now().replace(microsecond=0)
        self.seen = set()       # sha256 of files loaded in this run
        self.results = []
        self.reset()

    def reset(self):
        self.staged, self.selects, self.infos, self.rows, self.next_sheet = [], [], [], 0, 0

    def add(self, path: Path, workdir: Path):
        r = FileResult(path=path)
        self.results.append(r)
        if not path.exists():
            r.message = "文件不存在"
            return self.finish_alone(r)
        r.sha256 = sha256_of(path)
        if r.sha256 in self.seen or scalar(
                self.con, "select 1 from loads where sha256 = ? and kind = ? and status = 'loaded'", [r.sha256, self.form.kind]):
            r.status, r.message = "unchanged", "与已导入的文件内容相同,未重复导入"
            return self.finish_alone(r)
        staged = StagedFile(index=len(self.staged), result=r)
        try:
            selects, infos = stage_file(self.con, self.form, staged, self.next_sheet, self.period, workdir)
        except reading.UnreadableFile as exc:
            r.message = str(exc)
            return self.finish_alone(r)
        self.seen.add(r.sha256)
        self.staged.append(staged)
        self.selects += selects
        self.infos += infos
        self.next_sheet += len(selects)
        self.rows += staged.rows
        if self.rows >= BATCH_ROWS:
            self.flush()

    def finish_alone(self, r):
        """A file that is not staged (unchanged, unreadable) still waits for the files before it."""
        self.flush()
        record_load(self.con, self.form, r, self.now)
        self.report(r)

    def flush(self):
        if self.staged:
            run_batch(self.con, self.form, self.staged, self.selects, self.infos, self.now)
            drop_batch_tables(self.con, self.staged)
            for s in self.staged:
                self.report(s.result)
        self.reset()

    def report(self, r):
        if self.on_result:
            self.on_result(r)


# ---------------------------------------------------------------- entry points

def expand_paths(paths):
    """Files in the order given; a folder gives its supported files sorted by name."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(("~$", "."))
                              and f.suffix.lower() in reading.SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out


def load_files(db, paths, form=SUBMISSION_FORM, period=None, on_result=None):
    """Load files in order into the database at `db`; returns one FileResult per file."""
    with writer(db) as con, tempfile.TemporaryDirectory() as tmp:
        loader = Loader(con, form, period, on_result)
        for path in expand_paths(paths):
            loader.add(path, Path(tmp))
        loader.flush()
    return loader.results


def load_submissions(db, paths, period=None, on_result=None):
    return load_files(db, paths, SUBMISSION_FORM, period, on_result)


def load_register(db, paths, on_result=None):
    return load_files(db, paths, REGISTER_FORM, None, on_result)
