"""Commit: write a checked batch (good rows, rejects, warnings, `loads` entries) in one transaction."""
import hashlib
from pathlib import Path

from etl.checking import mark_rows
from etl.db import scalar
from etl.result import SAMPLE_REJECTS, FileResult
from etl.schema import LOADS_COLUMNS
from etl.spec import FORM_FIELDS, REGISTER_FIELDS


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
    """Within a batch, a key's row from the last file wins, as if the files were loaded one by one:
    `latest`, and `superseded` (the batch's other rows of a repeated key)."""
    con.execute(f"""create or replace temp table superseded as
        with repeated as (select {key}, max(file_index) as last_file from good group by all having count(*) > 1)
        select g.sheet_index, g.row_number from good g join repeated r using ({key}) where g.file_index < r.last_file""")
    con.execute("""create or replace temp view latest as
        select g.*, bf.load_id, bf.source_file
        from good g anti join superseded using (sheet_index, row_number) join batch_files bf using (file_index)""")


def commit_form(con, now):
    """Each good row is written once: the current row into `submissions`; a row it replaces (an earlier
    load's, or an earlier file's of this batch) into `submission_revisions`."""
    cols = ", ".join(f.name for f in FORM_FIELDS)
    latest_good(con, "branch_code, period")
    con.execute(f"""insert into submission_revisions
        select {cols}, bf.source_file, bf.load_id, ?::TIMESTAMP, sheet, row_number
        from good semi join superseded using (sheet_index, row_number) join batch_files bf using (file_index)""", [now])
    con.execute("""create or replace temp table replaced as
        select s.rowid as id from submissions s semi join good g using (branch_code, period)""")  # latest's keys
    if scalar(con, "select count(*) from replaced"):
        con.execute("insert into submission_revisions select * from submissions where rowid in (select id from replaced)")
        con.execute("delete from submissions where rowid in (select id from replaced)")
    con.execute(f"insert into submissions select {cols}, source_file, load_id, ?::TIMESTAMP, sheet, row_number "
                f"from latest", [now])


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


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def insert_load(con, form, r: FileResult, now, region=None):
    """The file's row in `loads`; a loaded file's notes (sheets skipped, which period won) are its message."""
    message = r.message or "；".join(r.notes) or None
    con.execute(f"insert into loads ({', '.join(LOADS_COLUMNS)}) values ({', '.join('?' * len(LOADS_COLUMNS))})",
                [r.load_id, form.kind, r.name, str(r.path), r.sha256, r.status, "、".join(r.periods) or None,
                 r.period_source or None, r.loaded, r.rejected, r.warned, r.skipped, r.duplicate, message, now, region])


def record_load(con, form, r: FileResult, now, region=None):
    """A file that was not staged (failed, unchanged): its own load id and `loads` row."""
    r.load_id = scalar(con, "select nextval('load_seq')")
    insert_load(con, form, r, now, region)


def sample_rejects(con, load_ids):
    """The first returned rows of each load: (sheet, row_number, field, reason), for the summary."""
    rows = con.execute(f"""
        select load_id, sheet, row_number, fields[1], split_part(reasons, ';', 1)
        from rejects where list_contains($ids, load_id)
        qualify row_number() over (partition by load_id order by sheet nulls first, row_number) <= {SAMPLE_REJECTS}
        order by load_id, sheet nulls first, row_number""", {"ids": load_ids}).fetchall()
    out = {}
    for load_id, *rest in rows:
        out.setdefault(load_id, []).append(tuple(rest))
    return out


def commit_batch(con, form, staged, now, region=None, annotate=None):
    """One transaction: load ids, issues, good rows and `loads` entries for every file of the batch.
    `annotate(staged_file)` adds notes once the file's counts and quarters are known."""
    con.begin()
    try:
        con.execute("create or replace temp table batch_files (file_index INTEGER, load_id INTEGER, source_file VARCHAR)")
        for s in staged:
            s.result.load_id = scalar(con, "select nextval('load_seq')")
            con.execute("insert into batch_files values (?, ?, ?)", [s.index, s.result.load_id, s.result.name])
        commit_issues(con, form)
        form.commit(con, now)
        counts = file_counts(con, form)
        samples = sample_rejects(con, [s.result.load_id for s in staged])
        for s in staged:
            r = s.result
            r.loaded, r.rejected, r.warned, skipped, r.duplicate, periods = counts.get(s.index, (0, 0, 0, 0, 0, None))
            r.skipped += skipped
            r.periods = periods.split("、") if periods else []
            r.rejects = samples.get(r.load_id, [])
            r.status = "loaded"
            if annotate:
                annotate(s)
            insert_load(con, form, r, now, region)
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
