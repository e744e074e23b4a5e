"""The briefing pack on the demo database, opened again as a reader would: the PPTX with python-pptx, the PDF with
pdftotext, pdffonts and pdftoppm. Its numbers equal run_query's answers for the same filters and independent sums
of the raw submissions; the filters and data time are on every slide and page; a county's pack names no other
county anywhere in the file."""
import io
import os
import re
import subprocess

import pytest
from pptx import Presentation

from conftest import query
from domain import indicators as ind
from exports import briefing
from exports.briefing import content
from exports.provenance import filters_in_words
from packs import county_completeness, every_text_in_zip, first_page_pixels, pdf_fonts, pdf_pages, raw_sums, slide_texts
from domain.filters import choose
from exports.provenance import of_filters
from warehouse import EVERYTHING, run_query

PERIOD, PREVIOUS, CITY, COUNTY = "2025Q4", "2025Q3", "1308", "130824"      # 承德市 and 滦平县


@pytest.fixture(scope="module")
def demo(demo_db, tmp_path_factory):
    """The demo database as the pack's database; saved plans go to a folder of this module's own."""
    saved = {k: os.environ.get(k) for k in ("ARCHIVES_DB", "ARCHIVES_PLANS")}
    os.environ["ARCHIVES_DB"] = str(demo_db)
    os.environ["ARCHIVES_PLANS"] = str(tmp_path_factory.mktemp("plans"))
    yield demo_db
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def city_pptx(demo):
    return briefing.make(briefing.filters_for(CITY, PERIOD))


@pytest.fixture(scope="module")
def county_pptx(demo):
    return briefing.make(briefing.filters_for(COUNTY, PERIOD))


