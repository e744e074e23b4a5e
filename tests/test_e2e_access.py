"""Scope in a real browser: a county leader and a county officer go through every page, tab, pager and
download, and try links naming another county by name and by code; in all that reaches the browser (every
websocket frame: shown or not, widget options, chart data, table rows) and in every file downloaded, no
other county's name, township or code appears. A city leader and a county leader at the same time each
see exactly their own region."""
import io
import re
import zipfile
from urllib.parse import quote

import pytest

from browser import CHROMIUM, choose, chromium, serve, settle
from conftest import TEST_PASSWORD, query

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
MINE = "130824"


@pytest.fixture(scope="module")
def others(demo_db):
    """What must never reach a 滦平县 user: the other counties' names, their townships and their codes."""
    rows = query(demo_db, "select distinct county_code, county_name, township from branches where county_code <> ?",
                 [MINE])
    names = {n for _, county, town in rows for n in (county, town)}
    codes = sorted({code for code, _, _ in rows})
    return names, re.compile(rb"(?<![\d.])(?:" + b"|".join(c.encode() for c in codes) + rb")\d{0,6}(?!\d)")


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("access")
    app_db = folder / "app.sqlite"
    from ops import users
    users.add("滦平领导", "leader", MINE, TEST_PASSWORD, path=app_db)
    users.add("滦平数据员", "officer", MINE, TEST_PASSWORD, path=app_db)
    users.add("承德领导", "leader", "1308", TEST_PASSWORD, path=app_db)
    with serve(folder / "streamlit.log", ARCHIVES_DB=demo_db, ARCHIVES_APP_DB=app_db) as url:
        yield url, app_db


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class Session:
    """One browser context, recording every websocket frame the server sends and every file downloaded."""

    def __init__(self, browser, url):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN",
                                           accept_downloads=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.url, self.frames, self.files = url, [], {}
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload):
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode())

    def log_in(self, name, path=""):
        self.page.goto(self.url + path)
        settle(self.page)
        self.page.locator("[data-testid='stSidebar']").get_by_role("button", name="登录").click()
        settle(self.page)
        self.page.get_by_label("账号").fill(name)
        self.page.get_by_label("密码").fill(TEST_PASSWORD)
        self.page.locator("[data-testid='stFormSubmitButton'] button").click()
        self.page.locator("[data-testid='stSidebar']").get_by_text(name).first.wait_for()
        settle(self.page)
        self.frames.clear()     # what the demo's visitor saw before logging in is not this account's

    def open(self, label):
        self.page.locator("[data-testid='stSidebar'] a").filter(has_text=label).first.click()
        settle(self.page)
        assert self.page.locator("[data-testid='stException']").count() == 0, label

    def every_tab_pager_and_download(self):
        """Each tab in turn (some draw their content only while open), its pagers and its downloads."""
        self.next_pages()
        self.every_download()
        tabs = self.page.locator("[data-testid='stMain'] [role='tab']")
        for i in range(tabs.count()):
            tabs.nth(i).click()
            settle(self.page)
            self.next_pages()
            self.every_download()

    def next_pages(self, clicks=2):
        for _ in range(clicks):
            nexts = self.page.locator("[data-testid='stMain'] [data-testid='stPagination'] button:visible").filter(
                has_text=re.compile(r"^2$"))
            if not nexts.count():
                return
            nexts.first.click()
            settle(self.page)

    def every_download(self):
        buttons = self.page.locator("[data-testid='stMain'] [data-testid='stDownloadButton'] button:visible")
        for i in range(buttons.count()):
            with self.page.expect_download() as caught:
                buttons.nth(i).click()
            download = caught.value
            with open(download.path(), "rb") as fh:
                self.files[download.suggested_filename] = fh.read()
            settle(self.page)

    def text(self) -> str:
        return self.page.locator("[data-testid='stApp']").inner_text()

    def close(self):
        self.context.close()


