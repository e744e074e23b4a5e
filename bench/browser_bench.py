"""Pages in a real browser at national scale: Debian's Chromium (Playwright) opens each page of the dashboard
served by `streamlit run` on the national database and reports the time until the page is rendered (the
script run has ended and every chart has drawn), first with empty caches (cold), then again (warm), and the
same page's time in AppTest for comparison is in bench/pages_bench.py.
Usage: python bench/browser_bench.py [--db bench/out/national.duckdb]"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import IDLE, chromium, serve  # noqa: E402

PAGES = ("总览", "档案完整性", "分类质量", "人员与培训", "专项经费", "支部档案", "薄弱支部", "经费分配", "简报", "数据管理")
USER, PASSWORD = "bench", "bench password, not a secret"


def rendered(page, timeout=120_000) -> float:
    """Seconds until the script run has ended and every chart on the page has drawn its SVG."""
    start = time.perf_counter()
    page.wait_for_timeout(100)
    page.wait_for_selector(IDLE, timeout=timeout)
    charts = page.locator("[data-testid='stPlotlyChart']")
    for i in range(charts.count()):
        charts.nth(i).locator(".main-svg").first.wait_for(timeout=timeout)
    return time.perf_counter() - start + 0.1


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default=str(ROOT / "bench" / "out" / "national.duckdb"))
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="browser-bench-"))
    os.environ["ARCHIVES_APP_DB"] = str(folder / "app.sqlite")
    from ops import users
    users.add(USER, "admin", None, PASSWORD)
    with serve(folder / "streamlit.log", ARCHIVES_DB=args.db, ARCHIVES_APP_DB=folder / "app.sqlite") as url, \
            chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
        page.set_default_timeout(180_000)
        start = time.perf_counter()
        page.goto(url)
        page.get_by_label("账号").wait_for()
        first = time.perf_counter() - start
        page.get_by_label("账号").fill(USER)
        page.get_by_label("密码").fill(PASSWORD)
        page.locator("[data-testid='stFormSubmitButton'] button").click()
        page.locator("[data-testid='stSidebar']").get_by_text(USER).first.wait_for()
        print(f"login screen after {first:.2f} s; overview after login {rendered(page):.2f} s")
        print(f"{'page':12} {'cold s':>7} {'warm s':>7}")
        for label in PAGES:
            times = []
            for _ in range(2):
                link = page.locator("[data-testid='stSidebar'] a").filter(has_text=label).first
                link.click()
                times.append(rendered(page))
                if label != PAGES[0]:   # back to the overview, so the second visit is a real navigation
                    page.locator("[data-testid='stSidebar'] a").filter(has_text=PAGES[0]).first.click()
                    rendered(page)
            print(f"{label:12} {times[0]:7.2f} {times[1]:7.2f}")


if __name__ == "__main__":
    main()
