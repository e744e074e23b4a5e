"""The column-at-a-time workbook path reads exactly what the per-cell path read: text_column against
cell_text, the reader's columns against rows built cell by cell, and the quick bounds against measuring
every cell."""
import datetime
import pickle
import random
import re
import struct

import pyarrow as pa
import pytest

from conftest import FIXTURES, VARIANTS
from etl import columns, excel
from etl.headers import CODE_CELL
from etl.text import cell_text

TRICKY = [1.0, 12.0, 79.0, 0.5, -0.0, -3.0, 1e20, 2.0 ** 63, -2.0 ** 63, 2.0 ** 53 + 2, float("nan"), float("inf"),
          -float("inf"), 1e-7, 1e-4, 0.0001234, 0.1 + 0.2, 1234.56, 60307069866.51982, 123456789012.0, 5e-324,
          1.7976931348623157e308, 3, 0, -5, 2 ** 70, -(2 ** 64), True, False,
          datetime.date(2026, 1, 8), datetime.date(999, 1, 1), datetime.datetime(2026, 1, 8, 13, 5),
          datetime.time(8, 30), datetime.timedelta(hours=3, minutes=2), "", " ", "\u3000", "\xa0", "\x1c", " a ", "x\n",
          "\u200b", "130824001001", "  130824001001 ", "#N/A", "合计", None]


def reference(values):
    return [cell_text(v) for v in values]


def test_blank_is_exactly_what_strip_strips():
    spaces = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())
    found = columns.blank_to_null(pa.array(list(spaces) + ["", "a", " a", "\u200b"])).to_pylist()
    assert found == [None] * (len(spaces) + 1) + ["a", " a", "\u200b"]


@pytest.mark.parametrize("seed", range(4))
def test_text_column_matches_cell_text_on_a_tricky_mix(seed):
    rnd = random.Random(seed)
    values = [rnd.choice(TRICKY) for _ in range(3000)]
    assert columns.text_column(values).to_pylist() == reference(values)
    for kind in {type(v) for v in TRICKY}:  # one type alone takes the single-type path
        alone = [v for v in values if type(v) is kind]
        assert columns.text_column(alone).to_pylist() == reference(alone)


def test_text_column_matches_cell_text_on_random_floats():
    rnd = random.Random(7)
    floats = [rnd.random() * 10 ** rnd.randint(-9, 20) * rnd.choice((1, -1)) for _ in range(100_000)]
    floats += [struct.unpack("d", struct.pack("Q", rnd.getrandbits(64)))[0] for _ in range(100_000)]
    floats += [round(rnd.uniform(0, 1e7), rnd.randint(0, 6)) for _ in range(100_000)]
    assert columns.text_column(floats).to_pylist() == reference(floats)
    mixed = ["党员人数"] + floats[:5000] + [""] * 10 + [rnd.randint(-10 ** 20, 10 ** 20) for _ in range(50)]
    assert columns.text_column(mixed).to_pylist() == reference(mixed)


def test_text_column_of_nothing():
    assert columns.text_column([]).to_pylist() == []
    assert columns.text_column([None, None]).to_pylist() == [None, None]


def rows_cell_by_cell(sheet, errors):
    """What the reader built before: rows of cell_text from row 1 and column A, trailing blanks dropped,
    then the error texts written in."""
    pad, out, last = [None] * sheet.start[1], [], -1
    for i, r in enumerate(sheet.iter_rows()):
        row = pad + [cell_text(v) for v in r]
        while row and row[-1] is None:
            row.pop()
        out.append(row)
        last = i if row else last
    del out[last + 1:]
    for (i, j), text in errors.items():
        if i < len(out):
            out[i].extend([None] * (j + 1 - len(out[i])))
            out[i][j] = text
    return out


UNREAD = ("aborts_the_reader.xls", "zip_bomb.xlsx", "truncated.xlsx", "table_export.xls", "legacy_far_corner.xls")
WORKBOOKS = sorted(p for p in [*VARIANTS.glob("*.xls*"), *(FIXTURES / "hostile").glob("*.xls*")] if p.name not in UNREAD)


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_reader_columns_are_the_rows_read_cell_by_cell(path):
    import io
    from python_calamine import CalamineWorkbook
    data = path.read_bytes()
    errors = {}
    if data[:2] == b"PK":
        data, errors, _ = excel.prepare_xlsx(data)
    else:
        errors = excel.biff.error_cells(data)
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    for meta in book.sheets_metadata:
        sheet = book.get_sheet_by_name(meta.name)
        if sheet.start is None:
            continue
        want = rows_cell_by_cell(sheet, errors.get(meta.name, {}))
        cols, _ = columns.sheet_columns(book.get_sheet_by_name(meta.name), errors.get(meta.name, {}), 10 ** 7)
        grid = columns.Grid(pickle.loads(pickle.dumps(columns.to_table(cols))))
        assert [grid[i] for i in range(len(grid))] == want
        assert grid.width == max((len(r) for r in want), default=0)


