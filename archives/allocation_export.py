"""The 经费下达表: a fund allocation plan as an xlsx workbook a finance office can issue: one row per
branch with its amount and rule, a 合计 row, a per-county summary sheet and the rules that made it."""
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from archives import allocation as alloc
from archives.i18n import t

MONEY = "#,##0"
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
# (column key, width, number format) of the branch sheet, in order
BRANCH_SHEET = (("allocation.xlsx.no", 6, "0"), ("col.county_name", 16, "@"), ("col.township", 16, "@"),
                ("col.branch_code", 15, "@"), ("col.branch_name", 34, "@"), ("allocation.col.amount", 15, MONEY),
                ("allocation.col.rule", 80, "@"))
COUNTY_SHEET = (("col.county_name", 22, "@"), ("allocation.col.branches", 10, "#,##0"),
                ("allocation.col.submitted", 10, "#,##0"), ("allocation.col.amount", 16, MONEY),
                ("allocation.col.last", 16, MONEY), ("allocation.col.change", 16, "+#,##0;-#,##0;0"))


def to_xlsx(plan: alloc.Plan, name: str, context: dict, lang: str = "zh") -> bytes:
    """The workbook's bytes. `context` carries the plan's quarter ('period') and region label ('region')."""
    book = Workbook()
    subtitle = t("allocation.xlsx.subtitle", lang=lang, period=alloc.period_text(context.get("period", ""), lang),
                 region=_region(context, lang), budget=f"{plan.budget:,}")
    title = t("allocation.xlsx.title", lang=lang, name=name)
    _branch_sheet(book.active, plan, title, subtitle, lang)
    _county_sheet(book.create_sheet(), plan, title, subtitle, lang)
    _rules_sheet(book.create_sheet(), plan, name, context, lang)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _region(context: dict, lang: str) -> str:
    region = context.get("region") or t("region.all", lang=lang)
    return f"{region} · {context['org_type']}" if context.get("org_type") else region


def _start(sheet, title_text, subtitle, columns, lang):
    """Title, subtitle and header rows; column widths; header frozen and repeated on every printed page."""
    last = get_column_letter(len(columns))
    for row, text, size in ((1, title_text, 15), (2, subtitle, 10)):
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=row == 1, size=size)
        cell.alignment = Alignment(horizontal="center" if row == 1 else "left")
    sheet.row_dimensions[1].height = 26
    for i, (key, width, _) in enumerate(columns, start=1):
        cell = sheet.cell(row=3, column=i, value=t(key, lang=lang))
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_row(sheet, row, values, columns, bold=False):
    for i, (value, (_, _, number_format)) in enumerate(zip(values, columns), start=1):
        cell = sheet.cell(row=row, column=i, value=value)
        cell.number_format, cell.border = number_format, BOX
        cell.alignment = Alignment(vertical="top", wrap_text=number_format == "@")
        if bold:
            cell.font = Font(bold=True)


def _labelled_row(sheet, row, label, amount, amount_col, columns):
    values = [None] * len(columns)
    values[0], values[amount_col] = label, amount
    _write_row(sheet, row, values, columns, bold=True)


def _branch_sheet(sheet, plan, title_text, subtitle, lang):
    sheet.title = t("allocation.xlsx.sheet", lang=lang)
    _start(sheet, title_text, subtitle, BRANCH_SHEET, lang)
    frame = alloc.branch_frame(plan, lang)
    for i, r in enumerate(frame.itertuples(index=False), start=1):
        _write_row(sheet, 3 + i, [i, r.county_name, r.township, r.branch_code, r.branch_name, int(r.amount), r.rule],
                   BRANCH_SHEET)
    row = 4 + len(frame)
    _labelled_row(sheet, row, t("allocation.xlsx.total", lang=lang), plan.allocated, 5, BRANCH_SHEET)
    if plan.unallocated:  # caps left part of the budget unspent: say how much, below the total
        _labelled_row(sheet, row + 1, t("allocation.xlsx.unallocated", lang=lang), plan.unallocated, 5, BRANCH_SHEET)


def _county_sheet(sheet, plan, title_text, subtitle, lang):
    sheet.title = t("allocation.xlsx.summary", lang=lang)
    _start(sheet, title_text, subtitle, COUNTY_SHEET, lang)
    counties = alloc.county_frame(plan)
    for i, r in enumerate(counties.itertuples(index=False), start=4):
        _write_row(sheet, i, [r.county_name, int(r.branches), int(r.submitted), int(r.amount), float(r.last),
                              float(r.change)], COUNTY_SHEET)
    row = 4 + len(counties)
    _write_row(sheet, row, [t("allocation.xlsx.total", lang=lang), int(counties.branches.sum()),
                            int(counties.submitted.sum()), plan.allocated, float(counties["last"].sum()),
                            float(counties.change.sum())], COUNTY_SHEET, bold=True)
    if plan.unallocated:
        _labelled_row(sheet, row + 1, t("allocation.xlsx.unallocated", lang=lang), plan.unallocated, 3, COUNTY_SHEET)


def _rules_sheet(sheet, plan, name, context, lang):
    sheet.title = t("allocation.xlsx.rules", lang=lang)
    columns = (("allocation.xlsx.item", 30, "@"), ("allocation.xlsx.value", 50, "@"))
    _start(sheet, t("allocation.xlsx.title", lang=lang, name=name), alloc.period_text(context.get("period", ""), lang),
           columns, lang)
    for i, (label, value) in enumerate(alloc.rules_summary(plan, context, lang), start=4):
        _write_row(sheet, i, [label, value], columns)
