"""A sheet's cells as Arrow text columns: calamine's values converted a column at a time (exactly as
text.cell_text reads one cell), and Grid, which serves those columns as rows where Python needs rows.

Per-cell Python made a 100,000-row workbook slow: here values are grouped by type with C-level maps,
each group converted by Arrow, and only unusual types go through cell_text one by one.
"""
import datetime
import operator
from itertools import chain, compress, islice, repeat, zip_longest

import pyarrow as pa
import pyarrow.compute as pc

from etl.text import cell_text

# Exactly the characters str.strip() strips (those where str.isspace() holds; a test checks the list):
# cell_text calls a string holding only these blank.
BLANK = r"^[\x{9}-\x{d}\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*$"
# Arrow reads these as 12 ASCII digits exactly; anything else is decided by Python (a code with spaces,
# full-width digits, which Python's \d also takes).
ASCII_CODE = r"^[0-9]{12}$"
STR, FLOAT, NONE, INT, DATE, OTHER = range(6)
KIND = {str: STR, float: FLOAT, type(None): NONE, int: INT, datetime.date: DATE}
TEXT = pa.string()
CHUNK_CELLS = 200_000  # cells converted at a time: few Python objects alive at once, their memory reused


class TooManyCells(Exception):
    """The sheet's rows (without trailing blanks) hold more cells than the limit."""


def blank_to_null(arr: pa.Array) -> pa.Array:
    """Strings holding only whitespace (and empty ones) as nulls."""
    blank = pc.match_substring_regex(arr, BLANK)
    if not pc.any(blank).as_py():
        return arr
    return pc.if_else(blank, pa.scalar(None, TEXT), arr)


def by_cell(values) -> pa.Array:
    return pa.array(list(map(cell_text, values)), TEXT)


def float_text(values: list) -> pa.Array:
    """Floats as cell_text writes them: whole numbers without '.0' (via int64), others as repr."""
    arr = pa.array(values, pa.float64())
    whole = pc.equal(pc.floor(arr), arr)                       # false for nan; true for inf
    small = pc.and_(whole, pc.less(pc.abs(arr), 2.0 ** 63))    # exactly representable as int64
    if pc.all(small).as_py():
        return pc.cast(pc.cast(arr, pa.int64()), TEXT)
    broken, huge = pc.invert(whole), pc.and_not(whole, small)
    return scatter(len(values), [
        (small, lambda: pc.cast(pc.cast(pc.filter(arr, small), pa.int64()), TEXT)),
        (broken, lambda: fraction_text(pc.filter(arr, broken), compress(values, broken.to_pylist()))),
        (huge, lambda: by_cell(compress(values, huge.to_pylist())))])  # whole but beyond int64, or inf


def fraction_text(arr: pa.Array, values) -> pa.Array:
    """repr of floats that are not whole (or nan). Arrow writes the same shortest round-trip digits as
    repr but switches to an exponent at other magnitudes: its text is kept where both write the number
    positionally (|x| >= 1e-4 and no exponent in Arrow's text), repr is asked for the rest."""
    text = pc.cast(arr, TEXT)
    other = pc.or_kleene(pc.match_substring(text, "e"), pc.invert(pc.greater_equal(pc.abs(arr), 1e-4)))
    if not pc.any(other).as_py():
        return text
    reprs = pa.array(list(map(float.__repr__, compress(values, other.to_pylist()))), TEXT)
    return pc.replace_with_mask(text, other, reprs)


def int_text(values: list) -> pa.Array:
    try:
        return pc.cast(pa.array(values, pa.int64()), TEXT)
    except (OverflowError, pa.ArrowException):  # beyond int64: Python's str
        return by_cell(values)


def date_text(values: list) -> pa.Array:
    arr = pa.array(values, pa.date32())
    return pc.cast(arr, TEXT)  # ISO, years zero-padded to 4 digits, as date.isoformat()


CONVERT = {STR: lambda v: blank_to_null(pa.array(v, TEXT)), FLOAT: float_text, INT: int_text, DATE: date_text,
           OTHER: by_cell}


def scatter(n, parts):
    """One text array of length n from [(mask, make texts for the mask's positions)]; null elsewhere."""
    out = pa.nulls(n, TEXT)
    for mask, make in parts:
        if pc.any(mask).as_py():
            out = pc.replace_with_mask(out, mask, make())
    return out


def text_column(values: list) -> pa.Array:
    """[cell_text(v) for v in values] as an Arrow string array, without a Python call per cell: the values
    of each exact type (found by C-level maps) are converted together."""
    try:
        types = list(map(type, values))
        kinds = set(types)
        if len(kinds) == 1:
            kind = KIND.get(kinds.pop(), OTHER)
            return pa.nulls(len(values), TEXT) if kind == NONE else CONVERT[kind](values)
        parts = []
        for t in kinds - {type(None)}:
            flags = list(map(operator.is_, types, repeat(t)))
            parts.append((pa.array(flags, pa.bool_()),
                          lambda t=t, flags=flags: CONVERT[KIND.get(t, OTHER)](list(compress(values, flags)))))
        return scatter(len(values), parts)
    except (pa.ArrowException, OverflowError, ValueError, TypeError):  # whatever Arrow will not take: cell by cell
        return by_cell(values)


def trimmed_lengths(columns) -> pa.Array:
    """Per row, 1 + the index of its last non-null cell (0 for a row of blanks): the row without trailing blanks."""
    n = len(columns[0]) if columns else 0
    lengths = pa.array([0] * n, pa.int32()) if n else pa.array([], pa.int32())
    for j, col in enumerate(columns):
        if col.null_count < len(col):
            lengths = pc.if_else(pc.is_valid(col), pa.scalar(j + 1, pa.int32()), lengths)
    return lengths


