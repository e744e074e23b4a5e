"""薄弱支部 as a workbook: the filtered list with Chinese headers, and a method sheet with the weights used."""
import pandas as pd

from domain.stats import PRIOR_STRENGTH
from domain.weak import COMPONENTS, CUTS, EXPORT_CAP, PERFORMANCE, RESOURCE
from exports.writer import TEXT, Column, Sheet, workbook
from i18n import t
from warehouse import run_query

# The list: (column of weak_list, header key, width, number format); components as fractions shown as %.
LIST = (("no", "weak.col.no", 7, "0"), ("branch_code", "col.branch_code", 15, TEXT),
        ("branch_name", "col.branch_name", 38, TEXT), ("county_name", "col.county_name", 14, TEXT),
        ("township", "col.township", 14, TEXT), ("org_type", "col.org_type", 12, TEXT),
        ("group", "weak.col.group", 20, TEXT), ("resource_score", "weak.score.resource", 10, "0.0"),
        ("performance_score", "weak.score.performance", 10, "0.0"), ("reason", "weak.col.reason", 60, TEXT),
        *((f"c_{c}", f"weak.w.{c}", 12, "0%") for c in COMPONENTS),
        ("contact", "col.contact", 10, TEXT), ("phone", "col.phone", 15, TEXT))


def fetch(scope, params: dict, cap: int = EXPORT_CAP) -> pd.DataFrame:
    """The whole filtered list (params: the filters, query_params and $group) in the page's order, at most
    `cap` rows."""
    return run_query("weak_list", scope, **{**params, "limit": cap, "offset": 0})


def export(scope, params: dict, total: int, context: dict, lang: str = "zh", provenance=None) -> bytes:
    """The download: the whole filtered list as a workbook (runs when the button is pressed), with the
    filters, data time and footer of `provenance` (exports.provenance.Provenance)."""
    return to_xlsx(fetch(scope, params), total, context, params, lang, provenance=provenance)


def to_xlsx(rows: pd.DataFrame, total: int, context: dict, settings: dict, lang: str = "zh",
            cap: int = EXPORT_CAP, provenance=None) -> bytes:
    """The workbook's bytes: the list (title; quarter, region, group and how many branches the list has, and
    whether it was cut at `cap`; then one row per branch) and a method sheet with the weights and cut-offs
    used. `context` has period, region and group as shown; `settings` the query parameters (query_params)."""
    subtitle = t("weak.xlsx.subtitle", lang, period=context.get("period", ""), region=context.get("region", ""),
                 group=context.get("group", ""), total=f"{total:,}")
    if total > cap:
        subtitle += t("weak.xlsx.capped", lang, cap=f"{cap:,}")
    data = rows.assign(no=range(1, len(rows) + 1), group=[t(f"weak.group.{q}", lang) for q in rows.quadrant])
    listing = Sheet(t("weak.xlsx.sheet", lang), [Column(t(key, lang), width, fmt) for _, key, width, fmt in LIST],
                    data[[col for col, *_ in LIST]].itertuples(index=False), title=t("weak.xlsx.title", lang),
                    notes=[subtitle, *(provenance.lines() if provenance else ())], freeze_columns=2)
    median = rows.funds_median.iloc[0] if len(rows) else None
    return workbook([listing, _method_sheet({**settings, "funds_median": median}, lang)],
                    footer=provenance.footer() if provenance else "")


def _method_sheet(settings: dict, lang: str) -> Sheet:
    rows = []
    for group, key in ((RESOURCE, "weak.score.resource"), (PERFORMANCE, "weak.score.performance")):
        for c in group:
            name = f"{t(key, lang)} · {t(f'weak.w.{c}', lang)}"
            rows.append([t("weak.xlsx.weight_of", lang, name=name), settings.get(f"w_{c}")])
    rows += [[t(f"weak.cut.{k}", lang), settings.get(k)] for k in CUTS]
    rows.append([t("weak.xlsx.prior", lang), PRIOR_STRENGTH])
    median = settings.get("funds_median")
    rows.append([t("weak.xlsx.median", lang), None if pd.isna(median) else round(float(median), 2)])
    columns = [Column(t("weak.xlsx.item", lang), 36), Column(t("weak.xlsx.value", lang), 40)]
    return Sheet(t("weak.xlsx.method", lang), columns, rows)
