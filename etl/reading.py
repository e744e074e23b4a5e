"""Read the files branches send (xlsx, xls, .et, csv in any common encoding) into the form's blocks of rows.

A file's format is what its bytes are (etl/sniff.py). Only sheets with the form's required headers
are read; hidden sheets, charts and other sheets are skipped and named. In a sheet, each header
starts a block (stacked township tables, pasted exports), with its own columns and units. Values
stay text: parsing happens in SQL. A file that cannot be read raises UnreadableFile in Chinese.
"""
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from etl import csvfile, excel, sniff
from etl.failures import UnreadableFile
from etl.headers import (CODE_CELL, HEADER_SCAN_ROWS, HeaderProblem, build_header_index, find_header,
                         header_key, resolve_units)
from etl.spec import FORM_FIELDS, REGISTER_FIELDS
from etl.text import normalise_text, parse_period, row_text

__all__ = ["UnreadableFile", "Sheet", "read_sheets", "parse_period", "OFFERED_SUFFIXES"]

# A folder offers these to the reader; what they hold decides how they are read (or refused in words).
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et", ".ett"}   # usually read by the workbook reader process
OFFERED_SUFFIXES = WORKBOOK_SUFFIXES | {".ods", ".csv", ".txt", ".tsv"}
BLOCK_TITLE_ROWS = 3  # rows right above a repeated header that are its block's own title


@dataclass
class Sheet:
    """One block of a form sheet: a header and the data rows under it, up to the next header."""
    name: str | None            # None for CSV
    header_row: int             # 1-based row (Excel) or line (CSV) of the header
    columns: list
    above_header: list          # texts of the non-blank rows above the header (titles, units)
    blank_above: int = 0        # blank rows above the header
    header_rows: int = 0        # rows of the header block beyond the header itself (sub-header, units, 栏次)
    rows: list | None = None    # data rows (lists of text, or a columns.Grid for a workbook), for the Python path
    row_numbers: list | None = None
    csv_path: Path | None = None  # UTF-8 file DuckDB can read directly (fast path)
    csv_skip: int = 0
    csv_delim: str = ","
    csv_width: int = 0
    csv_first_line: int = 0     # line number of the first record after the header block
    csv_lines_after: int = 0    # physical lines after the header block, to verify the fast path
    csv_first_record: list | None = None
    text: str | None = None     # decoded CSV text, for the exact Python path
    code_words: list = field(default_factory=list)  # header spellings of the code column, to spot repeats

    @property
    def skipped_above(self):
        return len(self.above_header) + self.blank_above + self.header_rows

    @property
    def title(self):
        return " ".join(self.above_header)


@dataclass
class Reading:
    sheets: list                # Sheet blocks to stage
    notes: list                 # what was skipped, in Chinese


class Form:
    """The fields of one kind of file and what a sheet needs to be read as one."""

    def __init__(self, kind):
        self.kind = kind
        self.fields = FORM_FIELDS if kind == "form" else REGISTER_FIELDS
        self.index = build_header_index(self.fields)
        self.by_name = {f.name: f for f in self.fields}
        self.required = [f for f in self.fields
                         if f.required or (kind == "form" and f.kind in ("count", "money", "number"))]
        self.code_words = [k for k, f in self.index.items() if f.name == "branch_code"]


FORMS = {kind: Form(kind) for kind in ("form", "register")}


def read_sheets(path: Path, kind: str, workdir: Path, name: str | None = None) -> Reading:
    """Every form block of a file. Raises UnreadableFile (Chinese) when none can be read."""
    form, label = FORMS[kind], name or Path(path).name
    if sniff.sniff(path) == "excel":
        return from_workbook(excel.READER.read(path), form)
    return from_csv(Path(path), form, workdir, label)


# ---------------------------------------------------------------- blocks of a sheet