def file_texts(data: bytes) -> bytes:
    """What a downloaded file holds as text: an xlsx's XML parts, or the bytes themselves."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    return data


def assert_no_leak(session, others, where):
    names, codes = others
    sent = b"".join(session.frames)
    found = [n for n in names if n.encode() in sent] + [m.decode() for m in codes.findall(sent)][:5]
    assert not found, f"{where}: sent to the browser: {found[:10]}"
    for filename, data in session.files.items():
        text = file_texts(data)
        found = [n for n in names if n.encode() in text] + [m.decode() for m in codes.findall(text)][:5]
        assert not found, f"{where}: in the download {filename}: {found[:10]}"


LEADER_PAGES = ("总览", "档案完整性", "分类质量", "人员与培训", "专项经费", "支部档案", "薄弱支部", "经费分配")


def test_a_county_leader_sees_nothing_of_another_county(server, browser, others):
    server, app_db = server
    me = Session(browser, server)
    try:
        me.log_in("滦平领导")
        assert "滦平县" in me.text()
        for label in LEADER_PAGES:
            me.open(label)
            me.every_tab_pager_and_download()
        assert me.files, "the pages offer downloads"
        lists = [n for n in me.files if n.endswith(".csv") and "党组织名称".encode() in me.files[n]]
        assert lists and all("组织代码".encode() in me.files[n] for n in lists)   # branch lists carry the code
        assert_no_leak(me, others, "county leader")
        from ops import audit
        logged = audit.entries(user="滦平领导", action="download", path=app_db)
        assert len(logged) >= len(me.files) and {e.scope for e in logged} == {MINE}
        assert set(me.files) <= {e.detail["file"] for e in logged}
    finally:
        me.close()


def test_links_naming_another_county_are_ignored(server, browser, others):
    server, _ = server
    for path in (f"/?county={quote('围场满族蒙古族自治县')}", "/?county=130828", f"/funds?county={quote('兴隆县')}"):
        me = Session(browser, server)
        try:
            me.log_in("滦平领导", path)
            assert "已忽略" in me.text(), path
            assert_no_leak(me, others, path)
        finally:
            me.close()


def test_a_county_officer_runs_the_desk_of_their_county_only(server, browser, others):
    server, _ = server
    me = Session(browser, server)
    try:
        me.log_in("滦平数据员")
        me.open("数据管理")
        me.every_tab_pager_and_download()
        assert len(me.files) >= 2
        assert_no_leak(me, others, "county officer")
        assert me.page.locator("[data-testid='stSidebar'] a").filter(has_text="经费分配").count() == 0
    finally:
        me.close()


def test_a_city_leader_and_a_county_leader_at_the_same_time(server, browser, others):
    server, _ = server
    city, county = Session(browser, server), Session(browser, server)
    try:
        city.log_in("承德领导")
        county.log_in("滦平领导")
        for session in (city, county, city, county):
            session.open("专项经费")
            session.page.locator("[data-testid='stSidebar']").get_by_role("combobox", name="县(市、区)",
                                                                           exact=True).click()
            options = session.page.get_by_role("option").all_inner_texts()
            session.page.keyboard.press("Escape")
            settle(session.page)
            expected = 12 if session is city else 2                     # 全部 + the counties
            assert len(options) == expected, options
        assert "围场满族蒙古族自治县" in city.text() or any(b"\xe5\x9b\xb4\xe5\x9c\xba" in f for f in city.frames)
        assert_no_leak(county, others, "county leader beside a city leader")
    finally:
        city.close()
        county.close()


def test_a_login_survives_a_reload_until_logout_or_the_account_is_disabled(server, browser, others):
    """A reload (a new Streamlit session) takes the login its cookie names; the cookie alone is worth nothing
    once the login ended: after logout, after the account was disabled, and in another browser."""
    url, app_db = server
    from ops import users
    users.add("滦平复查", "leader", MINE, TEST_PASSWORD, path=app_db)
    me, stranger = Session(browser, url), Session(browser, url)
    sidebar = lambda s: s.page.locator("[data-testid='stSidebar']")  # noqa: E731
    try:
        me.log_in("滦平复查")
        me.page.goto(url + "/funds")            # a new session on the server, the same browser
        sidebar(me).get_by_text("滦平复查").first.wait_for()
        settle(me.page)
        assert "滦平县" in me.text()
        assert_no_leak(me, others, "a reloaded login")
        cookie = next(c for c in me.context.cookies() if c["name"] == "archives_session")
        assert cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 40

        stranger.context.add_cookies([{**cookie, "value": "forged-" + cookie["value"][7:]}])
        stranger.page.goto(url + "/funds")
        settle(stranger.page)
        assert "滦平复查" not in stranger.text()

        sidebar(me).get_by_role("button", name="退出登录").click()
        settle(me.page)
        me.page.goto(url)
        settle(me.page)
        assert "滦平复查" not in me.text()
        stranger.context.clear_cookies()
        stranger.context.add_cookies([cookie])   # the old token, replayed after logout
        stranger.page.goto(url)
        settle(stranger.page)
        assert "滦平复查" not in stranger.text()

        me.log_in("滦平复查")
        users.disable("滦平复查", by="admin", path=app_db)
        me.page.goto(url + "/funds")
        settle(me.page)
        assert "滦平复查" not in sidebar(me).inner_text()
    finally:
        me.close()
        stranger.close()


def test_a_county_leader_drills_to_a_township_and_keeps_it_across_pages(server, browser, others, demo_db):
    """Without choosing the county (it is their whole view), a county leader picks a township; the next page
    shows that township too, and nothing of another county reaches the browser on the way."""
    url, _ = server
    town = query(demo_db, "select min(township) from branches where county_code = ?", [MINE])[0][0]
    me = Session(browser, url)
    try:
        me.log_in("滦平领导")
        assert "滦平县" in me.page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
        choose(me.page, "乡镇(街道)", town)
        assert town in me.page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
        me.open("档案完整性")
        assert town in me.page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
        assert_no_leak(me, others, "county leader at a township")
    finally:
        me.close()
