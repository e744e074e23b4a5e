"""The header block of a form: which row is the header, which column is which field, and the money unit.

A header may span two rows (a group label such as 专项经费(万元) over 下拨/支出/其中…), carry units
in brackets, a * or a trailing colon. The money unit may stand in the field's own header, in a group
header above, in a units row below (计量单位, 单位:万元) or in the title rows: every place that states
one must agree, or the file is refused naming both places; a unit is never ignored.
"""
import re
from dataclasses import dataclass, field

from etl.text import header_key, normalise_text, row_text

HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 3
CODE_CELL = re.compile(r"\d{12}")
YUAN, WAN = "元", "万元"
MULTIPLIERS = {YUAN: 1, WAN: 10000}


class HeaderProblem(Exception):
    """The header block cannot be read safely (units that disagree or are unknown); Chinese message."""


@dataclass
class Column:
    index: int          # 0-based position in the sheet
    field: str          # canonical name
    header: str         # the header as written in the file
    multiplier: int = 1  # 10000 for 万元
    units: list = field(default_factory=list)  # units in its own header cell
    row: int = 0        # 0-based row of its header cell (the lower row of a two-row header)


@dataclass
class HeaderBlock:
    row: int            # 0-based index of the (first) header row
    last: int           # 0-based index of the last header-block row (sub-header, units row, 栏次 row)
    columns: list
    skip: list          # 0-based indexes of units and 栏次 rows below the header


_UNIT_SUFFIX = re.compile(r"^(.*?)[(\[【]([^()\[\]【】]*)[)\]】]$")


def build_header_index(fields) -> dict:
    index = {}
    for f in fields:
        for name in (f.name, f.header, *f.aliases):
            index[header_key(name)] = f
    return index


def match_header(cell, index: dict):
    """Return (field, unit) for a header cell, or (None, None)."""
    key = header_key(str(cell or ""))
    if not key:
        return None, None
    if key in index:
        return index[key], None
    m = _UNIT_SUFFIX.match(key)
    while m:  # strip one or more trailing "(unit)" groups
        key, unit = m.group(1).rstrip(":"), m.group(2)
        if key in index:
            return index[key], unit
        m = _UNIT_SUFFIX.match(key)
    return None, None


def base_label(cell) -> str:
    """A group label without its bracketed unit: 专项经费(万元) -> 专项经费."""
    key = header_key(str(cell or ""))
    m = _UNIT_SUFFIX.match(key)
    return m.group(1) if m else key


# ---------------------------------------------------------------- units

def unit_of(text) -> str | None:
    """The money unit a bracket or a cell states: 元, 万元, None (none stated), or the unknown unit as written."""
    t = normalise_text(str(text or "")).strip("()[]【】:").removeprefix("单位").removeprefix("金额").strip(":")
    if not t or "元" not in t:
        return None
    if t in (YUAN, WAN):
        return t
    return t if re.search(r"[千百亿美欧港十]|万(?!元)", t) else (WAN if WAN in t else YUAN)


_STATEMENT = re.compile(r"(?:金额|计量)?单位[:]?([^;；]*)")


def units_stated(text) -> str | None:
    """The money unit a free text states (a title row, a units row, a group header), or None."""
    t = normalise_text(str(text or ""))
    m = _STATEMENT.search(t)
    if m:
        return unit_of(m.group(1))
    m = _UNIT_SUFFIX.match(t)
    if m:
        return unit_of(m.group(2))
    return unit_of(t) if t in (YUAN, WAN) else None


UNIT_TOKENS = {"元", "万元", "件", "人", "个", "学时", "小时", "次", "份", "卷", "名", "天", "%", "是/否", "-", "—", "/"}
COLUMN_NUMBERS = set("甲乙丙丁戊己庚辛壬癸")


def is_units_row(row) -> bool:
    """计量单位 | 人 | 件 | … | 万元: every filled cell a unit or a label, at least one unit."""
    cells = [normalise_text(str(c)) for c in row if c is not None and normalise_text(str(c))]
    units = [c.strip("()") for c in cells if c.strip("()") in UNIT_TOKENS]
    labels = [c for c in cells if c.strip("()") not in UNIT_TOKENS
              and (c.rstrip(":") in ("计量单位", "单位", "栏次") or units_stated(c))]
    return bool(cells) and bool(units or labels) and len(units) + len(labels) == len(cells)


def is_column_number_row(row) -> bool:
    """The 栏次 row under a header: 甲 乙 丙 … 1 2 3 …, numbers counting up by one."""
    cells = [normalise_text(str(c)) for c in row if c is not None and normalise_text(str(c))]
    cells = [c for c in cells if c != "栏次"]
    letters = [c for c in cells if c in COLUMN_NUMBERS]
    numbers = [c for c in cells if c.isdigit()]
    if len(letters) + len(numbers) != len(cells) or len(cells) < 3:
        return False
    values = [int(n) for n in numbers]
    # Numbers alone must number most of a form's columns: a branch's row of small counts is not a 栏次 row.
    return bool(letters) or (len(values) >= 5 and values == list(range(values[0], values[0] + len(values))))


# ---------------------------------------------------------------- the header block

