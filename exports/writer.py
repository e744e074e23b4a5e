"""The one writer of every table the product hands out, as xlsx or csv: no cell is ever a live formula,
no cell exceeds Excel's limit, and the title, scope and filters are printed above each table.

Every download (lists, plans, templates, briefing tables) describes its sheets as `Sheet`s and calls
`workbook()` or `csv_bytes()`; nothing else in the product writes a spreadsheet.
"""
import csv
import datetime
import decimal
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
MAX_CELL = 32_767                         # Excel's limit on the characters of one cell
CUT_MARKER = "…(内容过长,已截断)"
# Text a spreadsheet program may run as a formula (OWASP's CSV injection list: = + - @, tab, CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")   # control characters XML cannot hold

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
TEXT = "@"


@dataclass(frozen=True)
class Column:
    header: str
    width: float | None = None          # None: from the header's length
    number_format: str | None = None    # None: General; "@" text; "#,##0", "0.0", "0%" ...
    wrap: bool = False

    @property
    def decimals(self) -> int | None:
        """Places a number is rounded to, as its format shows it ('0.0' → 1, '0.0%' → 3); None: as is."""
        fmt = self.number_format
        if not fmt or fmt == TEXT:
            return None
        first = fmt.split(";")[0]
        places = len(first.split(".")[1].rstrip("%").rstrip("_)")) if "." in first else 0
        return places + (2 if first.endswith("%") else 0)


@dataclass
class Sheet:
    """One table: a title, lines saying what it shows (scope, filters, data time), a header and rows."""
    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence] = ()
    title: str = ""
    notes: Sequence[str] = ()            # printed under the title, one line each
    totals: Sequence[Sequence] = ()      # written in bold after the rows
    freeze_columns: int = 0              # columns kept in view left of the scrolling part
    borders: bool = False                # a box round every cell (costly on very long lists)
    title_size: int = 14
    header_height: float | None = None
    validations: Sequence = ()           # (column index, DataValidation keyword arguments) over `validation_rows`
    validation_rows: int = 0
    column_formats: bool = False         # apply each column's number format to the whole column (templates)

    @property
    def header_row(self) -> int:
        return (1 if self.title else 0) + len(self.notes) + 1


