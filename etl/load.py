"""Load register and submission files into DuckDB: read, check in SQL, commit each file whole.

Each file runs in one transaction on the writer's private copy of the database: its good rows,
its rejects and warnings and its `loads` entry land together, or nothing of it does.
"""
import datetime
import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from etl import checks, reading
from etl.db import writer
from etl.spec import FORM_FIELDS, ORG_TYPES, REGISTER_FIELDS, STATUSES

FULL_WIDTH = "０１２３４５６７８９．－＋，"
HALF_WIDTH = "0123456789.-+,"
TRUE_WORDS = ("是", "有", "y", "yes", "1", "√", "✓", "true", "t", "对")
FALSE_WORDS = ("否", "无", "n", "no", "0", "×", "✗", "x", "false", "f", "没有")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
SKIP_WORDS = "合计|总计|小计|单位|说明|注[:：]|制表|审核|填表人"
PERIOD_SOURCES = {"column": "统计期列", "title": "标题行", "filename": "文件名", "option": "--period 参数"}


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

    @property
    def ok(self):
        return self.status != "failed"


@dataclass
class Form:
    """What differs between the register and the quarterly form."""
    kind: str
    fields: tuple
    key: tuple
    substance: tuple            # fields whose presence makes a row a real record, not a blank/label
    checks: object
    commit: object


# ---------------------------------------------------------------- SQL for parsing text

def clean(v):
    return f"nullif(regexp_replace(translate({v}, '{FULL_WIDTH}', '{HALF_WIDTH}'), '[\\s,]', '', 'g'), '')"


def parse_expressions(f):
    """(numeric/intermediate column or None, parsed value) SQL for one field of `mapped`."""
    v = f"v_{f.name}"
    if f.kind == "code":
        code = f"regexp_replace(regexp_replace({clean(v)}, '^''', ''), '\\.0+$', '')"
        return None, f"case when regexp_full_match({code}, '\\d{{12}}') then {code} end"
    if f.kind == "county":
        return None, f"case when regexp_full_match({clean(v)}, '\\d{{6}}') then {clean(v)} end"
    if f.kind == "count":
        n = f"try_cast({clean(v)} as DOUBLE)"
        return n, f"case when n_{f.name} >= 0 and n_{f.name} = floor(n_{f.name}) and n_{f.name} < 1e12 then n_{f.name}::BIGINT end"
    if f.kind in ("money", "number"):
        mult = f"m_{f.name}" if f.kind == "money" else "1"
        n = f"try_cast({clean(v)} as DECIMAL(38,10)) * {mult}"
        return n, f"case when n_{f.name} >= 0 then round(n_{f.name}, 2)::DECIMAL(18,2) end"
    if f.kind == "bool":
        w = f"lower({clean(v)})"
        return None, (f"case when {w} in ({words(TRUE_WORDS)}) then true "
                      f"when {w} in ({words(FALSE_WORDS)}) then false end")
    if f.kind == "date":
        return None, f"try_strptime({clean(v)}, [{words(DATE_FORMATS)}])::DATE"
    if f.kind == "period":
        return None, f"coalesce(pm.period, case when {v} is null then si.file_period end)"
    if f.kind == "choice":
        allowed = ORG_TYPES if f.name == "org_type" else STATUSES
        return None, f"case when {clean(v)} in ({words(allowed)}) then {clean(v)} end"
    return None, f"{v}"


def words(items):
    return ", ".join(checks.q(w) for w in items)


# ---------------------------------------------------------------- staging

def stage_sheets(con, sheets, fields, workdir):
    """One temp table raw_i per sheet (text columns c0.. and row_number); returns the mapped union."""
    selects = []
    for i, sheet in enumerate(sheets):
        width = stage_sheet(con, i, sheet)
        selects.append(mapped_select(i, sheet, fields, width))
    con.execute("create or replace temp table mapped as " + " union all ".join(selects))


def stage_sheet(con, i, sheet):
    if sheet.csv_path is not None and stage_csv_fast(con, i, sheet):
        return sheet.csv_width
    if sheet.csv_path is not None:
        reading.csv_rows_in_python(sheet)
    width = max([len(r) for r in sheet.rows] + [max(c.index for c in sheet.columns) + 1])
    table = reading.rows_to_arrow(sheet, width)
    con.register(f"arrow_{i}", table)
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
    count, first = con.execute(f"select count(*), any_value(c0) filter (where row_number = {sheet.csv_first_line}) from raw_{i}").fetchone()
    expected_first = (sheet.csv_first_record or [None])[0] or None
    if count == sheet.csv_lines_after and (first or None) == expected_first:
        return True
    con.execute(f"drop table raw_{i}")
    return False


