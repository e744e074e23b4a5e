"""Every format variant of the same four rows loads to exactly the rows worked out by hand."""
import csv
from decimal import Decimal

import pytest

from conftest import VARIANTS, query
from etl.load import load_submissions
from etl.spec import FORM_FIELDS

VARIANT_FILES = ["utf8.csv", "utf8_bom.csv", "gbk.csv", "2025年第四季度_gb18030_tab.csv",
                 "template.xlsx", "multi_sheet.xlsx", "legacy.xls"]
COLUMNS = [f.name for f in FORM_FIELDS]


def as_text(value):
    """One canonical text form for comparing DuckDB values with expected.csv."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def expected_rows():
    rows = []
    with open(VARIANTS / "expected.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            r["training_hours"] = f"{Decimal(r['training_hours']):.2f}"
            rows.append(tuple(r[c] for c in COLUMNS))
    return sorted(rows)


@pytest.mark.parametrize("name", VARIANT_FILES)
def test_variant_loads_to_expected_rows(db, name):
    [result] = load_submissions(db, [VARIANTS / name])
    assert (result.status, result.loaded, result.rejected, result.warned) == ("loaded", 4, 0, 0), result.message
    assert result.periods == ["2025Q4"]
    got = sorted(tuple(as_text(v) for v in row)
                 for row in query(db, f"select {', '.join(COLUMNS)} from submissions"))
    assert got == expected_rows()


def test_period_source_is_reported(db):
    results = load_submissions(db, [VARIANTS / "template.xlsx", VARIANTS / "2025年第四季度_gb18030_tab.csv",
                                    VARIANTS / "gbk.csv"])
    assert [r.period_source for r in results] == ["标题行", "文件名", "统计期列"]


def test_template_skips_title_units_blank_and_total_rows(db):
    [result] = load_submissions(db, [VARIANTS / "template.xlsx"])
    # title, units and blank rows above the header, and the 合计 row below the data
    assert result.skipped == 4


def test_row_numbers_are_those_excel_shows(db, tmp_path):
    """Rejects point at the row an officer sees in Excel, below a title row and a blank row."""
    import openpyxl
    book = openpyxl.load_workbook(VARIANTS / "template.xlsx")
    sheet = book.active
    header_row = next(r for r in range(1, 10) if any(c.value == "组织代码" for c in sheet[r]))
    code_col = next(c.column for c in sheet[header_row] if c.value == "组织代码")
    bad_row = header_row + 2
    sheet.cell(bad_row, code_col).value = "12345"
    path = tmp_path / "bad_template.xlsx"
    book.save(path)
    load_submissions(db, [path])
    assert query(db, "select sheet, row_number, checks from rejects") == [(sheet.title, bad_row, ["bad_code"])]
