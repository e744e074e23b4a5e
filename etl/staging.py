"""Staging: read one file's form sheets into raw text tables and say how each maps to the form's fields."""
from dataclasses import dataclass, field
from pathlib import Path

from etl import checks, reading
from etl.db import scalar
from etl.result import FileResult

PERIOD_SOURCES = {"column": "统计期列", "title": "标题行", "filename": "文件名", "option": "--period 参数"}


@dataclass
class StagedFile:
    index: int                  # position in the batch
    result: FileResult
    sheets: list = field(default_factory=list)
    sheet_indexes: list = field(default_factory=list)
    hints: list = field(default_factory=list)
    rows: int = 0


def stage_rows(con, i, sheet):
    """Temp table raw_i from a block's Python rows: text columns c0.. and row_number. Returns its width."""
    width = max(reading.data_width(sheet.rows), max(c.index for c in sheet.columns) + 1)
    con.register(f"arrow_{i}", reading.rows_to_arrow(sheet, width))
    con.execute(f"create or replace temp table raw_{i} as select * from arrow_{i}")
    con.unregister(f"arrow_{i}")
    return width


def stage_csv_fast(con, i, sheet):
    """Let DuckDB read the CSV; valid only when each record after the header is one line and no header
    repeats inside the data (a repeated header starts a new block, which only the exact path splits)."""
    cols = ", ".join(f"'c{j}': 'VARCHAR'" for j in range(sheet.csv_width))
    path = str(sheet.csv_path).replace("'", "''")
    delim = "\\t" if sheet.csv_delim == "\t" else ","
    try:
        # One thread: a county's file is small, and DuckDB's parallel CSV scan costs more than it gains there.
        con.execute("set threads = 1")
        con.execute(f"""create or replace temp table raw_{i} as
            select ({sheet.csv_first_line - 1} + row_number() over ())::INTEGER as row_number, *
            from read_csv('{path}', header=false, skip={sheet.csv_skip}, delim=E'{delim}', quote='"',
                          escape='"', all_varchar=true, null_padding=true, columns={{{cols}}})""")
    except Exception:  # noqa: BLE001 - whatever DuckDB's reader refuses, the exact path reads
        return False
    finally:
        con.execute("reset threads")
    code = next(c.index for c in sheet.columns if c.field == "branch_code")
    words = " or ".join(f"contains(lower(c{j}), {checks.q(w)})" for j in range(sheet.csv_width)
                     for w in sheet.code_words)  # every spelling of the code header: 组织代码, 支部代码 …
    count, first = con.execute(
        f"select count(*), any_value(c0) filter (where row_number = {sheet.csv_first_line}) from raw_{i}").fetchall()[0]
    # A WHERE (not an aggregate FILTER) so the header words are looked for only in rows without a numeric code.
    repeats = scalar(con, f"""select count(*) from (select * from raw_{i} where try_cast(c{code} as HUGEINT) is null)
                              where {words}""")
    expected_first = (sheet.csv_first_record or [None])[0] or None
    if count == sheet.csv_lines_after and (first or None) == expected_first and not repeats:
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


def period_hints(sheet, name, option_period):
    """(title period, file name period, --period) for a block."""
    return reading.parse_period(sheet.title), reading.parse_period(Path(name).stem), option_period


def fallback_period(hints):
    """The period a block's rows get when they have no 统计期 of their own, and where it came from."""
    return next(((p, s) for p, s in zip(hints, ("title", "filename", "option")) if p), (None, None))


def period_notes(staged):
    """Say which period won where the title, the file name, the 统计期 column and --period disagree."""
    r, notes = staged.result, []
    for sheet, hints in zip(staged.sheets, staged.hints):
        title, filename, option = hints
        where = f"工作表「{sheet.name}」" if sheet.name else ""
        if "period" in {c.field for c in sheet.columns}:
            for p, label in ((title, "标题行"), (filename, "文件名")):
                if p and r.periods and p not in r.periods:
                    notes.append(f"{where}{label}写的是 {p},统计期列是 {'、'.join(r.periods)}:按统计期列导入")
            own = title or filename
        else:
            if title and filename and title != filename:
                notes.append(f"{where}标题行写的是 {title},文件名写的是 {filename}:按标题行的 {title} 导入")
            own = title or filename
        if option and own and option != own:
            notes.append(f"文件自带统计期 {own},未使用 --period {option}")
    r.notes += list(dict.fromkeys(notes))


def stage_file(con, form, staged: StagedFile, first_sheet, option_period, workdir):
    """Read one file into raw tables; returns its sheet selects for `mapped` and sheet_info rows."""
    result = staged.result
    got = reading.read_sheets(result.path, form.kind, workdir, result.name)
    result.notes += got.notes
    blocks = []  # (block, width if DuckDB already staged it)
    for sheet in got.sheets:
        if sheet.csv_path is None:
            blocks.append((sheet, None))
        elif stage_csv_fast(con, first_sheet + len(blocks), sheet):
            blocks.append((sheet, sheet.csv_width))
        else:
            blocks += [(b, None) for b in reading.csv_blocks(sheet, form.kind)]
    widths, blocks = [w for _, w in blocks], [b for b, _ in blocks]
    hints = [period_hints(s, result.name, option_period) for s in blocks]
    periods = [fallback_period(h) for h in hints]
    has_column = [("period" in {c.field for c in s.columns}) for s in blocks]
    if form.kind == "form" and any(p is None and not col for (p, _), col in zip(periods, has_column)):
        raise reading.UnreadableFile("找不到统计期:文件中没有统计期列,标题和文件名中也没有;请用 --period 指定,如 --period 2025Q4")
    selects, infos = [], []
    for k, sheet in enumerate(blocks):
        i = first_sheet + k
        width = widths[k] or stage_rows(con, i, sheet)
        selects.append(mapped_select(i, staged.index, sheet, form.fields, width))
        infos.append((i, staged.index, periods[k][0]))
        staged.rows += scalar(con, f"select count(*) from raw_{i}")
    staged.sheets, staged.hints, staged.sheet_indexes = blocks, hints, [i for i, _, _ in infos]
    result.skipped = sum(s.skipped_above for s in blocks)
    sources = ["column"] if any(has_column) else sorted({s for _, s in periods if s})
    result.period_source = "、".join(PERIOD_SOURCES[s] for s in sources if form.kind == "form")
    return selects, infos