def mapped_select(i, sheet, fields, width):
    by_field = {c.field: c for c in sheet.columns}
    all_cells = ", ".join(f"c{j}" for j in range(width))
    code = by_field.get("branch_code")
    code_col = f"c{code.index}" if code else "NULL"
    parts = [f"{i} as sheet_index", f"{checks.q(sheet.name) if sheet.name else 'NULL'}::VARCHAR as sheet",
             "row_number",
             f"case when not regexp_matches(coalesce({code_col}, ''), '\\d') then concat_ws(' ', {all_cells}) end as _text"]
    for f in fields:
        col = by_field.get(f.name)
        src = f"nullif(trim(c{col.index}, ' \t\r\n\u3000'), '')" if col else "NULL"
        parts.append(f"{src}::VARCHAR as v_{f.name}")
        if f.kind == "money":
            parts.append(f"{col.multiplier if col else 1} as m_{f.name}")
    return f"select {', '.join(parts)} from raw_{i}"


# ---------------------------------------------------------------- parsing and checking

def parse(con, form, sheet_periods):
    """`stage`: every data row parsed, with skip and duplicate flags; `parsed`: the rows to check."""
    period_map(con, form)
    con.execute("create or replace temp table sheet_info (sheet_index INTEGER, file_period VARCHAR)")
    con.executemany("insert into sheet_info values (?, ?)", list(enumerate(sheet_periods)))
    numeric, values = [], []
    for f in form.fields:
        n, value = parse_expressions(f)
        if n:
            numeric.append(f"{n} as n_{f.name}")
        values.append(f"{value} as {f.name}")
    substance = " or ".join(
        f"regexp_matches(coalesce(v_{name}, ''), '\\d')" if name != "branch_name" else f"v_{name} is not null"
        for name in form.substance)
    key = ", ".join(form.key)
    content = ", ".join(f"coalesce({f.name}::VARCHAR, 'raw:' || v_{f.name})" for f in form.fields)
    join_period = ("left join period_map pm on pm.raw = numbers.v_period left join sheet_info si using (sheet_index)"
                   if form.kind == "form" else "")
    con.execute(f"""create or replace temp table stage as
        with numbers as (select m.*, {', '.join(numeric) if numeric else '1 as _none'} from mapped m),
        parsed_values as (select numbers.*, {', '.join(values)} from numbers {join_period}),
        flagged as (
          select *, (_text is not null and (regexp_matches(_text, '{SKIP_WORDS}') or not ({substance}))) as is_skipped
          from parsed_values),
        keyed as (
          select *, hash({content}) as content_hash,
                 {" and ".join(f"{k} is not null" for k in form.key)} and not is_skipped as has_key
          from flagged),
        ranked as (
          select *, case when has_key then row_number() over (partition by {key}, content_hash order by sheet_index, row_number) end as identical_rank
          from keyed),
        final as (
          select *, coalesce(identical_rank > 1, false) as is_duplicate from ranked)
        select * from final""")
    con.execute(f"""create or replace temp table parsed as
        with kept as (select * from stage where not is_skipped and not is_duplicate),
        groups as (
          select *, case when has_key then count(*) over (partition by {key}) else 1 end as dup_count,
                 case when has_key then string_agg(coalesce(sheet || ' ', '') || '第' || row_number || '行', '、')
                      over (partition by {key} order by sheet_index, row_number
                            rows between unbounded preceding and unbounded following) end as dup_rows
          from kept),
        final as (
          select g.*, dup_count > 1 as dup_conflict, b.branch_name as reg_name
          from groups g left join branches b on b.branch_code = g.branch_code)
        select * from final""")


def period_map(con, form):
    con.execute("create or replace temp table period_map (raw VARCHAR, period VARCHAR)")
    if form.kind != "form":
        return
    raws = [r[0] for r in con.execute("select distinct v_period from mapped where v_period is not null").fetchall()]
    if raws:
        con.executemany("insert into period_map values (?, ?)", [(r, reading.parse_period(r)) for r in raws])


