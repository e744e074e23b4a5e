"""The data desk's lists as tables: what each upload gave, the load history, returned rows as they were
written (退回), warnings and branches yet to submit (催报), labelled for the screen and the files."""
import json
from pathlib import Path

import pandas as pd

from domain.filters import EXPORT_CAP  # noqa: F401 (the desk's lists are cut there)
from etl import uploads as etl_uploads
from etl.spec import FORM_FIELDS, REGISTER_FIELDS
from i18n import t
from warehouse.scope import Scope

FILE_TYPES = etl_uploads.FILE_TYPES
MISSING_FIELDS = ("branch_code", "branch_name", "county_name", "township", "org_type", "contact", "phone")
FORM_HEADERS = {f.name: f.header for f in FORM_FIELDS}
REGISTER_HEADERS = {f.name: f.header for f in REGISTER_FIELDS}


# ---------------------------------------------------------------- loading uploads

def load_uploads(uploads, kind: str, scope: Scope, period: str | None = None, db=None, on_result=None,
                 on_progress=None):
    """Load uploaded (name, bytes) files through etl.uploads (a child process with memory and time limits)
    for a user whose scope is `scope`: rows of branches outside it are returned (不在本账号管辖范围); who may
    load at all is the UI's to check. on_progress hears of each file as it is checked, on_result once loaded."""
    return etl_uploads.load_uploads(uploads, kind, period, db, on_result, region=scope.prefix or None,
                                    on_progress=on_progress)


def file_label(name, lang: str = "zh") -> str:
    """A file's name, or what stands for it when the file also held another region's rows (the query gives
    NULL then: see shown_file in queries/build/access.sql)."""
    return name if isinstance(name, str) and name else t("data_desk.hidden_file", lang)


def county_name(filters) -> str | None:
    """The county chosen in the filters, by name (for the template's title), or None."""
    if filters is None or not filters.county:
        return None
    return filters.region_label.removesuffix(filters.township).strip()


def summary(results) -> dict:
    """How many files per status, and how many rows went in."""
    counts = {s: sum(r.status == s for r in results) for s in ("loaded", "unchanged", "failed")}
    return {"n": len(results), "rows": sum(r.loaded for r in results),
            "returned": sum(r.rejected for r in results), **counts}


def results_table(results, lang: str = "zh") -> pd.DataFrame:
    """What each uploaded file gave, with the labels the page shows."""
    rows = [{"file": r.name, "status": t(f"data_desk.status.{r.status}", lang), "loaded": r.loaded,
             "rejected": r.rejected, "warned": r.warned, "skipped": r.skipped, "duplicate": r.duplicate,
             "period": "、".join(r.periods), "period_source": r.period_source, "message": r.message}
            for r in results]
    return labelled(pd.DataFrame(rows, columns=["file", "status", "loaded", "rejected", "warned", "skipped",
                                                "duplicate", "period", "period_source", "message"]), lang)


# ---------------------------------------------------------------- tables on screen

def labelled(df: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    return df.rename(columns={c: t(f"data_desk.col.{c}", lang=lang) for c in df.columns})


def history_table(loads: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    shown = loads.drop(columns=["load_id", "total"]).copy()
    shown["source_file"] = [file_label(f, lang) for f in shown.source_file]
    shown["kind"] = shown.kind.map(lambda k: t(f"data_desk.kind.{k}", lang))
    shown["status"] = shown.status.map(lambda s: t(f"data_desk.status.{s}", lang))
    return labelled(shown, lang)


def form_fields(kind: str):
    return FORM_FIELDS if kind == "form" else REGISTER_FIELDS


def reject_table(rejects: pd.DataFrame, kind: str, with_fixed=False, reasons_first=False, lang: str = "zh") -> pd.DataFrame:
    """One row per rejected row: its cells as written under the template headers, then why it was
    returned, the file and the row (first, on screen). A period the file gave in its title fills an
    empty 统计期."""
    fields = form_fields(kind)
    raws = [json.loads(r) if isinstance(r, str) else {} for r in rejects.raw]
    table = pd.DataFrame({f.header: [raw.get(f.name) for raw in raws] for f in fields}, dtype=object)
    period = FORM_HEADERS["period"]
    if kind == "form" and len(table):
        table[period] = table[period].where(table[period].notna(), rejects.period.to_numpy())
    files = [file_label(f, lang) for f in rejects.source_file]
    where = [f"{file}({t('data_desk.col.sheet', lang=lang)} {sheet})" if isinstance(sheet, str) else file
             for file, sheet in zip(files, rejects.sheet)]
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


def warnings_table(warnings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    shown = warnings[["row_number", "sheet", "branch_code", "branch_name", "period", "reasons"]]
    return labelled(shown.rename(columns={"row_number": "row", "reasons": "warning"}), lang)


def missing_table(missing: pd.DataFrame) -> pd.DataFrame:
    """The 催报名单 with the register's headers."""
    return missing[list(MISSING_FIELDS)].rename(columns=REGISTER_HEADERS)
