"""End to end in a real browser: `streamlit run dashboard.py` on the demo database, driven by Playwright
through Debian's Chromium: change the quarter, drill into a county, open a branch profile, screenshot."""
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from browser import CHROMIUM, chromium, choose, serve, settle
from conftest import ROOT, query

ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    """The dashboard served by `streamlit run` on the demo database; always stopped afterwards."""
    folder = tmp_path_factory.mktemp("e2e")
    with serve(folder / "streamlit.log", ARCHIVES_DB=demo_db, ARCHIVES_APP_DB=folder / "app.sqlite") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


def url_param(page, key: str) -> str | None:
    values = parse_qs(urlparse(page.url).query).get(key)
    return values[0] if values else None


def main_caption(page) -> str:
    return page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()


def screenshot(page, name: str) -> Path:
    """A full-page picture: Streamlit scrolls inside stMain, so grow the viewport to its height first."""
    height = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 16_000)})
    page.wait_for_timeout(800)  # let the charts re-layout to the new size
    settle(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def period_label(period: str) -> str:
    return f"{period[:4]}年第{'一二三四'[int(period[-1]) - 1]}季度"


def test_quarter_county_and_branch_in_a_browser(server, page, demo_db):
    periods = [r[0] for r in query(demo_db, "select distinct period from submissions order by period desc")]
    county_code = "130824"
    county = query(demo_db, "select any_value(county_name) from branches where county_code = ?", [county_code])[0][0]
    code, name = query(demo_db, "select branch_code, branch_name from branches where county_code = ? "
                                "and status = '正常' order by branch_code limit 1", [county_code])[0]

    page.goto(server)
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    newest = main_caption(page)
    assert period_label(periods[0]) in newest

    # (a) an earlier quarter: the caption and the URL follow (the URL holds the option as shown)
    earlier = periods[1]
    choose(page, "统计期", period_label(earlier))
    page.wait_for_url(re.compile(r"[?&]q="))
    assert url_param(page, "q") in (earlier, period_label(earlier))
    assert period_label(earlier) in main_caption(page) and main_caption(page) != newest

    # (b) drilling into a county names it in the caption and keeps the quarter
    choose(page, "县(市、区)", county)
    page.wait_for_url(re.compile(r"[?&]county="))
    assert county in main_caption(page) and period_label(earlier) in main_caption(page)
    assert url_param(page, "q") in (earlier, period_label(earlier))
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for()
    overview_png = screenshot(page, "overview_county")

    # (c) the branch profile: a row of the attention table opens it (ui.widgets.open_branch) ...
    page.set_viewport_size({"width": 1400, "height": 1000})
    grid = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']:visible").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)   # the selection box of the first row
    page.wait_for_url(re.compile(r"/branch\?branch=\d{12}"))
    settle(page)
    picked = url_param(page, "branch")
    picked_name = query(demo_db, "select branch_name from branches where branch_code = ?", [picked])[0][0]
    page.get_by_role("heading", name=picked_name).first.wait_for()

    # ... so does a link to /branch?branch=<code> ...
    page.goto(f"{server}/branch?branch={code}")
    settle(page)
    page.get_by_role("heading", name=name).first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    page.locator("[data-testid='stPlotlyChart'] .main-svg").nth(1).wait_for()
    assert page.locator("[data-testid='stPlotlyChart']").count() == 2
    branch_png = screenshot(page, "branch_profile")

    # ... and typing a code into the code box, which then stands in the URL
    page.set_viewport_size({"width": 1400, "height": 1000})
    box = page.locator("[data-testid='stMain'] [data-testid='stTextInput'] input").first
    box.fill(picked)
    box.press("Enter")
    page.wait_for_url(re.compile(rf"branch={picked}"))
    settle(page)
    page.get_by_role("heading", name=picked_name).first.wait_for()

    # the sidebar link leads to the profile page too
    page.locator("[data-testid='stSidebar'] a").filter(has_text="总览").click()
    settle(page)
    page.locator("[data-testid='stSidebar'] a").filter(has_text="支部档案").click()
    page.wait_for_url(re.compile(r"/branch"))
    settle(page)
    assert page.get_by_role("heading", name="支部档案").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0

    # (d) the pictures exist and are taller than the first screen
    for png in (overview_png, branch_png):
        assert png.stat().st_size > 20_000
        width, height = png_size(png)
        assert width == 1400 and height > 1000


def png_size(path: Path):
    head = path.read_bytes()[16:24]
    return int.from_bytes(head[:4], "big"), int.from_bytes(head[4:], "big")


def test_clicking_a_region_bar_drills_into_it(server, page):
    page.goto(server)
    settle(page)
    bar = page.locator("[data-testid='stPlotlyChart'] .bars .point path").first
    bar.wait_for()
    box = bar.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)   # plotly picks the point under the pointer on hover, then the click selects it
    hover = page.locator(".hovertext").first
    hover.wait_for(timeout=10_000)
    region = hover.text_content().split(":")[0].strip()
    page.mouse.click(x, y)
    page.wait_for_timeout(1_500)
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.wait_for_url(re.compile(r"[?&]county="), timeout=10_000)
    assert region in main_caption(page)


def test_a_chart_and_a_table_download(server, page, tmp_path):
    page.goto(server)
    settle(page)
    page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for()
    # a chart: the popover under the first chart holds its PNG, SVG and PDF
    page.get_by_role("button", name="下载图表").first.click()
    with page.expect_download() as chart:
        page.get_by_role("button", name="PNG 图片(幻灯片尺寸)").first.click()
    png = tmp_path / chart.value.suggested_filename
    chart.value.save_as(png)
    assert png.suffix == ".png" and "2025Q4" in png.name
    assert png_size(png) == (2560, 1440)
    page.keyboard.press("Escape")
    # a table: the first list under 需要关注 as csv
    with page.expect_download() as table:
        page.get_by_role("button", name="下载 CSV").first.click()
    path = tmp_path / table.value.suggested_filename
    table.value.save_as(path)
    text = path.read_bytes()
    assert text.startswith("\ufeff".encode()) and path.suffix == ".csv"
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("筛选条件:") and "数据截至" in lines[2] and "党组织名称" in text.decode("utf-8-sig")
