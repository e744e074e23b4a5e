"""Login and scope in the app (AppTest): deny by default, lockout, idle expiry, a forced new password, roles,
an account without a region, links naming another county, and two users in one server process."""
import datetime
import json
import time

import pytest

from conftest import TEST_PASSWORD, account, query
from ops import audit, users
from ops.store import connect
from ui import state
from warehouse import Scope

MINE = "130824"     # 滦平县


@pytest.fixture
def db(db):
    """The fixture register and one quarter of forms (so that pages have figures to hide)."""
    from conftest import VARIANTS
    from etl.load import load_submissions
    load_submissions(db, [VARIANTS / "gbk.csv"])
    return db


def names_in_data(db) -> set[str]:
    """Every county and branch name of the database: none may show before login."""
    return {n for (n,) in query(db, "select county_name from branches union select branch_name from branches")}


def shown_text(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error",
                                  "success") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def fresh(app, db, page=None):
    """The app as a browser that has not logged in sees it."""
    return app(db, page, login=False)


def log_in(at, name, password=TEST_PASSWORD):
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    at.button(key="login_submit").click().run()
    return at


@pytest.mark.parametrize("page", [None, "pages/funds.py", "pages/branch.py", "pages/data_desk.py", "pages/weak.py"])
def test_nothing_from_the_data_before_login(app, db, page):
    account("管理员")
    at = fresh(app, db, page)
    assert not at.exception
    assert at.text_input(key="login_name") and not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert not at.selectbox                                  # not even the filters' options
    text = shown_text(at)
    assert not [n for n in names_in_data(db) if n in text]


def test_a_real_database_without_accounts_shows_only_how_to_make_the_first_admin(app, db):
    at = fresh(app, db)
    assert not at.exception and not at.metric and not at.text_input
    assert "python -m accounts add" in "".join(c.value for c in at.code)


def test_login_then_logout(app, db):
    account("王书记", "leader", MINE)
    at = log_in(fresh(app, db), "王书记")
    assert not at.exception and at.metric
    assert "王书记" in shown_text(at) and "滦平县" in shown_text(at)
    at.button(key="logout").click().run()
    assert at.text_input(key="login_name") and not at.metric
    assert [e.action for e in audit.entries(user="王书记")] == ["logout", "login", "account_added"]


def test_five_failures_lock_the_account_for_fifteen_minutes(app, db):
    account("李主任", "leader", MINE)
    at = fresh(app, db)
    for _ in range(users.MAX_FAILURES):
        log_in(at, "李主任", "wrong password!")
        assert at.error and not at.metric
    assert "锁定" in at.error[0].value
    log_in(at, "李主任")                                      # the right password no longer opens it
    assert not at.metric and "锁定" in at.error[0].value
    actions = [e.action for e in audit.entries(user="李主任")]
    assert actions.count("login_failed") == users.MAX_FAILURES + 1 and actions.count("lockout") == 1
    later = users.now() + datetime.timedelta(minutes=users.LOCK_MINUTES + 1)
    assert users.login("李主任", TEST_PASSWORD, moment=later).ok      # after 15 minutes it opens again


def test_the_same_message_for_an_unknown_name_and_a_wrong_password(app, db):
    account("李主任", "leader", MINE)
    at = fresh(app, db)
    unknown = log_in(at, "没有这个人").error[0].value
    wrong = log_in(at, "李主任", "not the password").error[0].value
    assert unknown == wrong


def test_an_idle_session_ends_after_thirty_minutes(app, db):
    at = app(db)
    assert at.metric
    at.session_state[state.LAST_SEEN] = time.time() - users.IDLE_MINUTES * 60 - 5
    at.run()
    assert not at.metric and at.text_input(key="login_name") and "30" in at.warning[0].value
    assert audit.entries(action="session_expired")


def test_a_reset_password_must_be_changed_before_anything_is_shown(app, db):
    account("赵科长", "officer", MINE)
    users.reset("赵科长", "temporary pass 1", by="管理员")
    at = log_in(fresh(app, db), "赵科长", "temporary pass 1")
    assert not at.metric and at.text_input(key="change_new")
    at.text_input(key="change_old").set_value("temporary pass 1")
    at.text_input(key="change_new").set_value("short")
    at.text_input(key="change_repeat").set_value("short")
    at.button(key="change_submit").click().run()
    assert at.error and not at.metric                          # too short
    for key, value in (("change_old", "temporary pass 1"), ("change_new", "my own password"),
                       ("change_repeat", "my own password")):
        at.text_input(key=key).set_value(value)
    at.button(key="change_submit").click().run()
    assert not at.exception and at.metric
    assert users.login("赵科长", "my own password").ok and not users.login("赵科长", "temporary pass 1").ok