def safe_text(value) -> str:
    """Text as a cell may hold it: control characters dropped, cut with a marker at Excel's limit."""
    text = _ILLEGAL.sub("", str(value))
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - len(CUT_MARKER)] + CUT_MARKER


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def plain(value, decimals: int | None = None):
    """A value as the file stores it: None for blanks, numbers rounded as shown, yes/no as 是/否,
    dates as dates, the rest as safe text."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):   # numpy scalars
        value = value.item()
    if value is None or value is _NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, (int, float)):
        return round(value, decimals) if decimals is not None and isinstance(value, float) else value
    if isinstance(value, datetime.datetime):
        return datetime.datetime(*value.timetuple()[:6])
    if isinstance(value, datetime.date):
        return value
    text = safe_text(value)
    return text if text != "" else None


try:  # pandas' missing value, without making pandas a requirement of this module
    import pandas as _pd
    _NA = _pd.NA
except ImportError:  # pragma: no cover
    _NA = object()


def frame_sheet(name: str, title: str, table, headers: dict | None = None, formats: dict | None = None,
                widths: dict | None = None, text=(), wrap=(), notes: Sequence[str] = (), title_size: int = 13) -> Sheet:
    """A sheet of a pandas table: `headers` ({column: header}, default every column as named) picks and names
    the columns, `formats` ({column: number format}) says how each shows (and so how it is rounded), `text`
    columns stay text (codes keep their 12 digits). Rows stream, so 200,000 fit in bounded memory."""
    headers = headers or {c: c for c in table.columns}
    formats, widths = formats or {}, widths or {}
    columns = [Column(header, widths.get(col), TEXT if col in text else formats.get(col), wrap=col in wrap)
               for col, header in headers.items()]
    return Sheet(name, columns, table[list(headers)].itertuples(index=False), title=title, notes=notes,
                 title_size=title_size)


# ---------------------------------------------------------------- xlsx

def workbook(sheets: Sequence[Sheet], footer: str = "") -> bytes:
    """The workbook's bytes. `footer` (who exported it and when) goes in every printed page's footer."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book.create_sheet(safe_text(sheet.name)[:31]), sheet, footer)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(ws, sheet: Sheet, footer: str):
    columns = list(sheet.columns)
    last = get_column_letter(max(len(columns), 1))
    for i, column in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        dimension.width = column.width or max(10, min(40, 2.2 * len(column.header)))
        if sheet.column_formats and column.number_format:
            dimension.number_format = column.number_format
    # Write-only sheets write their views and row heights with the first row: set them first.
    header = sheet.header_row
    ws.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}{header + 1}"
    if sheet.header_height:
        ws.row_dimensions[header].height = sheet.header_height
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if footer:
        ws.oddFooter.center.text = safe_text(footer).replace("&", "&&")
    row = 0
    if sheet.title:
        row += 1
        ws.append([_styled(ws, sheet.title, font=Font(bold=True, size=sheet.title_size),
                           alignment=Alignment(horizontal="center" if sheet.columns else "left"))])
        if len(columns) > 1:
            ws.merged_cells.add(f"A{row}:{last}{row}")
    for note in sheet.notes:
        row += 1
        ws.append([_styled(ws, note, alignment=Alignment(horizontal="left"))])
        if len(columns) > 1:
            ws.merged_cells.add(f"A{row}:{last}{row}")
    border = BOX if sheet.borders else None
    ws.append([_styled(ws, c.header, font=Font(bold=True), fill=HEADER_FILL, border=BOX,
                       alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
               for c in columns])
    cells = [_cell_maker(ws, c, border) for c in columns]
    for values in sheet.rows:
        ws.append([make(v) for make, v in zip(cells, values)])
    bold = [_cell_maker(ws, c, border, bold=True) for c in columns]
    for values in sheet.totals:
        ws.append([make(v) for make, v in zip(bold, values)])
    for index, options in sheet.validations:
        validation = DataValidation(allow_blank=True, showErrorMessage=True, **options)
        col = get_column_letter(index + 1)
        validation.add(f"{col}{header + 1}:{col}{header + sheet.validation_rows}")
        ws.data_validations.append(validation)


def _styled(ws, value, font=None, fill=None, border=None, alignment=None, number_format=None):
    cell = WriteOnlyCell(ws, value=None)
    _set(cell, value)
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if border:
        cell.border = border
    if alignment:
        cell.alignment = alignment
    if number_format:
        cell.number_format = number_format
    return cell


def _set(cell, value):
    """Put a value in a cell so that text is always text: never a formula, even if it starts with '='."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True     # stays text when an officer edits the cell in Excel


def _cell_maker(ws, column: Column, border, bold=False):
    """A function turning one value of this column into what the row appends (plain values where possible:
    a styled cell costs far more to write)."""
    decimals = column.decimals
    is_text = column.number_format == TEXT
    alignment = Alignment(vertical="top", wrap_text=True) if column.wrap else None
    font = Font(bold=True) if bold else None
    styled = bool(border or alignment or font or (column.number_format and not is_text))

    def make(value):
        value = plain(value, decimals)
        if value is None and not (border or font):
            return None
        if is_text and value is not None and not isinstance(value, str):
            value = _as_text(value)
        if isinstance(value, str) and looks_like_formula(value) or styled:
            return _styled(ws, value, font=font, border=border, alignment=alignment,
                           number_format=column.number_format)
        return value
    return make


def _as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


# ---------------------------------------------------------------- csv

def csv_bytes(sheet: Sheet) -> bytes:
    """UTF-8 with a BOM (Excel then reads the Chinese right): title and notes, header, rows, totals.
    Text that could run as a formula gets a leading apostrophe, as Excel's own text marker."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in ([sheet.title] if sheet.title else []) + list(sheet.notes):
        writer.writerow([_csv_value(line)])
    writer.writerow([_csv_value(c.header) for c in sheet.columns])
    decimals = [c.decimals for c in sheet.columns]
    for values in list(sheet.rows) + list(sheet.totals):
        writer.writerow([_csv_value(v, d) for v, d in zip(values, decimals)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value, decimals=None):
    value = plain(value, decimals)
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    text = _as_text(value)
    return "'" + text if looks_like_formula(text) else text
