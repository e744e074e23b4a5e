"""Logins that outlive a reload (ops/sessions.py): a token is worth a login only while the server says so."""
import sqlite3
import time

from conftest import TEST_PASSWORD
from ops import sessions, users


def test_a_token_resumes_its_login_until_it_ends(app_db):
    users.add("甲", "leader", "130824", TEST_PASSWORD)
    token = sessions.create("甲")
    assert sessions.resume(token).name == "甲"
    assert sessions.resume(token + "x") is None and sessions.resume("") is None and sessions.resume(None) is None
    stored = sqlite3.connect(app_db).execute("select token_hash from sessions").fetchall()
    assert stored and token not in {h for (h,) in stored}          # only its hash is kept
    sessions.end(token)
    assert sessions.resume(token) is None


def test_idle_and_old_logins_are_not_resumed(app_db):
    users.add("乙", "leader", "130824", TEST_PASSWORD)
    idle, old = sessions.create("乙"), sessions.create("乙")
    with sqlite3.connect(app_db) as con:
        con.execute("update sessions set last_seen = ? where token_hash = ?",
                    [time.time() - users.IDLE_MINUTES * 60 - 5, sessions._hash(idle)])
        con.execute("update sessions set created_at = ? where token_hash = ?",
                    [time.time() - sessions.MAX_HOURS * 3600 - 5, sessions._hash(old)])
    assert sessions.resume(idle) is None and sessions.resume(old) is None


def test_disabling_resetting_or_changing_an_account_ends_its_logins(app_db):
    users.add("丙", "leader", "130824", TEST_PASSWORD)
    users.add("丁", "leader", "130824", TEST_PASSWORD)
    token, other = sessions.create("丙"), sessions.create("丁")
    users.reset("丙", "另一个足够长的密码123", by="admin")
    assert sessions.resume(token) is None and sessions.resume(other).name == "丁"
    token = sessions.create("丙")
    users.disable("丙", by="admin")
    assert sessions.resume(token) is None