def blocks_of(rows, numbers, merges, form, sheet_name):
    """The form blocks of one sheet's rows: [Sheet], or raises Skip with the reason it is not a form."""
    block = find_header(rows, form.index, "branch_code", merges)
    if block is None:
        raise Skip("不是统计表")
    title = [(i, row_text(rows[i])) for i in range(block.row) if row_text(rows[i])]
    out = []
    while block is not None:
        missing = [f.header for f in form.required if f.name not in {c.field for c in block.columns}]
        if missing:
            raise Skip(f"缺少必需的列:{'、'.join(missing)}")
        nxt = next_header(rows, block.last + 1, form, block)
        above = title if not out else title + block_title(rows, block.row)
        try:
            resolve_units(block, rows, merges, form.by_name, above, lambda i: numbers[i] if i < len(numbers) else i + 1)
        except HeaderProblem as exc:
            where = f"工作表「{sheet_name}」" if sheet_name else "文件"
            raise UnreadableFile(f"{where}{exc}") from None
        end = nxt.row if nxt else len(rows)
        sheet = Sheet(name=sheet_name, header_row=numbers[block.row], columns=block.columns,
                      above_header=[t for _, t in above], header_rows=block.last - block.row,
                      rows=rows[block.last + 1:end], row_numbers=numbers[block.last + 1:end])
        if not out:
            sheet.blank_above = block.row - len(title)
        else:
            sheet.above_header, sheet.header_rows = [t for _, t in above], block.last - block.row + 1
        out.append(sheet)
        block = nxt
    return out


def next_header(rows, start, form, block):
    """The next header inside the data (a repeated header starts a new block), or None."""
    code = next(c.index for c in block.columns if c.field == "branch_code")
    words = set(form.code_words)
    # A workbook's Grid leaves out the rows whose code is plainly 12 digits (no Python per row for them).
    candidates = range(start, len(rows)) if isinstance(rows, list) else rows.rows_without_code(code, start)
    for k in candidates:
        row = rows[k]
        cell = row[code] if code < len(row) else None
        if cell is not None and CODE_CELL.fullmatch(str(cell).strip()):
            continue  # a branch's row: the common case, decided without normalising every cell
        if any(c is not None and header_key(str(c)).split("(")[0] in words for c in row):
            found = find_header(rows, form.index, "branch_code", None, start=k, stop=k + 1)
            if found:
                return found
    return None


def block_title(rows, h):
    """Rows right above a repeated header that belong to its block (a township's title, a units line)."""
    out = []
    for i in range(h - 1, max(-1, h - 1 - BLOCK_TITLE_ROWS), -1):
        text = row_text(rows[i])
        if not text or any(c is not None and CODE_CELL.fullmatch(normalise_text(str(c))) for c in rows[i]):
            break
        out.insert(0, (i, text))
    return out


class Skip(Exception):
    """A sheet that is not read as a form, and why (Chinese)."""


# ---------------------------------------------------------------- workbooks

def from_workbook(raw_sheets, form) -> Reading:
    from etl import columns  # pyarrow.compute: only workbooks need it (a CSV load starts faster without)
    sheets, notes, reasons = [], [], []
    for entry in raw_sheets:
        name = entry["name"]
        if entry["hidden"]:
            notes.append(f"跳过隐藏工作表「{name}」")
            continue
        if entry["kind"] != "worksheet":
            notes.append(f"跳过工作表「{name}」(图表或宏表,不是统计表)")
            continue
        if entry["problem"]:
            notes.append(f"跳过工作表「{name}」:{entry['problem']}")
            reasons.append(f"工作表「{name}」{entry['problem']}")
            continue
        rows = columns.Grid(entry["table"], entry["blank_cells"])
        if not rows.nonempty():
            continue  # an empty sheet holds nothing to lose
        try:
            sheets += blocks_of(rows, list(range(1, len(rows) + 1)), entry["merges"], form, name)
        except Skip as exc:
            notes.append(f"跳过工作表「{name}」({exc})")
            reasons.append((name, str(exc), rows))
    if not sheets:
        raise UnreadableFile(nothing_to_read(form, reasons, notes, bool(raw_sheets)))
    return Reading(sheets, notes)


