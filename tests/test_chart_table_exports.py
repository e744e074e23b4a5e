"""Charts and tables as files: a chart as PNG (16:9 at 2×), SVG and PDF through one export server, titled with the
indicator, quarter, region and branch count and footnoted with the source and data time, Chinese in the CJK font,
no address off this machine; a table as xlsx and csv through the one writer, with its filters printed above it,
Chinese headers, percentages rounded as shown, a frozen header and a BOM."""
import csv
import io
import re
import subprocess

import openpyxl
import pytest

from charts import figures as charts
from conftest import open_page, query
from domain import indicators as ind
from domain.filters import choose
from exports import charts as chart_files
from exports import tables
from exports.provenance import of_filters
from warehouse import EVERYTHING, run_query

PERIOD, COUNTY = "2025Q4", "130824"


@pytest.fixture
def city(demo_db, monkeypatch):
    monkeypatch.setenv("ARCHIVES_DB", str(demo_db))
    return choose(EVERYTHING, PERIOD, run_query("periods", EVERYTHING).period.tolist(), run_query("regions", EVERYTHING))


def completeness_chart(f):
    regions = run_query("region_compare", f.scope, **f.params(level=f.level))
    return charts.region_bars(regions, ind.COMPLETENESS, f.caption(regions.registered.sum())), int(regions.registered.sum())


def loaded_at(db) -> str:
    return f"{query(db, 'select max(loaded_at) from loads where status = ' + repr('loaded'))[0][0]:%Y-%m-%d %H:%M}"


def test_a_chart_as_png_svg_and_pdf(city, demo_db, tmp_path):
    fig, branches = completeness_chart(city)
    provenance = of_filters(city)
    png = chart_files.image(fig, "png", provenance)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (2560, 1440)   # 16:9, 2×

    svg = chart_files.image(fig, "svg", provenance).decode("utf-8")
    texts = " ".join(re.findall(r">([^<>]+)<", svg))     # the text of every text and tspan element
    for words in ("归档完整率", "2025年第四季度", "承德市", f"{branches:,} 个支部", "党建工作档案统计表",
                  f"数据截至 {loaded_at(demo_db)}", "制作时间:"):
        assert words in texts, words
    assert "Noto Sans CJK SC" in svg
    assert not re.search(r"https?://(?!www\.w3\.org)", svg)       # nothing fetched from elsewhere

    path = tmp_path / "chart.pdf"
    path.write_bytes(chart_files.image(fig, "pdf", provenance))
    # Chromium embeds the glyphs it drew as Type 3 fonts, with a Unicode map (docs/platform-notes.md)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" and line.split()[-3] == "yes" for line in fonts)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "归档完整率" in text and "承德市" in text and "滦平县" in text
    assert chart_files.servers_started() == 1                   # three exports, one server


def test_the_export_page_loads_nothing_from_the_network():
    page = chart_files.page_generator().generate_index()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert addresses and all(a.startswith("file://") for a in addresses)
    assert "mathjax" not in page.lower()


def test_a_table_as_xlsx_with_filters_formats_and_frozen_header(city, demo_db):
    f = city
    rows = run_query("completeness_laggards", f.scope, **f.params(limit=tables.EXPORT_CAP, offset=0))
    headers = {"branch_name": "党组织名称", "county_name": "县(市、区)", "docs_expected": "应归档文件数",
               "completeness": "归档完整率"}
    data = tables.file_bytes("xlsx", rows, headers, "归档完整率最低的支部", of_filters(f))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "归档完整率最低的支部"
    assert ws["A2"].value == "筛选条件:2025年第四季度 · 承德市 · 全部组织类型"
    assert ws["A3"].value == f"数据截至 {loaded_at(demo_db)}(最近一次导入)"
    assert [c.value for c in ws[4]] == list(headers.values()) and ws.freeze_panes == "A5"
    assert ws.max_row == 4 + len(rows) == 4 + int(rows.total.iloc[0])
    first = ws[5]
    assert first[3].number_format == "0.0%" and first[2].number_format == "#,##0"
    assert first[3].value == round(float(rows.completeness.iloc[0]), 3)
    assert "制作时间" in ws.oddFooter.center.text


def test_a_table_as_csv_with_bom_and_rounding(city):
    rows = run_query("region_compare", city.scope, **city.params(level=city.level))
    data = tables.file_bytes("csv", rows, {"region_name": "地区", "completeness": "归档完整率",
                                           "funds_misused": "挪用金额(万元)"}, "各地区", of_filters(city))
    assert data.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[1] == ["筛选条件:2025年第四季度 · 承德市 · 全部组织类型"] and lines[3][0].startswith("制作时间")
    body = {r[0]: r for r in lines[5:]}
    for r in rows.itertuples():
        assert body[r.region_name][1] == repr(round(float(r.completeness), 3))
        assert float(body[r.region_name][2]) == round(float(r.funds_misused) / 10000, 2)     # in 万元, as shown


def test_pages_offer_chart_and_table_downloads(app, demo_db):
    at = open_page(app, demo_db, "pages/completeness.py", COUNTY, PERIOD)
    keys = {b.key for b in at.get("download_button")}
    for chart in ("regions_completeness", "regions_digitisation", "by_type", "trend", "distribution"):
        assert {f"{chart}_png", f"{chart}_svg", f"{chart}_pdf"} <= keys, chart
    assert {"laggards_xlsx", "laggards_csv"} <= keys
    at = app(demo_db)
    keys = {b.key for b in at.get("download_button")}
    assert {"trend_png", "watch_misuse_xlsx", "watch_not_submitted_csv"} <= keys


def test_money_in_a_downloaded_list_is_in_wan_yuan_as_on_the_page(app, demo_db, monkeypatch):
    at = open_page(app, demo_db, "pages/funds.py", COUNTY, PERIOD)
    shown = at.dataframe[0].value
    assert {"funds_unspent_xlsx", "funds_unspent_csv", "funds_misuse_csv"} <= {b.key for b in at.get("download_button")}
    monkeypatch.setenv("ARCHIVES_DB", str(demo_db))
    f = choose(EVERYTHING, PERIOD, run_query("periods", EVERYTHING).period.tolist(), run_query("regions", EVERYTHING),
               county=COUNTY)
    rows = run_query("funds_unspent", f.scope, **f.params(limit=tables.EXPORT_CAP, offset=0))
    data = tables.file_bytes("xlsx", rows, {"branch_code": "组织代码", "funds_unspent": "本期结余(万元)"}, "结余",
                             of_filters(f))
    sheet = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(min_row=5, values_only=True))
    assert len(sheet) == int(rows.total.iloc[0])
    raw = query(demo_db, "select s.branch_code, s.funds_allocated - s.funds_spent from submissions s join branches b "
                         "using (branch_code) where b.county_code = ? and s.period = ?", [COUNTY, PERIOD])
    unspent = {code: float(v) for code, v in raw}
    for code, value in sheet[:20]:
        assert isinstance(code, str) and len(code) == 12          # codes stay text
        assert value == round(unspent[code] / 10_000, 2)
    assert [round(v, 2) for v in shown["本期结余(万元)"]] == [v for _, v in sheet[:20]]
