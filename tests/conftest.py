"""Shared test fixtures: the repo on sys.path, fixture folders, and databases built by the real ETL."""
import base64
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# No test may write the operational store in data/ (accounts, audit log) that a clone ships with: each test
# process gets its own, unless a test names one (the app_db fixture, a server's environment).
os.environ.setdefault("ARCHIVES_APP_DB", str(Path(tempfile.mkdtemp(prefix="archives-app-")) / "app.sqlite"))

FIXTURES = ROOT / "tests" / "fixtures"
VARIANTS = FIXTURES / "variants"

from etl.db import reader  # noqa: E402
from etl.load import load_register  # noqa: E402


def run_etl(*args, env=None):
    """Run `python -m etl ...` as an officer would; returns the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def plotly_values(array) -> list:
    """A plotly data array as a list (plotly writes numeric arrays as base64 typed arrays)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def open_page(app, db, page, county, period):
    """AppTest of `page` with the quarter and county chosen in the sidebar, as a user would."""
    at = app(db, page)
    at.selectbox(key="q").set_value(period).run()
    at.selectbox(key="county").set_value(county).run()
    assert not at.exception
    return at


def turn_page(at, table_key, page):
    """Choose a page in a table's pager, as a click on its page number does."""
    at.session_state[f"{table_key}_page"] = page
    at.run()
    assert not at.exception
    return at


def query(db, sql, params=None):
    """Read the database as the dashboard does (same connection settings, so both can coexist)."""
    with reader(db) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def db(tmp_path):
    """A fresh database holding the fixture register (32 branches)."""
    path = tmp_path / "test.duckdb"
    results = load_register(path, [FIXTURES / "register.csv"])
    assert results[0].status == "loaded" and results[0].rejected == 0
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo database, built once per test run through `python -m etl demo`."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    out = run_etl("demo", "--db", path)
    assert out.returncode == 0, out.stdout + out.stderr
    return path


@pytest.fixture
def empty_db(tmp_path):
    """A database with the register but no submissions yet."""
    path = tmp_path / "empty.duckdb"
    load_register(path, [FIXTURES / "register.csv"])
    return path


TEST_PASSWORD = "correct horse battery"


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """A fresh operational store (accounts, audit log, plans) for this test."""
    path = tmp_path / "app.sqlite"
    monkeypatch.setenv("ARCHIVES_APP_DB", str(path))
    return path


def account(name, role="admin", region=None, password=TEST_PASSWORD):
    """An account in the store $ARCHIVES_APP_DB names (created once)."""
    from ops import users
    return users.get(name) or users.add(name, role, region, password)


@pytest.fixture
def app(monkeypatch, app_db):
    """AppTest for a page against the database given: app(db, "pages/funds.py"). On a real (not demo)
    database the session is logged in, as an administrator by default, or as a leader of `scope` (a
    warehouse Scope) when given, or not at all with login=False."""
    from streamlit.testing.v1 import AppTest

    from ui import state

    def make(db, page=None, scope=None, login=True, role="leader"):
        monkeypatch.setenv("ARCHIVES_DB", str(db))
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        if login:
            user = account("测试管理员") if scope is None else account(f"测试{role}{scope.prefix}", role, scope.prefix)
            at.session_state[state.USER] = user.name
        at.run()
        if page:
            at.switch_page(page).run()
        return at
    return make


ENGINE_TEXT = re.compile(r"[A-Za-z]*(?:Exception|Error)\b|Traceback|IO Error|ZipError|Conversion|calamine|pyarrow")


def assert_officer_text(text):
    """A message an officer reads: Chinese, with no engine or library text in it."""
    assert re.search(r"[\u4e00-\u9fff]", text) and not ENGINE_TEXT.search(text), text