def nothing_to_read(form, reasons, notes, has_sheets):
    """Why a file gave no form block, saying what the file is where that can be told."""
    for reason in reasons:
        if isinstance(reason, str):
            continue
        name, why, rows = reason
        other = FORMS["register" if form.kind == "form" else "form"]
        if why == "不是统计表" and find_header(rows, other.index, "branch_code") and looks_like(other, rows):
            return wrong_kind(form)
    partial = [f"工作表「{n}」{w}" if n else f"文件{w}" for n, w, _ in (r for r in reasons if not isinstance(r, str))
               if w != "不是统计表"]
    broken = [r for r in reasons if isinstance(r, str)]
    if partial or broken:
        return ";".join(partial + broken)
    hidden = [n for n in notes if n.startswith("跳过隐藏")]
    if not has_sheets or not reasons and not hidden:
        return "文件中没有任何内容(工作表都是空的)"
    what = "组织台账" if form.kind == "register" else "统计表"
    extra = f"({'、'.join(hidden)})" if hidden else ""
    return f"未找到{what}表头{extra}:请确认表头含「组织代码」等模板列名"


def looks_like(other, rows):
    block = find_header(rows, other.index, "branch_code")
    present = {c.field for c in block.columns}
    return all(f.name in present for f in other.required)


def wrong_kind(form):
    if form.kind == "form":
        return ("这是组织台账(含县(市、区)代码、组织类型等列),不是季度统计表:请用 python -m etl registry 导入"
                "(网页上传时选择「组织台账」)")
    return ("这是季度统计表(含党员人数、应归档文件数等列),不是组织台账:请用 python -m etl load 导入"
            "(网页上传时选择「季度统计表」)")


# ---------------------------------------------------------------- CSV

def from_csv(path: Path, form, workdir: Path, label: str) -> Reading:
    data = path.read_bytes()
    csvfile.check_text(data)
    text, note = csvfile.decode_bytes(data)
    text = csvfile.normalise_newlines(text)
    delim = csvfile.sniff_delimiter(text)
    head = csvfile.records(text, delim, limit=HEADER_SCAN_ROWS + 5)
    rows, numbers = [r for r, _ in head], [n for _, n in head]
    notes = [note] if note else []
    try:
        first = blocks_of(rows, numbers, None, form, None)[0]
    except Skip as exc:
        raise UnreadableFile(nothing_to_read(form, [(None, str(exc), rows)], [], True)) from None
    data_at = numbers.index(first.header_row) + 1 + first.header_rows
    sheet = Sheet(name=None, header_row=first.header_row, columns=first.columns, above_header=first.above_header,
                  header_rows=first.header_rows, csv_delim=delim, text=text, code_words=form.code_words)
    sheet.blank_above = max(0, first.header_row - 1 - len(first.above_header))
    sheet.csv_width = max([len(r) for r in rows] + [max(c.index for c in sheet.columns) + 1])
    # DuckDB skips physical lines: the data starts on the line of the first record after the header block.
    start = numbers[data_at] if data_at < len(numbers) else len(text.split("\n")) + 1
    sheet.csv_skip, sheet.csv_first_line = start - 1, start
    sheet.csv_lines_after = csvfile.physical_lines_after(text, start - 1)
    sheet.csv_first_record = rows[data_at] if data_at < len(rows) else None
    sheet.csv_path = csvfile.utf8_copy(data, text, path, workdir)
    return Reading([sheet], notes)


def csv_blocks(sheet: Sheet, form_kind: str):
    """The exact Python path: every record of the CSV with its line, split into blocks at repeated headers."""
    recs = csvfile.records(sheet.text, sheet.csv_delim)
    rows, numbers = [r for r, _ in recs], [n for _, n in recs]
    return blocks_of(rows, numbers, None, FORMS[form_kind], None)


def data_width(rows) -> int:
    """The longest row's length (rows end at their last non-blank cell)."""
    return max((len(r) for r in rows), default=0) if isinstance(rows, list) else rows.width


def rows_to_arrow(sheet: Sheet, width: int) -> pa.Table:
    """Python rows -> an Arrow table of text columns c0..c{width-1} plus row_number (a workbook's Grid is
    already text columns: they are handed over whole)."""
    if not isinstance(sheet.rows, list):  # a workbook's columns.Grid
        return sheet.rows.to_arrow(width, sheet.row_numbers)
    cols = [[] for _ in range(width)]
    for row in sheet.rows:
        for j in range(width):
            v = row[j] if j < len(row) else None
            cols[j].append(None if v is None or (isinstance(v, str) and not v.strip()) else str(v))
    arrays = {"row_number": pa.array(sheet.row_numbers, pa.int32())}
    for j in range(width):
        arrays[f"c{j}"] = pa.array(cols[j], pa.string())
    return pa.table(arrays)
