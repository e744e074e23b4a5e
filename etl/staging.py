"""Staging: read one file's form sheets into raw text tables and say how each maps to the form's fields."""
from dataclasses import dataclass, field

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
    rows: int = 0


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