def match_row(row, index, taken=()):
    """Columns of one row that name a field: {index: Column}."""
    out, seen = {}, set(taken)
    for j, cell in enumerate(row):
        f, unit = match_header(cell, index)
        if f and f.name not in seen:
            seen.add(f.name)
            out[j] = Column(j, f.name, str(cell).strip(), units=[unit] if unit else [])
    return out


def is_header_row(row, index, required_field) -> bool:
    cols = match_row(row, index)
    return any(c.field == required_field for c in cols.values()) and len(cols) >= MIN_HEADER_MATCHES


def group_text(rows, i, j, merges):
    """The text standing over column j in row i: the cell itself, or the merged cell covering it."""
    if i < 0 or i >= len(rows):
        return None
    row = rows[i]
    if j < len(row) and row[j] is not None and str(row[j]).strip():
        return str(row[j])
    for (r0, c0), (r1, c1) in merges or ():
        if r0 <= i <= r1 and c0 <= j <= c1 and (r0, c0) != (i, j) and r0 < len(rows) and c0 < len(rows[r0]):
            return rows[r0][c0]
    return None


def find_header(rows, index, required_field, merges=None, start=0, stop=None):
    """The first header block in rows[start:stop]: HeaderBlock, or None."""
    stop = min(len(rows), stop if stop is not None else start + HEADER_SCAN_ROWS)
    for i in range(start, stop):
        if is_header_row(rows[i], index, required_field):
            return header_block(rows, i, index, merges)
    return None


def header_block(rows, i, index, merges):
    columns = match_row(rows[i], index)
    for c in columns.values():
        c.row = i
    last = i
    # A second header row: sub-labels under a group label (下拨 under 专项经费(万元)).
    if i + 1 < len(rows) and not any(CODE_CELL.fullmatch(normalise_text(str(c or ""))) for c in rows[i + 1]):
        below = sub_headers(rows, i, index, merges, {c.field for c in columns.values()})
        if below:
            columns.update(below)
            last = i + 1
    skip = []
    for k in range(last + 1, min(last + 4, len(rows))):
        if is_units_row(rows[k]) or is_column_number_row(rows[k]):
            skip.append(k)
        else:
            break
    return HeaderBlock(i, max([last] + skip), sorted(columns.values(), key=lambda c: c.index), skip)


def sub_headers(rows, i, index, merges, taken):
    out = {}
    for j, cell in enumerate(rows[i + 1]):
        if cell is None or not str(cell).strip() or j in {c for c in range(len(rows[i])) if match_header(rows[i][c], index)[0]}:
            continue
        group = group_text(rows, i, j, merges)
        label = base_label(cell)
        candidates = [cell] + ([base_label(group) + label, label + base_label(group)] if group else [])
        for text in candidates:
            f, unit = match_header(text, index)
            if f and f.name not in taken:
                taken.add(f.name)
                out[j] = Column(j, f.name, str(cell).strip(), units=[unit] if unit else [], row=i + 1)
                break
    return out


def resolve_units(block, rows, merges, fields_by_name, above, number_of):
    """Set each money column's multiplier from every place that states a unit; refuse disagreement.

    `above` is [(0-based row index, text)] of the title rows that apply to the block; `number_of(i)` is
    the row number an officer sees for row index i."""
    for c in block.columns:
        if fields_by_name[c.field].kind != "money":
            continue
        header = fields_by_name[c.field].header
        stated = [(u, f"第{number_of(c.row)}行表头「{c.header}」") for u in c.units]
        for i in range(c.row - 1, block.row - 2, -1):  # group labels over the column, nearest first
            text = group_text(rows, i, c.index, merges)
            if text and not is_title(rows, i) and match_header(text, {})[0] is None:
                if u := units_stated(text):
                    stated.append((u, f"第{number_of(i)}行分组表头「{str(text).strip()}」"))
        for k in block.skip:
            cell = rows[k][c.index] if c.index < len(rows[k]) else None
            if cell is not None and (u := unit_of(cell)):
                stated.append((u, f"第{number_of(k)}行计量单位「{str(cell).strip()}」"))
            elif sum(1 for x in rows[k] if x is not None and str(x).strip()) == 1 and (u := units_stated(row_text(rows[k]))):
                stated.append((u, f"第{number_of(k)}行「{row_text(rows[k])}」"))
        for i, text in above:
            if (i != block.row - 1 or is_title(rows, i)) and (u := units_stated(text)):
                stated.append((u, f"第{number_of(i)}行「{text}」"))
        unknown = [(u, w) for u, w in stated if u not in MULTIPLIERS]
        if unknown:
            u, where = unknown[0]
            raise HeaderProblem(f"{where}中「{header}」的金额单位「{u}」无法识别:请使用 元 或 万元")
        if len({u for u, _ in stated}) > 1:
            (u1, w1), (u2, w2) = stated[0], next(s for s in stated if s[0] != stated[0][0])
            raise HeaderProblem(f"「{header}」的金额单位不一致:{w1}为{u1},{w2}为{u2}。请统一单位后重新导入")
        c.multiplier = MULTIPLIERS[stated[0][0]] if stated else 1


def is_title(rows, i):
    """A row whose only text is in its first column (a title, often merged across the table)."""
    if i < 0 or i >= len(rows):
        return False
    filled = [j for j, c in enumerate(rows[i]) if c is not None and str(c).strip()]
    return filled == [0]


