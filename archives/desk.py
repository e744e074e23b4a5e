"""The data desk's glue, without Streamlit UI: load files uploaded in the browser through the same ETL
as the command line, label the desk's tables, and write the xlsx lists sent back to branches."""
import datetime
import io
import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from archives.data import run_query
from archives.i18n import t
from archives.scope import Scope
from etl import uploads as etl_uploads
from etl.spec import FORM_FIELDS, REGISTER_FIELDS

FILE_TYPES = etl_uploads.FILE_TYPES
EXPORT_CAP = 200_000        # rows in one downloaded list
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MISSING_FIELDS = ("branch_code", "branch_name", "county_name", "township", "org_type", "contact", "phone")
FORM_HEADERS = {f.name: f.header for f in FORM_FIELDS}
REGISTER_HEADERS = {f.name: f.header for f in REGISTER_FIELDS}


# ---------------------------------------------------------------- loading uploads

def can_load(scope: Scope) -> bool:
    """Loading changes every county's data: only a user who sees everything may do it."""
    return scope.prefix == ""


def recent_quarters(today: datetime.date | None = None, n: int = 12) -> list[str]:
    """The current quarter and the n - 1 before it, newest first: '2026Q4', '2026Q3', ..."""
    today = today or datetime.date.today()
    index = today.year * 4 + (today.month - 1) // 3
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(index, index - n, -1)]


def load_uploads(uploads, kind: str, scope: Scope, period: str | None = None, db=None, on_result=None):
    """Load uploaded (name, bytes) files through etl.uploads, if this user may load files."""
    if not can_load(scope):
        raise PermissionError("only a user whose scope is everything may load files")
    return etl_uploads.load_uploads(uploads, kind, period, db, on_result)


def county_name(filters) -> str | None:
    """The county chosen in the filters, by name (for the template's title), or None."""
    if filters is None or not filters.county:
        return None
    return filters.region_label.removesuffix(filters.township).strip()


def summary(results) -> dict:
    """How many files per status, and how many rows went in."""
    counts = {s: sum(r.status == s for r in results) for s in ("loaded", "unchanged", "failed")}
    return {"n": len(results), "rows": sum(r.loaded for r in results), **counts}


def results_table(results) -> pd.DataFrame:
    """What each uploaded file gave, with the labels the page shows."""
    rows = [{"file": r.path.name, "status": t(f"data_desk.status.{r.status}"), "loaded": r.loaded,
             "rejected": r.rejected, "warned": r.warned, "skipped": r.skipped, "duplicate": r.duplicate,
             "period": "、".join(r.periods), "period_source": r.period_source, "message": r.message}
            for r in results]
    return labelled(pd.DataFrame(rows, columns=["file", "status", "loaded", "rejected", "warned", "skipped",
                                                "duplicate", "period", "period_source", "message"]))


# ---------------------------------------------------------------- tables on screen

def labelled(df: pd.DataFrame, lang=None) -> pd.DataFrame:
    return df.rename(columns={c: t(f"data_desk.col.{c}", lang=lang) for c in df.columns})


def history_table(loads: pd.DataFrame) -> pd.DataFrame:
    shown = loads.drop(columns=["load_id", "total"]).copy()
    shown["kind"] = shown.kind.map(lambda k: t(f"data_desk.kind.{k}"))
    shown["status"] = shown.status.map(lambda s: t(f"data_desk.status.{s}"))
    return labelled(shown)


def form_fields(kind: str):
    return FORM_FIELDS if kind == "form" else REGISTER_FIELDS


def reject_table(rejects: pd.DataFrame, kind: str, with_fixed=False, reasons_first=False, lang=None) -> pd.DataFrame:
    """One row per rejected row: its cells as written under the template headers, then why it was
    returned, the file and the row (first, on screen). A period the file gave in its title fills an
    empty 统计期."""
    fields = form_fields(kind)
    raws = [json.loads(r) if isinstance(r, str) else {} for r in rejects.raw]
    table = pd.DataFrame({f.header: [raw.get(f.name) for raw in raws] for f in fields}, dtype=object)
    period = FORM_HEADERS["period"]
    if kind == "form" and len(table):
        table[period] = table[period].where(table[period].notna(), rejects.period.to_numpy())
    where = [f"{file}({t('data_desk.col.sheet', lang=lang)} {sheet})" if isinstance(sheet, str) else file
             for file, sheet in zip(rejects.source_file, rejects.sheet)]
    extra = {"reasons": rejects.reasons.to_numpy(), "file": where, "row": rejects.row_number.to_numpy()}
    if with_fixed:
        extra["fixed"] = rejects.is_fixed.to_numpy()
    extra = labelled(pd.DataFrame(extra), lang)
    if not reasons_first:
        return pd.concat([table, extra], axis=1)
    first = [t(f"data_desk.col.{k}", lang=lang) for k in ("row", "reasons")]
    return pd.concat([extra[first], table, extra.drop(columns=first)], axis=1)