def run_checks(con, form):
    union = " union all ".join(form.checks())
    con.execute(f"create or replace temp table issues as {union}")


# ---------------------------------------------------------------- committing

def commit_issues(con, form, load_id, name):
    code_shown = "coalesce(p.branch_code, p.v_branch_code)"
    period_shown = "p.period" if form.kind == "form" else "NULL"
    raw = "json_object(" + ", ".join(f"'{f.name}', p.v_{f.name}" for f in form.fields) + ")"
    con.execute(f"""insert into row_issues
        select {load_id}, ?, i.sheet, i.row_number, {code_shown}, {period_shown}, i.severity, i.check_code, i.field, i.message
        from issues i join parsed p using (sheet_index, row_number)""", [name])
    con.execute("""create or replace temp table rejected as
        select distinct sheet_index, row_number from issues where severity = 'error'""")
    for table, severity, extra in (("rejects", "error", ""),
                                   ("warnings", "warning",
                                    "and (i.sheet_index, i.row_number) not in (select (sheet_index, row_number) from rejected)")):
        con.execute(f"""insert into {table}
            select {load_id}, ?, any_value(p.sheet), i.row_number, any_value({code_shown}), any_value({period_shown}),
                   string_agg(i.message, ';' order by i.field, i.check_code), list(i.check_code order by i.field, i.check_code),
                   list(i.field order by i.field, i.check_code), any_value({raw})
            from issues i join parsed p using (sheet_index, row_number)
            where i.severity = '{severity}' {extra}
            group by i.sheet_index, i.row_number""", [name])


def good_rows_view(con):
    con.execute("""create or replace temp view good as
        select * from parsed anti join rejected using (sheet_index, row_number)""")


def commit_form(con, load_id, name, now):
    cols = ", ".join(f.name for f in FORM_FIELDS)
    con.execute(f"insert into submission_history select {cols}, {load_id}, ?, sheet, row_number from good", [name])
    con.execute("delete from submissions s using good g where s.branch_code = g.branch_code and s.period = g.period")
    con.execute(f"insert into submissions select {cols}, ?, {load_id}, ?::TIMESTAMP from good", [name, now])


def commit_register(con, load_id, name, now):
    cols = ", ".join(f.name for f in REGISTER_FIELDS)
    con.execute(f"""insert into branches_history
        select {cols.replace('status', "coalesce(status, '正常')")}, {load_id}, ?, sheet, row_number from good""", [name])
    # Optional fields a file leaves blank keep what the register already knew.
    merged = ", ".join(f"g.{f.name}" if f.required else
                       (f"coalesce(g.status, b.status, '正常')" if f.name == "status" else f"coalesce(g.{f.name}, b.{f.name})")
                       for f in REGISTER_FIELDS)
    con.execute(f"""create or replace temp table register_new as
        select {merged}, {load_id} as load_id, ?::TIMESTAMP as updated_at
        from good g left join branches b on b.branch_code = g.branch_code""", [now])
    con.execute("delete from branches b using register_new n where b.branch_code = n.branch_code")
    con.execute("insert into branches select * from register_new")


SUBMISSION_FORM = Form("form", FORM_FIELDS, ("branch_code", "period"),
                       tuple(f.name for f in FORM_FIELDS if f.kind in ("count", "money", "number")) + ("branch_name",),
                       checks.form_checks, commit_form)
REGISTER_FORM = Form("register", REGISTER_FIELDS, ("branch_code",),
                     ("branch_name", "county_code", "county_name", "township", "org_type"),
                     checks.register_checks, commit_register)


# ---------------------------------------------------------------- one file

def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def resolve_periods(form, sheets, path, option_period):
    """Per sheet: (fallback period, where it came from). The 统计期 column still wins row by row."""
    out = []
    for sheet in sheets:
        found = [(reading.parse_period(" ".join(sheet.above_header)), "title"),
                 (reading.parse_period(path.stem), "filename"),
                 (option_period, "option")]
        out.append(next(((p, s) for p, s in found if p), (None, None)))
    return out


