"""Read the files branches send (xlsx, xls, csv in any common encoding) into raw text tables.

Finds the form's header under any title rows, maps headers to canonical names with their units,
and finds the period in a title row or the file name. Values stay text: parsing happens in SQL.
"""
import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SUPPORTED_SUFFIXES = EXCEL_SUFFIXES | CSV_SUFFIXES


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message is for an officer, in Chinese."""


@dataclass
class Column:
    index: int          # 0-based position in the sheet
    field: str          # canonical name
    header: str         # the header as written in the file
    multiplier: int = 1  # 10000 for 万元


@dataclass
class Sheet:
    name: str | None            # None for CSV
    header_row: int             # 1-based row (Excel) or line (CSV) of the header
    columns: list[Column]
    above_header: list[str]     # texts of the non-blank rows above the header
    blank_above: int = 0        # blank rows above the header
    rows: list | None = None    # data rows (lists of text), for the Python path
    row_numbers: list | None = None
    csv_path: Path | None = None  # UTF-8 file DuckDB can read directly (fast path)
    csv_skip: int = 0
    csv_delim: str = ","
    csv_width: int = 0
    csv_first_line: int = 0     # line number of the first record after the header
    csv_lines_after: int = 0    # physical lines after the header, to verify the fast path
    csv_first_record: list | None = None
    text: str | None = None     # decoded CSV text, for the exact Python path

    @property
    def skipped_above(self):
        return len(self.above_header) + self.blank_above


# ---------------------------------------------------------------- text normalisation

def normalise_text(value: str) -> str:
    """Full-width to half-width, and no whitespace anywhere (headers, codes, periods)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


_UNIT_SUFFIX = re.compile(r"^(.*?)\(([^()]*)\)$")


def header_key(text: str) -> str:
    return normalise_text(text).lower()


def build_header_index(fields) -> dict:
    index = {}
    for f in fields:
        for name in (f.name, f.header, *f.aliases):
            index[header_key(name)] = f
    return index


def match_header(cell: str, index: dict):
    """Return (field, unit) for a header cell, or (None, None)."""
    key = header_key(cell)
    if not key:
        return None, None
    if key in index:
        return index[key], None
    m = _UNIT_SUFFIX.match(key)
    while m:  # strip one or more trailing "(unit)" groups
        key, unit = m.group(1), m.group(2)
        if key in index:
            return index[key], unit
        m = _UNIT_SUFFIX.match(key)
    return None, None


# ---------------------------------------------------------------- periods

_CN_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "1": "1", "2": "2", "3": "3", "4": "4"}
_PERIOD_PATTERNS = (
    re.compile(r"(?<!\d)(20\d{2})[-_/.]?[Qq]([1-4])(?!\d)"),
    re.compile(r"(?<!\d)(20\d{2})年(?:度)?第?([1-4一二三四])季度?"),
)


def parse_period(text) -> str | None:
    """'2025Q4', '2025-Q4', '2025年第四季度', '2025年第4季度', '2025年四季度' -> '2025Q4'."""
    if text is None:
        return None
    s = normalise_text(str(text))
    for pattern in _PERIOD_PATTERNS:
        m = pattern.search(s)
        if m:
            return f"{m.group(1)}Q{_CN_DIGITS[m.group(2)]}"
    return None


# ---------------------------------------------------------------- header detection

def find_header(rows, index, required_field):
    """Index of the first row that looks like the form's header, with its columns."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, seen = [], set()
        for j, cell in enumerate(row):
            f, unit = match_header(cell or "", index)
            if f and f.name not in seen:
                seen.add(f.name)
                columns.append(Column(j, f.name, str(cell).strip(), multiplier_for(f, unit)))
        if required_field in seen and len(seen) >= MIN_HEADER_MATCHES:
            return i, columns
    return None, None


def multiplier_for(f, unit):
    return 10000 if f.kind == "money" and unit and "万" in unit else 1


def apply_units_above(columns, above_texts, fields_by_name):
    """A units row such as '金额单位:万元' sets money columns that carry no unit of their own."""
    text = normalise_text("".join(above_texts))
    m = re.search(r"(金额)?单位[::]?([^,;,;]*)", text)
    if not m or "万元" not in (m.group(0) or ""):
        return
    for c in columns:
        if fields_by_name[c.field].kind == "money" and "(" not in normalise_text(c.header):
            c.multiplier = 10000


def row_text(row) -> str:
    return " ".join(str(c).strip() for c in row if c is not None and str(c).strip())


# ---------------------------------------------------------------- cells

def cell_text(value):
    """Excel cell -> text as an officer would read it (79.0 -> '79', dates ISO)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):  # datetime is a date too
        return value.isoformat()[:10]
    text = str(value)
    return text if text.strip() else None


# ---------------------------------------------------------------- Excel