# ---------------------------------------------------------------- a calamine sheet (in the reader process)

def sheet_columns(sheet, errors, max_cells):
    """(text columns c0.. from row 1 and column A, whether an error text is blank): rows after the last
    one holding a value are dropped, and so are columns holding nothing; then the error cells' texts
    {(row, col): text} are written in. iter_rows starts at row 1 but at the first used column. Raises
    TooManyCells once the rows, each without its trailing blanks, hold more than max_cells cells."""
    if sheet.start is None:
        return [], False
    pad, rows = sheet.start[1], sheet.iter_rows()
    step = max(1, CHUNK_CELLS // max(1, pad + sheet.width))
    chunks, cells, last, height = [], 0, -1, 0
    while chunk := list(islice(rows, step)):
        cols = [pa.nulls(len(chunk), TEXT)] * pad + [text_column(c) for c in transposed(chunk)]
        lengths = trimmed_lengths(cols)
        cells += pc.sum(lengths).as_py() or 0
        if cells > max_cells:
            raise TooManyCells
        filled = pc.indices_nonzero(lengths)
        if len(filled):
            last = height + filled[-1].as_py()
        chunks.append((len(chunk), cols))
        height += len(chunk)
    width = max((len(c) for _, c in chunks), default=0)
    cols = [pa.chunked_array([c[j] if j < len(c) else pa.nulls(n, TEXT) for n, c in chunks], TEXT)
            .slice(0, last + 1).combine_chunks() for j in range(width)]
    return with_errors(cols, last + 1, errors)


def transposed(rows) -> list:
    """Rows -> columns (lists). Calamine's rows are all as wide as its range: one flat list sliced by
    stride is several times faster than zip; ragged rows are padded with None."""
    widths = set(map(len, rows))
    if len(widths) == 1:
        width, flat = widths.pop(), list(chain.from_iterable(rows))
        return [flat[j::width] for j in range(width)]
    return [list(c) for c in zip_longest(*rows)]


def with_errors(cols, height, errors):
    """The columns with the error texts written in (those within the rows kept), whether one of those texts
    is blank; trailing columns holding nothing dropped."""
    by_col = {}
    for (i, j), text in errors.items():
        if i < height:
            by_col.setdefault(j, {})[i] = text
    cols = cols + [pa.nulls(height, TEXT)] * (max(by_col, default=-1) + 1 - len(cols))
    for j, texts in by_col.items():
        values = cols[j].to_pylist()
        for i, text in texts.items():
            values[i] = text
        cols[j] = pa.array(values, TEXT)
    while cols and cols[-1].null_count == len(cols[-1]):
        cols.pop()
    return cols, any(not t.strip() for texts in by_col.values() for t in texts.values())


def to_table(cols) -> pa.Table:
    """Columns c0.. as a table: pickled, its buffers are copied whole (no Python object per cell)."""
    return pa.table({f"c{j}": c for j, c in enumerate(cols)})  # no columns: no rows hold anything


# ---------------------------------------------------------------- the loader's view

class Grid:
    """Rows [start, stop) of a table of text columns c0..; grid[i] is row i as a list without trailing
    blanks (made on demand), grid[a:b] a Grid of those rows. `blank_cells`: some cell may hold a blank
    string (an error cell's empty text) that staging must null, as it nulls blank cells of CSV rows."""

    def __init__(self, table: pa.Table, blank_cells=False, start=0, stop=None):
        self.table, self.blank_cells = table, blank_cells
        self.start, self.stop = start, table.num_rows if stop is None else stop
        self.cache = {}

    def __len__(self):
        return self.stop - self.start

    def __getitem__(self, i):
        if isinstance(i, slice):
            a, b, step = i.indices(len(self))
            assert step == 1
            return Grid(self.table, self.blank_cells, self.start + a, self.start + max(a, b))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        if i not in self.cache:
            self.fill(i)
        return self.cache[i]

    def fill(self, i):
        """Rows around i at once: asking for rows cell by cell from Arrow is slow, neighbours are asked next."""
        a, b = max(0, i - 8), min(len(self), i + 56)
        cols = [c.slice(self.start + a, b - a).to_pylist() for c in self.table.columns]
        for k, row in enumerate(zip(*cols) if cols else ([] for _ in range(b - a))):
            row = list(row)
            while row and row[-1] is None:
                row.pop()
            self.cache[a + k] = row

    def view(self):
        return self.table.slice(self.start, len(self))

    def nonempty(self) -> bool:
        return any(c.null_count < len(c) for c in self.view().columns)

    @property
    def width(self) -> int:
        """The longest row's length (trailing blanks dropped)."""
        cols = self.view().columns
        return next((j + 1 for j in range(len(cols) - 1, -1, -1) if cols[j].null_count < len(cols[j])), 0)

    def rows_without_code(self, j, start):
        """Indexes >= start of the rows whose cell j is not 12 ASCII digits: only these can be anything but
        a branch's row (the caller decides them exactly)."""
        if j >= self.table.num_columns:
            return range(start, len(self))
        col = self.table.column(j).slice(self.start + start, len(self) - start)
        code = pc.fill_null(pc.match_substring_regex(col, ASCII_CODE), False)
        return [start + k for k in pc.indices_nonzero(pc.invert(code)).to_pylist()]

    def to_arrow(self, width, row_numbers) -> pa.Table:
        """Staging's table: row_number, then text columns c0..c{width-1}."""
        view, n = self.view(), len(self)
        arrays = {"row_number": pa.array(row_numbers, pa.int32())}
        for j in range(width):
            col = view.column(j) if j < view.num_columns else pa.chunked_array([pa.nulls(n, TEXT)])
            arrays[f"c{j}"] = blank_to_null(col) if self.blank_cells else col
        return pa.table(arrays)