def check_required_columns(form, sheets):
    if form.kind != "form":
        needed = [f for f in form.fields if f.required]
    else:
        needed = [f for f in form.fields if f.kind in ("count", "money", "number") or f.required]
    for sheet in sheets:
        present = {c.field for c in sheet.columns}
        missing = [f.header for f in needed if f.name not in present]
        if missing:
            where = f"工作表「{sheet.name}」" if sheet.name else "文件"
            raise reading.UnreadableFile(f"{where}缺少必需的列:{'、'.join(missing)}")


def load_one(con, form, path: Path, option_period=None) -> FileResult:
    result = FileResult(path=path)
    digest = sha256_of(path)
    now = datetime.datetime.now().replace(microsecond=0)
    if con.execute("select 1 from loads where sha256 = ? and kind = ? and status = 'loaded'",
                   [digest, form.kind]).fetchone():
        result.status, result.message = "unchanged", "与已导入的文件内容相同,未重复导入"
        record_load(con, form, result, digest, now)
        return result
    con.begin()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            stage_file(con, form, path, option_period, result, Path(tmp))
        result.load_id = next_load_id(con)
        finish_file(con, form, path, result, now)
        record_load(con, form, result, digest, now)
        con.commit()
    except reading.UnreadableFile as exc:
        con.rollback()
        result.status, result.message = "failed", str(exc)
        record_load(con, form, result, digest, now)
    except Exception as exc:
        con.rollback()
        result.status, result.message = "failed", f"导入出错({type(exc).__name__}):{exc}"
        record_load(con, form, result, digest, now)
    return result


def stage_file(con, form, path, option_period, result, workdir):
    sheets = reading.read_sheets(path, form.fields, "branch_code", workdir)
    check_required_columns(form, sheets)
    periods = resolve_periods(form, sheets, path, option_period)
    if form.kind == "form":
        no_period = [s for s, (p, _) in zip(sheets, periods) if p is None and "period" not in {c.field for c in s.columns}]
        if no_period:
            raise reading.UnreadableFile("找不到统计期:文件中没有统计期列,标题和文件名中也没有;请用 --period 指定,如 --period 2025Q4")
    stage_sheets(con, sheets, form.fields, workdir)
    parse(con, form, [p for p, _ in periods])
    run_checks(con, form)
    result.skipped = sum(s.skipped_above for s in sheets)
    has_column = any("period" in {c.field for c in s.columns} for s in sheets)
    sources = {s for (_, s) in periods if s}
    result.period_source = "、".join(PERIOD_SOURCES[s] for s in (["column"] if has_column else []) + sorted(sources))


def finish_file(con, form, path, result, now):
    name = path.name
    commit_issues(con, form, result.load_id, name)
    good_rows_view(con)
    form.commit(con, result.load_id, name, now)
    skipped, dup = con.execute("select count(*) filter (where is_skipped), count(*) filter (where is_duplicate) from stage").fetchone()
    result.skipped += skipped
    result.duplicate = dup
    result.loaded = con.execute("select count(*) from good").fetchone()[0]
    result.rejected = con.execute("select count(*) from rejected").fetchone()[0]
    result.warned = con.execute(f"select count(*) from warnings where load_id = {result.load_id}").fetchone()[0]
    if form.kind == "form":
        result.periods = [r[0] for r in con.execute("select distinct period from good where period is not null order by 1").fetchall()]
    result.status = "loaded"


def next_load_id(con):
    return con.execute("select nextval('load_seq')").fetchone()[0]


def record_load(con, form, r: FileResult, digest, now):
    if r.load_id is None:
        r.load_id = next_load_id(con)
    con.execute("insert into loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [r.load_id, form.kind, r.path.name, str(r.path), digest, r.status, "、".join(r.periods) or None,
                 r.period_source or None, r.loaded, r.rejected, r.warned, r.skipped, r.duplicate, r.message or None, now])


# ---------------------------------------------------------------- many files

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
    results = []
    with writer(db) as con:
        for path in expand_paths(paths):
            r = load_one(con, form, path, period) if path.exists() else missing_file(con, form, path)
            results.append(r)
            if on_result:
                on_result(r)
    return results


def missing_file(con, form, path):
    r = FileResult(path=path, message="文件不存在")
    record_load(con, form, r, None, datetime.datetime.now().replace(microsecond=0))
    return r


def load_submissions(db, paths, period=None, on_result=None):
    return load_files(db, paths, SUBMISSION_FORM, period, on_result)


def load_register(db, paths, on_result=None):
    return load_files(db, paths, REGISTER_FORM, None, on_result)
