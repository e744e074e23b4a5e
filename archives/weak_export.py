"""薄弱支部: the score settings that queries/weak_*.sql take as parameters (default weights, cut-offs,
reason phrases from the catalogue), the list as the page shows it, and its xlsx export with Chinese headers."""
from io import BytesIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from archives.i18n import t

# Defaults (docs/indicators.md); the page lets the leader change every one of them.
RESOURCE = {"fulltime": 0.25, "room": 0.2, "coverage": 0.25, "hours": 0.1, "funds": 0.2}
PERFORMANCE = {"completeness": 0.4, "accuracy": 0.4, "digitisation": 0.2}
CUTS = {"resource_cut": 60.0, "performance_cut": 60.0, "hours_target": 8.0}
GROUPS = ("under", "management", "lean", "sound")
PRIOR_STRENGTH = 20          # k of the shrunk accuracy, fixed in queries/build/scores.sql as on the classification page
EXPORT_CAP = 200_000
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REASONS = ("no_staff", "no_fulltime", "room_unknown", "no_room", "untrained_year", "low_coverage", "low_hours",
           "no_funds", "low_funds", "low_completeness", "low_accuracy", "low_digitisation", "near_cut",
           "not_submitted", "unscorable")
COMPONENTS = (*RESOURCE, *PERFORMANCE)


def query_params(weights: dict, cuts: dict, lang: str = "zh") -> dict:
    """The parameters of queries/weak_*.sql beyond the filters: $w_<component>, the cut-offs, the target
    hours, and the reason phrases ($why_*, $sep) in the chosen language."""
    return ({f"w_{k}": float(v) for k, v in weights.items()} | {k: float(v) for k, v in cuts.items()}
            | {f"why_{k}": t(f"weak.why.{k}", lang=lang) for k in REASONS} | {"sep": t("weak.why.sep", lang=lang)})


def notes(counts: dict, lang: str = "zh") -> str:
    """What the chart's numbers rest on: the funds median in view, and how many branches had the archive room
    or the funds component left out (queries/build/scores.sql)."""
    median = counts["funds_median"]
    parts = [t("weak.median_none", lang=lang) if pd.isna(median) or not median
             else t("weak.median_note", lang=lang, median=f"{median:,.2f}")]
    parts += [t(f"weak.{k}_note", lang=lang, n=f"{counts[c]:,}")
              for k, c in (("room", "room_unknown"), ("funds", "funds_left_out")) if counts[c]]
    return " ".join(parts)


def percent(value) -> str:
    return t("na") if pd.isna(value) else f"{float(value):.0%}"