def test_an_account_without_a_region_sees_nothing(app, db):
    account("无地区", "leader", MINE)
    with connect() as con:
        con.execute("update accounts set region = '' where name = '无地区'")
    at = log_in(fresh(app, db), "无地区")
    assert not at.exception and not at.metric and not at.selectbox and at.warning


@pytest.mark.parametrize("role, page, allowed", [
    ("officer", "pages/allocation.py", False), ("officer", "pages/data_desk.py", True),
    ("leader", "pages/data_desk.py", False), ("leader", "pages/weak.py", True),
    ("leader", "pages/accounts.py", False), ("officer", "pages/audit.py", False)])
def test_roles_decide_the_pages(app, db, role, page, allowed):
    at = app(db, page, scope=Scope(MINE), role=role)
    assert not at.exception
    refused = any("无权使用此页面" in e.value for e in at.error)
    assert refused != allowed
    links = [p.proto.page for p in at.get("page_link")]
    assert (page.removeprefix("pages/").removesuffix(".py") in links) == allowed


def test_passwords_are_never_stored_or_logged_in_clear(app_db):
    users.add("甲", "admin", None, "a very secret passphrase")
    users.login("甲", "a wrong passphrase!!")
    users.reset("甲", "another secret phrase", by="甲")
    raw = app_db.read_bytes() + b"".join(p.read_bytes() for p in app_db.parent.glob("app.sqlite*"))
    assert b"secret passphrase" not in raw and b"another secret" not in raw and b"wrong passphrase" not in raw
    assert users.get("甲").must_change


# ---------------------------------------------------------------- scope in links and pages

def test_a_link_naming_another_county_is_ignored_with_a_notice(app, demo_db):
    for other in ("围场满族蒙古族自治县", "130828"):
        at = app(demo_db, scope=Scope(MINE))
        at.query_params[state.COUNTY] = other
        at.run()
        assert not at.exception
        assert any("已忽略" in w.value for w in at.warning)
        assert "围场" not in shown_text(at)
        assert all("围场" not in str(o) for s in at.selectbox for o in s.options)
    at = app(demo_db, scope=Scope("1308"))
    at.query_params[state.COUNTY] = MINE                       # the user's own county, by code: accepted
    at.run()
    assert at.selectbox(key=state.COUNTY).value == MINE and not any("已忽略" in w.value for w in at.warning)


def test_a_branch_of_another_county_is_refused_in_words(app, demo_db):
    other = query(demo_db, "select branch_code from branches where county_code = '130828' limit 1")[0][0]
    at = app(demo_db, scope=Scope(MINE))
    at.session_state[state.BRANCH] = other
    at.switch_page("pages/branch.py").run()
    assert not at.exception and not at.header
    assert any(other in w.value and "管辖范围" in w.value for w in at.warning)


def test_two_users_in_one_server_process_never_see_each_other(app, demo_db):
    """A city leader and a county leader, interleaved in one process with one shared cache."""
    city, county = app(demo_db, scope=Scope("1308")), app(demo_db, scope=Scope(MINE))
    for _ in range(2):
        city.run()
        county.run()
        city_counties = [o for o in city.selectbox(key=state.COUNTY).options if o != "全部"]
        county_counties = [o for o in county.selectbox(key=state.COUNTY).options if o != "全部"]
        assert len(city_counties) == 11 and county_counties == ["滦平县"]
        assert city.metric[0].value != county.metric[0].value or city.caption[0].value != county.caption[0].value
        assert "围场" not in shown_text(county)


def test_a_county_users_whole_view_is_named_after_the_county_and_compared_by_township(app, demo_db):
    """A 滦平县 leader who has chosen nothing sees 滦平县 (not the city around it) on the caption, the
    township selector and one bar per township, as if the county were chosen; the briefing's filters agree."""
    from domain.filters import choose
    from warehouse import run_query
    at = app(demo_db, scope=Scope(MINE))
    assert not at.exception and at.selectbox(key=state.COUNTY).value == ""
    assert "滦平县" in at.caption[0].value and "承德市" not in at.caption[0].value
    towns = {t for (t,) in query(demo_db, "select distinct township from branches where county_code = ?", [MINE])}
    assert set(at.selectbox(key=state.TOWNSHIP).options) - {"全部"} <= towns
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert set(bars["y"]) <= towns and len(bars["y"]) > 1
    scope = Scope(MINE)
    f = choose(scope, "2025Q4", run_query("periods", scope).period.tolist(), run_query("regions", scope))
    assert (f.county, f.region_label) == (MINE, "滦平县")


def test_an_account_whose_region_has_no_data_is_told_so_not_taught_to_load(app, demo_db):
    at = app(demo_db, scope=Scope("999999"))
    assert not at.exception
    assert any("999999" in i.value and "管理员" in i.value for i in at.info)
    assert "python -m etl" not in shown_text(at)
