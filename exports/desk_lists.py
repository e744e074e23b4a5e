"""The data desk's lists as workbooks, always in Chinese because they go to the branches and county
offices: the 退回修改清单 (rejected rows as written, with the reasons) and the 催报名单."""
import pandas as pd

from domain.desk import EXPORT_CAP, FORM_HEADERS, REGISTER_HEADERS, missing_table, reject_table
from exports.writer import frame_sheet, workbook
from i18n import t
from warehouse import Scope, run_query


def capped(total: int) -> str:
    return t("data_desk.xlsx.capped", "zh", cap=f"{EXPORT_CAP:,}") if total > EXPORT_CAP else ""


def rejects_workbook(rejects: pd.DataFrame, kind: str, label: str, footer: str = "") -> bytes:
    """The 退回修改清单 of one file or county."""
    table = reject_table(rejects, kind, lang="zh")
    total = int(rejects.total.iloc[0]) if len(rejects) else 0
    title = t("data_desk.xlsx.returns_title", "zh", label=label, n=f"{total:,}") + capped(total)
    reasons = t("data_desk.col.reasons", "zh")
    code, name = FORM_HEADERS["branch_code"], FORM_HEADERS["branch_name"]
    return workbook([frame_sheet(t("data_desk.xlsx.returns_sheet", "zh"), title, table, text=[code], wrap=[reasons],
                                 widths={reasons: 50, code: 16, name: 30})], footer=footer)


def missing_workbook(missing: pd.DataFrame, period_label: str, region: str, footer: str = "") -> bytes:
    """The 催报名单 of one quarter and region."""
    total = int(missing.total.iloc[0]) if len(missing) else 0
    title = t("data_desk.xlsx.missing_title", "zh", period=period_label, region=region, n=f"{total:,}")
    code, name, phone = (REGISTER_HEADERS[k] for k in ("branch_code", "branch_name", "phone"))
    return workbook([frame_sheet(t("data_desk.xlsx.missing_sheet", "zh"), title + capped(total),
                                 missing_table(missing), text=[code, phone],
                                 widths={code: 16, name: 36, phone: 16})], footer=footer)


def rejects_xlsx(scope: Scope, kind: str, label: str, footer: str = "", **params) -> bytes:
    """Every rejected row chosen by params (see queries/desk_rejects.sql), up to EXPORT_CAP, as xlsx."""
    rows = run_query("desk_rejects", scope, **params, limit=EXPORT_CAP, offset=0)
    return rejects_workbook(rows, kind, label, footer)


def missing_xlsx(scope: Scope, period_label: str, region: str, footer: str = "", **params) -> bytes:
    """Every branch yet to submit in the region of params, up to EXPORT_CAP, as xlsx."""
    rows = run_query("desk_missing", scope, **params, limit=EXPORT_CAP, offset=0)
    return missing_workbook(rows, period_label, region, footer)