def read_excel(path: Path, fields, required_field):
    from python_calamine import CalamineWorkbook
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # corrupt, encrypted, not really Excel
        raise UnreadableFile(f"无法打开 Excel 文件({type(exc).__name__}):文件可能已损坏或不是 Excel 格式") from exc
    index = build_header_index(fields)
    by_name = {f.name: f for f in fields}
    sheets = []
    for name in book.sheet_names:
        try:
            raw = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise UnreadableFile(f"无法读取工作表「{name}」({type(exc).__name__})") from exc
        rows = [[cell_text(v) for v in r] for r in raw]
        sheet = sheet_from_rows(name, rows, list(range(1, len(rows) + 1)), index, by_name, required_field)
        if sheet:
            sheets.append(sheet)
    return sheets


def sheet_from_rows(name, rows, numbers, index, by_name, required_field):
    h, columns = find_header(rows, index, required_field)
    if h is None:
        return None
    above = [row_text(r) for r in rows[:h]]
    texts = [t for t in above if t]
    apply_units_above(columns, texts, by_name)
    return Sheet(name=name, header_row=numbers[h], columns=columns, above_header=texts,
                 blank_above=len(above) - len(texts), rows=rows[h + 1:], row_numbers=numbers[h + 1:])


# ---------------------------------------------------------------- CSV

def decode_bytes(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a superset of GBK
    except UnicodeDecodeError as exc:
        raise UnreadableFile("无法识别文件编码:请另存为 UTF-8 或 GBK 编码的 CSV") from exc


def sniff_delimiter(lines) -> str:
    sample = "\n".join(lines[:HEADER_SCAN_ROWS])
    return "\t" if sample.count("\t") > sample.count(",") else ","


def read_csv_file(path: Path, fields, required_field, workdir: Path):
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("文件不是文本格式的 CSV(可能是改了扩展名的 Excel 或已损坏)")
    text = decode_bytes(data)
    delim = sniff_delimiter(text[:20000].splitlines())
    index = build_header_index(fields)
    by_name = {f.name: f for f in fields}

    reader = csv.reader(io.StringIO(text), delimiter=delim)
    head, ends = [], []
    for record in reader:
        head.append(record)
        ends.append(reader.line_num)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    h, columns = find_header(head, index, required_field)
    if h is None:
        return []
    above = [row_text(r) for r in head[:h]]
    texts = [t for t in above if t]
    apply_units_above(columns, texts, by_name)
    sheet = Sheet(name=None, header_row=ends[h], columns=columns, above_header=texts,
                  blank_above=len(above) - len(texts), csv_delim=delim)
    sheet.csv_width = max(len(r) for r in head[h:]) if head else 0
    sheet.csv_skip = h + 1
    sheet.csv_first_line = ends[h] + 1
    rest = text.split("\n", ends[h])[-1] if ends[h] else text
    sheet.csv_lines_after = rest.count("\n") + (0 if rest.endswith("\n") or not rest else 1)
    sheet.csv_first_record = head[h + 1] if len(head) > h + 1 else None
    utf8 = path if not needs_reencoding(data) else write_utf8(text, path, workdir)
    sheet.csv_path = utf8
    sheet.text = text
    return [sheet]


def needs_reencoding(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def write_utf8(text: str, path: Path, workdir: Path) -> Path:
    out = workdir / (path.stem + ".utf8.csv")
    out.write_text(text, encoding="utf-8")
    return out


def csv_rows_in_python(sheet: Sheet):
    """Slow but exact path: every record with the line it starts on (blank lines dropped)."""
    reader = csv.reader(io.StringIO(sheet.text), delimiter=sheet.csv_delim)
    rows, numbers, line = [], [], 0
    for record in reader:
        start = line + 1
        line = reader.line_num
        if start <= sheet.header_row:
            continue
        if not record:
            continue
        rows.append([c if c != "" else None for c in record])
        numbers.append(start)
    sheet.rows, sheet.row_numbers = rows, numbers


# ---------------------------------------------------------------- entry point

def read_sheets(path: Path, fields, required_field: str, workdir: Path):
    """All sheets of a file that carry the form's header. Raises UnreadableFile."""
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        sheets = read_excel(path, fields, required_field)
    elif suffix in CSV_SUFFIXES:
        sheets = read_csv_file(path, fields, required_field, workdir)
    else:
        raise UnreadableFile(f"不支持的文件类型「{path.suffix}」:请使用 xlsx、xls 或 csv")
    if not sheets:
        raise UnreadableFile("未找到统计表表头:请确认表头含「组织代码」等模板列名")
    return sheets


def rows_to_arrow(sheet: Sheet, width: int) -> pa.Table:
    """Python rows -> an Arrow table of text columns c0..c{width-1} plus row_number."""
    cols = [[] for _ in range(width)]
    for row in sheet.rows:
        for j in range(width):
            v = row[j] if j < len(row) else None
            cols[j].append(None if v is None or (isinstance(v, str) and not v.strip()) else str(v))
    arrays = {"row_number": pa.array(sheet.row_numbers, pa.int32())}
    for j in range(width):
        arrays[f"c{j}"] = pa.array(cols[j], pa.string())
    return pa.table(arrays)
