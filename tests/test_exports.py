"""The one writer of every file the product hands out: text that looks like a formula stays text, cells
stop at Excel's limit, numbers are rounded as shown, csv is UTF-8 with a BOM; and every download made
from hostile data (names and contacts beginning with =, +, -, @) holds no live formula."""
import csv
import io
import re
import zipfile

import openpyxl
import pytest

from conftest import FIXTURES
from domain import allocation as alloc
from domain import weak
from etl.load import load_register, load_submissions
from exports import desk_lists, template, weak_sheet
from exports.allocation_sheet import to_xlsx as allocation_xlsx
from exports.writer import CUT_MARKER, MAX_CELL, TEXT, Column, Sheet, csv_bytes, workbook
from warehouse import EVERYTHING, run_query

HOSTILE = ["=1+1", "+SUM(A1:A3)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://evil.example\",\"点我\")",
           "\t=1", "=cmd|' /C calc'!A0"]


def formulas(data: bytes) -> list:
    """Every formula in a workbook: <f> elements in the sheet XML and cells openpyxl reads as formulas."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<f[ >]", z.read(name)):
                found.append(name)
    book = openpyxl.load_workbook(io.BytesIO(data))
    found += [(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
              if c.data_type == "f"]
    return found


def all_values(data: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_text_that_looks_like_a_formula_is_written_as_text():
    sheet = Sheet("表", [Column("名称"), Column("代码", number_format=TEXT), Column("数", number_format="0.0")],
                  [(h, h, 1.25) for h in HOSTILE], title=HOSTILE[0], notes=[HOSTILE[1]])
    data = workbook([sheet])
    assert not formulas(data)
    values = all_values(data)
    for text in HOSTILE:
        assert values.count(text.replace("\t", "")) >= 2 or values.count(text) >= 2, text   # as written, as text
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A4"].quotePrefix            # stays text when edited in Excel


def test_long_text_is_cut_at_the_cell_limit_with_a_marker():
    data = workbook([Sheet("表", [Column("内容")], [("档" * 40_000,), ("短",)])])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    long = ws["A2"].value
    assert len(long) == MAX_CELL and long.endswith(CUT_MARKER) and ws["A3"].value == "短"


def test_numbers_are_rounded_as_their_format_shows_them():
    columns = [Column("得分", number_format="0.0"), Column("比率", number_format="0%"),
               Column("金额", number_format="#,##0.00"), Column("原样")]
    data = workbook([Sheet("表", columns, [(73.475815686104, 0.123456, 1234.5678, 1 / 3)])])
    row = next(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))
    assert row == (73.5, 0.12, 1234.57, pytest.approx(1 / 3))


def test_header_frozen_and_filters_printed_above_the_table():
    data = workbook([Sheet("表", [Column("地区"), Column("数")], [("滦平县", 1)], title="标题",
                           notes=["统计期:2025年第四季度", "范围:滦平县"])], footer="导出人 张三 · 2026-12-01")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == ["标题", "统计期:2025年第四季度", "范围:滦平县"]
    assert [c.value for c in ws[4]] == ["地区", "数"] and ws.freeze_panes == "A5"
    assert "张三" in ws.oddFooter.center.text


def test_csv_is_utf8_with_bom_and_formulas_are_neutralised():
    sheet = Sheet("表", [Column("名称"), Column("比率", number_format="0.0%")], [(h, 0.12345) for h in HOSTILE],
                  title="标题", notes=["范围:滦平县"])
    data = csv_bytes(sheet)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["标题"] and rows[1] == ["范围:滦平县"] and rows[2] == ["名称", "比率"]
    assert all(r[0].startswith("'") for r in rows[3:]) and rows[3][1] == "0.123"


# ---------------------------------------------------------------- every download, from hostile data

@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """The fixture register with names and contacts an attacker chose, and forms whose rejected rows and
    reporters carry formulas."""
    folder = tmp_path_factory.mktemp("hostile")
    lines = (FIXTURES / "register.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(lines))
    for i, row in enumerate(rows[1:], start=1):
        row[9], row[10] = HOSTILE[i % len(HOSTILE)], "=1+" + str(i)
        if i <= 5:
            row[1] = HOSTILE[i] + "支部"
    register = folder / "register.csv"
    with open(register, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    db = folder / "hostile.duckdb"
    assert load_register(db, [register])[0].rejected == 0
    form = (FIXTURES / "defects.csv").read_text(encoding="utf-8").replace("刘敏", "=HYPERLINK(\"x\")")
    form = form.replace("中共滦平县滦平镇第三小学支部委员会", "=cmd|' /C calc'!A0")
    (folder / "2025Q4.csv").write_text(form, encoding="utf-8")
    [result] = load_submissions(db, [folder / "2025Q4.csv"])
    assert result.rejected > 0
    return db, result.load_id


def test_no_download_holds_a_formula(hostile_db, monkeypatch):
    db, load_id = hostile_db
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    filters = dict(period="2025Q4", area="", township="", org_type="")
    downloads = {
        "退回修改清单": desk_lists.rejects_xlsx(EVERYTHING, "form", "2025Q4.csv", load_id=load_id, county="*",
                                          include_fixed=True),
        "催报名单": desk_lists.missing_xlsx(EVERYTHING, "2025年第四季度", "承德市", **filters),
        "薄弱支部": weak_sheet.export(EVERYTHING, {**filters, **weak.query_params(weak.RESOURCE | weak.PERFORMANCE,
                                                                                  weak.CUTS), "group": ""},
                                  32, {"period": "2025年第四季度", "region": "承德市", "group": "全部"}),
        "统计表模板": template.form_template("2025Q4", "=1+1县"),
    }
    inputs = run_query("allocation_inputs", EVERYTHING, **filters, limit=alloc.MAX_BRANCHES + 1)
    plan = alloc.plan(alloc.branches_from_frame(inputs), alloc.Rules(), 200_000)
    downloads["经费下达表"] = allocation_xlsx(plan, "=方案", {"period": "2025Q4", "region": "@承德市"})
    for name, data in downloads.items():
        assert not formulas(data), name
    shown = [str(v) for data in downloads.values() for v in all_values(data)]
    assert any(v.startswith("=") for v in shown)          # the hostile text is there, as text
    assert any("=HYPERLINK" in v for v in all_values(downloads["退回修改清单"]))
    assert any(v.startswith(("=", "+", "-", "@")) for v in all_values(downloads["催报名单"]))