class FakeSheet:
    """A calamine sheet of given rows (iter_rows from row 1, starting at column `first`)."""

    def __init__(self, rows, first=0):
        self.rows, self.start, self.end = rows, (0, first), (len(rows) - 1, first + max(map(len, rows)) - 1)
        self.width = max(map(len, rows))

    def iter_rows(self):
        return iter(self.rows)


def test_sheet_columns_chunks_ragged_rows_errors_and_the_cell_limit(monkeypatch):
    monkeypatch.setattr(columns, "CHUNK_CELLS", 4)  # a chunk of one or two rows: the seams are exercised
    rows = [["标题", "", ""], ["", "", ""], ["a", 1.0, 2.5], ["", "", ""], ["b"], ["", "", ""], ["", "", ""]]
    sheet = FakeSheet(rows, first=1)
    errors = {(1, 5): "#N/A", (4, 2): "", (6, 1): "#REF!"}  # the last is below the last row holding a value
    want = rows_cell_by_cell(sheet, errors)
    cols, blank = columns.sheet_columns(sheet, errors, 100)
    grid = columns.Grid(pickle.loads(pickle.dumps(columns.to_table(cols))), blank)
    assert [grid[i] for i in range(len(grid))] == want and blank
    assert [g for g in grid[2:4][0]] == want[2] and len(grid[2:4]) == 2
    staged = grid[1:5].to_arrow(7, [2, 3, 4, 5])
    assert grid[4][2] == "" and staged.column("c2").to_pylist() == [None, "1", None, None]  # staged as null
    assert staged.column("c3").to_pylist() == [None, "2.5", None, None] and staged.column("c6").null_count == 4
    with pytest.raises(columns.TooManyCells):
        columns.sheet_columns(FakeSheet(rows, first=1), {}, 7)  # the rows hold 2 + 4 + 2 cells


def test_rows_without_code_keeps_every_row_python_would_look_at():
    cells = ["130824001001", " 130824001001", "１３０８２４００１００１", "组织代码", None, "13082400100", "130824001002"]
    grid = columns.Grid(pa.table({"c0": pa.array(["x"] * len(cells)), "c1": pa.array(cells)}))
    kept = set(grid.rows_without_code(1, 1))
    for k, cell in enumerate(cells):
        if k >= 1 and not (cell is not None and CODE_CELL.fullmatch(cell.strip())):
            assert k in kept
    assert 0 not in kept and 6 not in kept


def measured_bounds(xml):
    """exact_bounds as it was: every cell reference read."""
    if b":row" in xml and re.search(rb"<[A-Za-z0-9_]+:(?:c|row)[\s>/]", xml):
        return None
    if xml.count(b"<c ") + xml.count(b"<c>") != xml.count(b'<c r="'):
        return None
    rows = [int(r) for r in excel.ROW_REF.findall(xml)] or [0]
    cols = max((excel.col_number(x) for x in set(re.findall(rb'<c r="([A-Z]{1,3})', xml))), default=0)
    digits = len(str(max(rows)))
    if not re.search(rb'<c r="[A-Z]{1,3}\d{%d}' % (digits + 1), xml) and (10 ** digits - 1) * cols <= excel.ALLOC_CELLS:
        return max(rows), cols
    refs = excel.CELL_REF.findall(xml)
    return max(int(r) for _, r in refs) if refs else 0, cols


def sheet_xml(rows, filler=0):
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in cells) + "</row>"
                   + "".join(f'<row r="{r}.{k}"/>' for k in range(filler)) for r, cells in rows)
    return f'<worksheet><sheetData>{body}</sheetData></worksheet>'.encode()


@pytest.mark.parametrize("rows", [
    [(1, "AB"), (2, "ABC")], [(1, "A"), (99, "U")], [(1, "U"), (5000, "A"), (7, "V")], [(1, "Z"), (2, ["AA"])],
    [(1, ["A", "XFD"]), (2, "A")], [(1, "A"), (1048576, "B")], [(1, ["ZZ"]), (3, ["ZY", "AAA"])], [(1, ["ZZZ"])],
    [(1, ["A", "AZ"]), (2, ["BA"])], [(1, "A"), (2, ["ABCD"])], [(9, "A"), (10, ["A"])]], ids=str)
def test_quick_bounds_are_the_measured_ones(rows):
    rows = [(r, list(c)) for r, c in rows]
    for xml in (sheet_xml(rows), sheet_xml(rows, filler=6000)):  # rows after the first out of the samples' reach
        assert excel.exact_bounds(xml) == measured_bounds(xml)
    xml = sheet_xml(rows, filler=6000)
    mid = xml.index(b"<row", len(xml) // 2)
    far = xml[:mid] + b'<row r="3"><c r="XFD3"/></row>' + xml[mid:]
    assert excel.exact_bounds(far) == measured_bounds(far)  # a far cell in the middle of a long sheet
    odd = sheet_xml(rows).replace(b'<c r="', b'<c s="1" r="', 1)
    assert excel.exact_bounds(odd) is None and measured_bounds(odd) is None