def shown(rows: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A page of queries/weak_list.sql as the table shows it: scores with one decimal, components as
    percentages ('—' when left out), the quadrant in words."""
    return rows.assign(
        group=[t(f"weak.group.{q}", lang=lang) for q in rows.quadrant],
        resource_score=rows.resource_score.astype(float).round(1),
        performance_score=rows.performance_score.astype(float).round(1),
        reason=rows.reason.fillna(""),
        **{f"c_{c}": [percent(v) for v in rows[f"c_{c}"]] for c in COMPONENTS})


def columns(lang: str = "zh", unknown: bool = False) -> dict:
    """{column: header} of the list: the branch, its scores, reason and components; for the unknown group
    the branch, why it is there, and whom to call."""
    branch = {"branch_name": t("col.branch_name", lang=lang), "county_name": t("col.county_name", lang=lang),
              "township": t("col.township", lang=lang)}
    if unknown:
        return {**branch, "org_type": t("col.org_type", lang=lang), "reason": t("weak.col.status", lang=lang),
                "contact": t("col.contact", lang=lang), "phone": t("col.phone", lang=lang)}
    return {**branch, "resource_score": t("weak.score.resource", lang=lang),
            "performance_score": t("weak.score.performance", lang=lang), "reason": t("weak.col.reason", lang=lang),
            **{f"c_{c}": t(f"weak.w.{c}", lang=lang) for c in COMPONENTS}, "group": t("weak.col.group", lang=lang)}


# The xlsx: (column of weak_list, header key, width, number format); components as fractions shown as %.
SHEET = (("no", "weak.col.no", 7, "0"), ("branch_code", "col.branch_code", 15, "@"),
         ("branch_name", "col.branch_name", 38, "@"), ("county_name", "col.county_name", 14, "@"),
         ("township", "col.township", 14, "@"), ("org_type", "col.org_type", 12, "@"),
         ("group", "weak.col.group", 20, "@"), ("resource_score", "weak.score.resource", 10, "0.0"),
         ("performance_score", "weak.score.performance", 10, "0.0"), ("reason", "weak.col.reason", 60, "@"),
         *((f"c_{c}", f"weak.w.{c}", 12, "0%") for c in COMPONENTS),
         ("contact", "col.contact", 10, "@"), ("phone", "col.phone", 15, "@"))


def fetch(scope, params: dict, cap: int = EXPORT_CAP) -> pd.DataFrame:
    """The whole filtered list (params: the filters, query_params and $group) in the page's order, at most
    `cap` rows."""
    from archives.data import run_query
    return run_query("weak_list", scope, **{**params, "limit": cap, "offset": 0})


def export(scope, params: dict, total: int, context: dict, lang: str = "zh") -> bytes:
    """The download: the whole filtered list as a workbook (runs when the button is pressed)."""
    return to_xlsx(fetch(scope, params), total, context, params, lang)


def to_xlsx(rows: pd.DataFrame, total: int, context: dict, settings: dict, lang: str = "zh",
            cap: int = EXPORT_CAP) -> bytes:
    """The workbook's bytes: the list (title; quarter, region, group and how many branches the list has, and
    whether it was cut at `cap`; then one row per branch) and a method sheet with the weights and cut-offs
    used. `context` has period, region and group as shown; `settings` the query parameters (query_params)."""
    book = Workbook(write_only=True)   # write-only: 200,000 rows in bounded memory
    sheet = book.create_sheet(t("weak.xlsx.sheet", lang=lang))
    for i, (_, _, width, _) in enumerate(SHEET, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "C4"
    subtitle = t("weak.xlsx.subtitle", lang=lang, period=context.get("period", ""), region=context.get("region", ""),
                 group=context.get("group", ""), total=f"{total:,}")
    if total > cap:
        subtitle += t("weak.xlsx.capped", lang=lang, cap=f"{cap:,}")
    sheet.append([_bold(sheet, t("weak.xlsx.title", lang=lang), 14)])
    sheet.append([subtitle])
    sheet.append([_bold(sheet, t(key, lang=lang), fill=True) for _, key, _, _ in SHEET])
    formats = [fmt for *_, fmt in SHEET]
    data = rows.assign(no=range(1, len(rows) + 1), group=[t(f"weak.group.{q}", lang=lang) for q in rows.quadrant])
    for values in data[[col for col, *_ in SHEET]].itertuples(index=False):
        sheet.append([_cell(sheet, v, fmt) for v, fmt in zip(values, formats)])
    median = rows.funds_median.iloc[0] if len(rows) else None
    _method_sheet(book.create_sheet(t("weak.xlsx.method", lang=lang)), {**settings, "funds_median": median}, lang)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet, value, size=11, fill=False):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True, size=size)
    if fill:
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    return cell


def _cell(sheet, value, number_format):
    """Numbers keep their format (0.0, 0%); text and blanks go in as they are (cheaper)."""
    if value is None or value is pd.NA or value == "" or (isinstance(value, float) and value != value):  # NaN
        return None
    if number_format in ("@", "0"):
        return value if number_format == "0" else str(value)
    cell = WriteOnlyCell(sheet, value=float(value))
    cell.number_format = number_format
    return cell


def _method_sheet(sheet, settings: dict, lang: str):
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 36, 40
    sheet.append([_bold(sheet, t("weak.xlsx.item", lang=lang), fill=True),
                  _bold(sheet, t("weak.xlsx.value", lang=lang), fill=True)])
    for group, key in ((RESOURCE, "weak.score.resource"), (PERFORMANCE, "weak.score.performance")):
        for c in group:
            name = f"{t(key, lang=lang)} · {t(f'weak.w.{c}', lang=lang)}"
            sheet.append([t("weak.xlsx.weight_of", lang=lang, name=name), settings.get(f"w_{c}")])
    for k in CUTS:
        sheet.append([t(f"weak.cut.{k}", lang=lang), settings.get(k)])
    sheet.append([t("weak.xlsx.prior", lang=lang), PRIOR_STRENGTH])
    median = settings.get("funds_median")
    sheet.append([t("weak.xlsx.median", lang=lang), None if pd.isna(median) else round(float(median), 2)])