@pytest.fixture(scope="module")
def county_pdf(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "county.pdf"
    path.write_bytes(briefing.make(briefing.filters_for(COUNTY, PERIOD), "pdf"))
    return path


def other_counties(db) -> dict:
    return dict(query(db, "select distinct county_code, county_name from branches where county_code <> ?", [COUNTY]))


def test_cards_equal_run_query_and_the_raw_sums(demo, city_pptx):
    f = briefing.filters_for(CITY, PERIOD)
    totals = run_query("overview_totals", f.scope, **f.params()).set_index("period")
    cards = slide_texts(city_pptx)[1]
    for card in ind.OVERVIEW_CARDS:
        now, before = totals.loc[PERIOD, card.key], totals.loc[PREVIOUS, card.key]
        assert ind.fmt(card, now) in cards, card.key
        delta = ind.fmt_delta(card, now, before)
        assert f"较上季度 {delta}" in cards, card.key
    raw = raw_sums(demo, CITY, PERIOD)     # the same numbers from the tables, not through any query file
    assert f"{raw['docs_archived'] / raw['docs_expected']:.1%}" in cards
    assert f"{raw['staff_trained'] / raw['archive_staff']:.1%}" in cards
    assert f"{raw['funds_spent'] / raw['funds_allocated']:.1%}" in cards
    assert f"{raw['funds_misused'] / 10_000:,.2f} 万元" in cards


def test_findings_are_written_from_the_numbers(demo, city_pptx):
    raw = raw_sums(demo, CITY, PERIOD)
    funds = next(s for s in slide_texts(city_pptx) if s.startswith("专项经费"))
    assert f"{raw['misuse_branches']} 个支部审计发现挪用,合计 {raw['funds_misused'] / 10_000:,.2f} 万元" in funds
    assert f"下拨专项经费 {raw['funds_allocated'] / 10_000:,.2f} 万元" in funds
    classification = next(s for s in slide_texts(city_pptx) if s.startswith("分类质量"))
    sampled = int(raw["docs_sampled"])
    accuracy = 1 - raw["docs_misclassified"] / raw["docs_sampled"]
    assert f"抽查 {sampled:,} 份文件,分类准确率 {accuracy:.1%}(95% 置信区间" in classification
    before = raw_sums(demo, CITY, PREVIOUS)
    change = raw["docs_archived"] / raw["docs_expected"] - before["docs_archived"] / before["docs_expected"]
    completeness = next(s for s in slide_texts(city_pptx) if s.startswith("档案完整性"))
    words = "提高" if change > 0 else "下降"
    assert f"归档完整率比上季度{words} {abs(change) * 100:.1f} 个百分点" in completeness


def test_a_county_is_ranked_among_its_city_without_naming_the_others(demo, county_pptx):
    ranks = county_completeness(demo, CITY, PERIOD)
    order = sorted(ranks, key=lambda c: -ranks[c])
    place = order.index(COUNTY) + 1
    raw = raw_sums(demo, CITY, PERIOD)
    city = raw["docs_archived"] / raw["docs_expected"]
    mine = ranks[COUNTY]
    words = "高于" if mine > city else "低于"
    rank = "首位" if place == 1 else "末位" if place == len(ranks) else f"第 {place} 位"
    expected = f"滦平县归档完整率 {mine:.1%},{words}全市 {abs(mine - city) * 100:.1f} 个百分点,居 {len(ranks)} 个县(市、区){rank}"
    assert expected in next(s for s in slide_texts(county_pptx) if s.startswith("档案完整性"))


def test_a_county_pack_names_no_other_county_anywhere(demo, county_pptx, county_pdf):
    others = other_counties(demo)
    assert len(others) == 10
    xml = every_text_in_zip(county_pptx)
    pdf = "\n".join(pdf_pages(county_pdf))
    for text in (xml, pdf):
        assert "滦平县" in text
        for code, name in others.items():
            assert name not in text, name
            assert not re.search(rf"(?<!\d){code}(\d{{6}})?(?!\d)", text), code
    f = briefing.filters_for(COUNTY, PERIOD)
    pack = content.gather(f, of_filters(f))    # the chart drawn as an image holds no other county either
    image = next(a.chart.figure for a in pack.areas if a.chart.kind == "image")
    assert not set(image.data[0].y) & set(others.values())


def test_filters_and_data_time_on_every_slide_and_page(demo, county_pptx, county_pdf):
    f = briefing.filters_for(COUNTY, PERIOD)
    words = f"筛选条件:{filters_in_words(f)}"
    loaded = query(demo, "select max(loaded_at) from loads where status = 'loaded'")[0][0]
    data_time = f"数据截至 {loaded:%Y-%m-%d %H:%M}"
    slides = slide_texts(county_pptx)
    assert len(slides) >= 9
    for text in slides:
        assert words in text and data_time in text
    pages = pdf_pages(county_pdf)
    assert len(pages) >= 8
    for text in pages:
        flat = re.sub(r"\s+", "", text)
        assert re.sub(r"\s+", "", words) in flat and re.sub(r"\s+", "", data_time) in flat


def test_the_pptx_is_editable_native_text_tables_and_charts(county_pptx):
    shapes = [s for slide in Presentation(io.BytesIO(county_pptx)).slides for s in slide.shapes]
    assert sum(s.has_chart for s in shapes) >= 3          # bars per township: completeness, staff, funds
    assert sum(s.has_table for s in shapes) >= 6
    assert sum(s.shape_type == 13 for s in shapes) == 1    # the one picture: accuracy with its error bars
    order = [next(line for line in t.split("\n") if line) for t in slide_texts(county_pptx)]
    assert order[0] == "滦平县党建档案工作简报"
    assert order[1:7] == ["主要指标", "档案完整性", "分类质量", "人员与培训", "专项经费", "需要关注"]
    assert order[-1].startswith("附表:各乡镇(街道)主要指标")


def test_the_pdf_is_text_with_the_cjk_font_embedded(county_pdf, tmp_path):
    fonts = pdf_fonts(county_pdf)
    assert fonts and all(f["emb"] == "yes" for f in fonts)
    assert any("CJK" in f["name"] for f in fonts) and not any("Serif" in f["name"] for f in fonts)
    pages = pdf_pages(county_pdf)
    assert "滦平县党建档案工作简报" in pages[0].replace(" ", "")
    pixels = first_page_pixels(county_pdf, tmp_path)
    assert (pixels < 128).mean() > 0.005 and (pixels > 200).mean() > 0.5   # ink on paper, not a blank page


def test_pdf_tables_repeat_their_header_and_charts_stay_whole(demo, tmp_path):
    f = briefing.filters_for(CITY, PERIOD)
    pack = content.gather(f, of_filters(f))
    rows = run_query("branch_list", f.scope, **f.params(order="completeness", limit=150, offset=0))
    pack.appendix = content.Table("附表:各支部", ["党组织名称", "归档完整率"],
                                  [[r.branch_name, ind.fmt(ind.COMPLETENESS, r.completeness)] for r in rows.itertuples()],
                                  [False, True])
    path = tmp_path / "long.pdf"
    path.write_bytes(briefing.RENDER["pdf"](pack))
    pages = pdf_pages(path)
    appendix = [p for p in pages if any(name in p for name in rows.branch_name)]
    assert len(appendix) >= 3
    for page in appendix:
        assert "党组织名称" in page and "归档完整率" in page      # the header on every page the table runs over
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    pages_with_images = [int(line.split()[0]) for line in listed.splitlines()[2:] if line.split()[2] == "image"]
    assert len(pages_with_images) == len(set(pages_with_images)) == 4      # one whole chart on each area page


def test_english_pack(demo):
    data = briefing.make(briefing.filters_for(COUNTY, PERIOD, "en"), lang="en")
    slides = slide_texts(data)
    assert slides[1].startswith("Indicators") and "Completeness" in slides[1]
    assert "Filters: 2025 Q4" in slides[1]


def test_a_saved_plan_is_cut_to_the_pack_region(demo):
    """A plan saved for the whole city (scope: everything) added to the pack of one county shows that county's
    rows only; a pack whose scope is the county looks in that scope's folder and does not find it."""
    from domain import allocation as alloc
    inputs = run_query("allocation_inputs", EVERYTHING, period=PERIOD, area=CITY, township="", org_type="",
                       limit=alloc.MAX_BRANCHES + 1)
    plan = alloc.plan(alloc.branches_from_frame(inputs), alloc.Rules(), 20_000_000,
                      median=inputs.median_per_member.iloc[0])
    alloc.save_plan("", "全市方案", plan, {"period": PERIOD, "region": "承德市"}, overwrite=True)
    regions = run_query("regions", EVERYTHING)
    periods = run_query("periods", EVERYTHING).period.tolist()
    f = choose(EVERYTHING, PERIOD, periods, regions, county=COUNTY)    # as the sidebar makes them
    slides = [s for s in slide_texts(briefing.make(f, plan_name="全市方案")) if s.startswith("经费分配方案")]
    mine = [r for r in plan.rows if r.county_code == COUNTY]
    assert slides and f"其中滦平县 {len(mine):,} 个支部,分配 {sum(r.amount for r in mine) / 10_000:,.2f} 万元" in slides[0]
    for name in other_counties(demo).values():
        assert not any(name in s for s in slides), name
    with pytest.raises(briefing.PackError, match="找不到已保存的经费分配方案「全市方案」"):
        briefing.make(briefing.filters_for(COUNTY, PERIOD), plan_name="全市方案")
