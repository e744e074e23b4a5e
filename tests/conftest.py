"""Shared test fixtures: the repo on sys.path, fixture folders, and databases built by the real ETL."""
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
VARIANTS = FIXTURES / "variants"

from etl.load import load_register  # noqa: E402


def run_etl(*args, env=None):
    """Run `python -m etl ...` as an officer would; returns the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def query(db, sql, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def db(tmp_path):
    """A fresh database holding the fixture register (32 branches)."""
    path = tmp_path / "test.duckdb"
    results = load_register(path, [FIXTURES / "register.csv"])
    assert results[0].status == "loaded" and results[0].rejected == 0
    return path