def stem(label: str) -> str:
    """A file name without its extension, for naming a download after it."""
    return Path(label).stem if Path(label).suffix.lower().lstrip(".") in FILE_TYPES else label


def warnings_table(warnings: pd.DataFrame) -> pd.DataFrame:
    shown = warnings[["row_number", "sheet", "branch_code", "branch_name", "period", "reasons"]]
    return labelled(shown.rename(columns={"row_number": "row", "reasons": "warning"}))


def missing_table(missing: pd.DataFrame) -> pd.DataFrame:
    """The 催报名单 with the register's headers."""
    return missing[list(MISSING_FIELDS)].rename(columns=REGISTER_HEADERS)


# ---------------------------------------------------------------- xlsx lists

def list_workbook(sheet: str, title: str, table: pd.DataFrame, text_columns=(), wrap_columns=(), widths=None) -> bytes:
    """A title row, a header row and one row per table row; write-only, so 200,000 rows fit in memory.
    Every value is written as text, as it was written (codes keep their 12 digits)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for i, column in enumerate(table.columns):
        width = (widths or {}).get(column) or max(10, min(40, 2.2 * len(column)))
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.freeze_panes = "A3"
    cell = WriteOnlyCell(ws, value=title)
    cell.font = Font(size=13, bold=True)
    ws.append([cell])
    ws.append([_bold(ws, c) for c in table.columns])
    wrap = {table.columns.get_loc(c) for c in wrap_columns if c in table.columns}
    text = {table.columns.get_loc(c) for c in text_columns if c in table.columns}
    for row in table.itertuples(index=False):
        ws.append([_cell(ws, v, j in wrap, j in text) for j, v in enumerate(row)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bold(ws, value):
    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(bold=True)
    return cell


def _cell(ws, value, wrap, text):
    if value is None or value is pd.NA or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if not (wrap or text):
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    cell = WriteOnlyCell(ws, value=str(value))
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if text:
        cell.number_format = "@"
    return cell


def rejects_workbook(rejects: pd.DataFrame, kind: str, label: str) -> bytes:
    """The 退回修改清单 (always in Chinese: it goes to the branches)."""
    table = reject_table(rejects, kind, lang="zh")
    total = int(rejects.total.iloc[0]) if len(rejects) else 0
    title = t("data_desk.xlsx.returns_title", lang="zh", label=label, n=f"{total:,}") + capped(total)
    reasons = t("data_desk.col.reasons", lang="zh")
    code, name = FORM_HEADERS["branch_code"], FORM_HEADERS["branch_name"]
    return list_workbook(t("data_desk.xlsx.returns_sheet", lang="zh"), title, table, text_columns=[code],
                         wrap_columns=[reasons], widths={reasons: 50, code: 16, name: 30})


def missing_workbook(missing: pd.DataFrame, period_label: str, region: str) -> bytes:
    """The 催报名单 of one quarter and region (always in Chinese: it goes to the county offices)."""
    total = int(missing.total.iloc[0]) if len(missing) else 0
    title = t("data_desk.xlsx.missing_title", lang="zh", period=period_label, region=region, n=f"{total:,}")
    code, name, phone = (REGISTER_HEADERS[k] for k in ("branch_code", "branch_name", "phone"))
    return list_workbook(t("data_desk.xlsx.missing_sheet", lang="zh"), title + capped(total), missing_table(missing),
                         text_columns=[code, phone], widths={code: 16, name: 36, phone: 16})


def capped(total: int) -> str:
    return t("data_desk.xlsx.capped", lang="zh", cap=f"{EXPORT_CAP:,}") if total > EXPORT_CAP else ""


def rejects_xlsx(scope: Scope, kind: str, label: str, **params) -> bytes:
    """Every rejected row chosen by params (see queries/desk_rejects.sql), up to EXPORT_CAP, as xlsx."""
    rows = run_query("desk_rejects", scope, **params, limit=EXPORT_CAP, offset=0)
    return rejects_workbook(rows, kind, label)


def missing_xlsx(scope: Scope, period_label: str, region: str, **params) -> bytes:
    """Every branch yet to submit in the region of params, up to EXPORT_CAP, as xlsx."""
    rows = run_query("desk_missing", scope, **params, limit=EXPORT_CAP, offset=0)
    return missing_workbook(rows, period_label, region)
