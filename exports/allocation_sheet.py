"""The 经费下达表: a fund allocation plan as an xlsx workbook a finance office can issue: one row per
branch with its amount and rule, a 合计 row, a per-county summary sheet and the rules that made it."""
from domain import allocation as alloc
from domain.periods import period_label
from exports.writer import TEXT, Column, Sheet, workbook
from i18n import t

MONEY = "#,##0"
# (column key, width, number format) of each sheet, in order
BRANCH_SHEET = (("allocation.xlsx.no", 6, "0"), ("col.county_name", 16, TEXT), ("col.township", 16, TEXT),
                ("col.branch_code", 15, TEXT), ("col.branch_name", 34, TEXT), ("allocation.col.amount", 15, MONEY),
                ("allocation.col.rule", 80, TEXT))
COUNTY_SHEET = (("col.county_name", 22, TEXT), ("allocation.col.branches", 10, "#,##0"),
                ("allocation.col.submitted", 10, "#,##0"), ("allocation.col.amount", 16, MONEY),
                ("allocation.col.last", 16, MONEY), ("allocation.col.change", 16, "+#,##0;-#,##0;0"))
RULES_SHEET = (("allocation.xlsx.item", 30, TEXT), ("allocation.xlsx.value", 50, TEXT))


def columns(spec, lang):
    return [Column(t(key, lang), width, fmt, wrap=fmt == TEXT) for key, width, fmt in spec]


def to_xlsx(plan: alloc.Plan, name: str, context: dict, lang: str = "zh", footer: str = "") -> bytes:
    """The workbook's bytes. `context` carries the plan's quarter ('period') and region label ('region')."""
    subtitle = t("allocation.xlsx.subtitle", lang, period=period_label(context.get("period", ""), lang),
                 region=_region(context, lang), budget=f"{plan.budget:,}")
    title = t("allocation.xlsx.title", lang, name=name)
    return workbook([_branch_sheet(plan, title, subtitle, lang), _county_sheet(plan, title, subtitle, lang),
                     _rules_sheet(plan, name, context, lang)], footer=footer)


def _region(context: dict, lang: str) -> str:
    region = context.get("region") or t("region.all", lang)
    return f"{region} · {context['org_type']}" if context.get("org_type") else region


def _labelled(label, amount, amount_col, width):
    values = [None] * width
    values[0], values[amount_col] = label, amount
    return values


def _unallocated(plan, amount_col, width, lang):
    """Caps left part of the budget unspent: say how much, below the total."""
    return [_labelled(t("allocation.xlsx.unallocated", lang), plan.unallocated, amount_col, width)] \
        if plan.unallocated else []


def _branch_sheet(plan, title, subtitle, lang) -> Sheet:
    frame = alloc.branch_frame(plan, lang)
    rows = ([i, r.county_name, r.township, r.branch_code, r.branch_name, int(r.amount), r.rule]
            for i, r in enumerate(frame.itertuples(index=False), start=1))
    width = len(BRANCH_SHEET)
    totals = [_labelled(t("allocation.xlsx.total", lang), plan.allocated, 5, width),
              *_unallocated(plan, 5, width, lang)]
    return Sheet(t("allocation.xlsx.sheet", lang), columns(BRANCH_SHEET, lang), rows, title=title, notes=[subtitle],
                 totals=totals, borders=True, title_size=15)


def _county_sheet(plan, title, subtitle, lang) -> Sheet:
    counties = alloc.county_frame(plan)
    rows = ([r.county_name, int(r.branches), int(r.submitted), int(r.amount), float(r.last), float(r.change)]
            for r in counties.itertuples(index=False))
    totals = [[t("allocation.xlsx.total", lang), int(counties.branches.sum()), int(counties.submitted.sum()),
               plan.allocated, float(counties["last"].sum()), float(counties.change.sum())],
              *_unallocated(plan, 3, len(COUNTY_SHEET), lang)]
    return Sheet(t("allocation.xlsx.summary", lang), columns(COUNTY_SHEET, lang), rows, title=title,
                 notes=[subtitle], totals=totals, borders=True, title_size=15)


def _rules_sheet(plan, name, context, lang) -> Sheet:
    return Sheet(t("allocation.xlsx.rules", lang), columns(RULES_SHEET, lang), alloc.rules_summary(plan, context, lang),
                 title=t("allocation.xlsx.title", lang, name=name),
                 notes=[period_label(context.get("period", ""), lang)], borders=True, title_size=15)
