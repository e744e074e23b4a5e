"""A table of the dashboard as xlsx or csv through the one writer: the page's Chinese headers, rates as
percentages and money in 万元 with two decimals (rounded as the page shows them), codes as text, and the filters and
data time printed above it (exports.provenance)."""
import pandas as pd

from domain.filters import EXPORT_CAP
from domain.indicators import RATE_COLUMNS
from domain.money import in_wan
from exports.provenance import Provenance
from exports.writer import CSV_MIME, XLSX_MIME, csv_bytes, frame_sheet, workbook

TEXT_COLUMNS = ("branch_code", "county_code", "phone", "region_code")
SCORE_COLUMNS = ("resource_score", "performance_score")
MIMES = {"xlsx": XLSX_MIME, "csv": CSV_MIME}


def number_format(column: str, values: pd.Series) -> str | None:
    """How a column of the dashboard shows: by its canonical name, else whole numbers with separators."""
    if column in RATE_COLUMNS or column.endswith(("_rate", "_share")) or column.startswith("c_"):
        return "0.0%"
    if column.startswith("funds_"):
        return "#,##0.00"
    if column in SCORE_COLUMNS or column.endswith("_pct") or column == "hours_per_staff":
        return "0.0"
    if pd.api.types.is_integer_dtype(values) or column in ("registered", "submitted", "total") \
            or column.startswith(("docs_", "archive_staff", "staff_")):
        return "#,##0"
    return None


def sheet(table: pd.DataFrame, headers: dict, title: str, provenance: Provenance, notes=None):
    """The writer's Sheet of `table` (canonical column names) with `headers` ({column: header}) in order,
    the provenance's lines (or `notes`) above it."""
    present = {c: h for c, h in headers.items() if c in table.columns}
    formats = {c: number_format(c, table[c]) for c in present}
    return frame_sheet(title[:31] or "表", title, table, present, formats=formats,
                       text=[c for c in present if c in TEXT_COLUMNS],
                       notes=provenance.lines() if notes is None else notes)


def file_bytes(fmt: str, table: pd.DataFrame, headers: dict, title: str, provenance: Provenance) -> bytes:
    """The table as 'xlsx' or 'csv' (UTF-8 with BOM); who made it and when is the workbook's footer, and in a
    csv (which has none) the last line above the table."""
    table = in_wan(table.head(EXPORT_CAP))       # amounts in 万元, as the page shows them
    if fmt == "csv":
        return csv_bytes(sheet(table, headers, title, provenance, notes=[*provenance.lines(), provenance.footer()]))
    return workbook([sheet(table, headers, title, provenance)], footer=provenance.footer())
