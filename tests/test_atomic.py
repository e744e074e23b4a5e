"""A load is all or nothing even when killed, and readers never meet a lock while it runs."""
import hashlib
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import ROOT, query, run_etl
from etl.spec import FORM_FIELDS

BRANCHES = 60_000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A register of 60,000 branches and four quarterly files for them, written by DuckDB."""
    folder = tmp_path_factory.mktemp("big")
    con = duckdb.connect()
    con.execute(f"""create table reg as select '130824' || lpad(i::VARCHAR, 6, '0') as code from range(1, {BRANCHES + 1}) t(i)""")
    con.execute(f"""copy (select code as "组织代码", '支部' || code as "党组织名称", '130824' as "县(市、区)代码",
                         '滦平县' as "县(市、区)", '甲镇' as "乡镇(街道)", '农村' as "组织类型" from reg)
                    to '{folder}/register.csv' (header true)""")
    values = {f.name: "1" for f in FORM_FIELDS}
    values.update(period="'{q}'", branch_code="code", branch_name="'支部' || code", uses_standard_scheme="'是'",
                  has_archive_room="'是'", submitted_on="'2026-01-05'", reporter="'张三'", docs_expected="10",
                  docs_archived="9", training_hours="2", funds_allocated="100", funds_spent="90", funds_designated="80",
                  funds_misused="0")
    files = []
    for q in ("2025Q1", "2025Q2", "2025Q3", "2025Q4"):
        cols = ", ".join(f"{values[f.name].format(q=q)} as \"{f.header}\"" for f in FORM_FIELDS)
        path = folder / f"{q}.csv"
        con.execute(f"copy (select {cols} from reg) to '{path}' (header true)")
        files.append(path)
    return folder / "register.csv", files


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_killed_load_leaves_database_unchanged(big, tmp_path):
    register, files = big
    db = tmp_path / "kill.duckdb"
    assert run_etl("registry", "--db", db, register).returncode == 0
    before = sha(db)
    proc = subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, files)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not list(tmp_path.glob("kill.duckdb.tmp-*")) and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well inside the first batch of 240,000 rows
    assert proc.poll() is None, "the load finished before it could be killed: make the input bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert sha(db) == before
    assert query(db, "select count(*) from submissions") == [(0,)]
    assert query(db, "select count(*) from loads where kind = 'form'") == [(0,)]
    # the next writer clears the dead one's copy and loads everything
    assert run_etl("load", "--db", db, files[0]).returncode == 0
    assert not list(tmp_path.glob("kill.duckdb.tmp-*"))
    assert query(db, "select count(*) from submissions") == [(BRANCHES,)]


READER = """
import sys, time, duckdb
path, until = sys.argv[1], time.time() + float(sys.argv[2])
reads = 0
while time.time() < until:
    with duckdb.connect(path, read_only=True) as con:
        con.execute("select count(*) from submissions").fetchall()
    reads += 1
print(reads)
"""


def test_readers_never_block_a_load_and_see_old_data_until_the_swap(big, tmp_path):
    register, files = big
    db = tmp_path / "read.duckdb"
    assert run_etl("registry", "--db", db, register).returncode == 0
    held = duckdb.connect(str(db), read_only=True)  # like a dashboard's cached connection
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), "8"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    load = run_etl("load", "--db", db, *files)
    assert load.returncode == 0, load.stdout + load.stderr
    assert held.execute("select count(*) from submissions").fetchall() == [(0,)]
    held.close()
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert int(out) > 0
    assert query(db, "select count(*) from submissions") == [(4 * BRANCHES,)]
