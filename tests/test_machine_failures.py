"""A full disk, an unwritable folder, DuckDB out of memory: the load fails in Chinese, the database is
unchanged and no temporary copy is left. Each condition is real (a file-size limit, a small filesystem,
a read-only mount or folder, a tiny memory limit), never simulated."""
import contextlib
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys

import duckdb
import pytest

from conftest import ROOT, assert_officer_text, query, run_etl

BRANCHES = 20_000


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    """A register big enough that loading it writes megabytes."""
    folder = tmp_path_factory.mktemp("machine")
    path = folder / "register.csv"
    with duckdb.connect() as con:
        con.execute(f"""copy (select '130824' || lpad(i::VARCHAR, 6, '0') as "组织代码", '某某村党支部' || i as "党组织名称",
                                     '130824' as "县(市、区)代码", '滦平县' as "县(市、区)", '甲镇' as "乡镇(街道)",
                                     '农村' as "组织类型", '联系人' || i as "联系人"
                              from range(1, {BRANCHES + 1}) t(i)) to '{path}' (header true)""")
    return path


def small_db(folder):
    """A database holding one tiny register, so a later load has something to keep unchanged."""
    db = folder / "a.duckdb"
    (folder / "one.csv").write_text("组织代码,党组织名称,县(市、区)代码,县(市、区),乡镇(街道),组织类型\n"
                                    "130824000001,甲村党支部,130824,滦平县,甲镇,农村\n", encoding="utf-8")
    assert run_etl("registry", "--db", db, folder / "one.csv").returncode == 0
    return db


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_failed_cleanly(out, db, before, words):
    text = out.stdout + out.stderr
    assert out.returncode == 1, text
    assert words in out.stdout, text
    assert "Traceback" not in text
    assert_officer_text(out.stdout)
    assert sha(db) == before
    assert not [p for p in db.parent.iterdir() if ".tmp-" in p.name]
    assert query(db, "select count(*) from branches") == [(1,)]


def etl_with(args, preexec=None, env=None):
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, preexec_fn=preexec, env={**os.environ, **(env or {})})


def test_file_size_limit_is_a_full_disk(register, tmp_path):
    db = small_db(tmp_path)
    before, limit = sha(db), db.stat().st_size + 64 * 1024

    def limited():  # writes past the limit fail with EFBIG, as on a full disk, instead of killing the process
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    out = etl_with(["registry", "--db", db, register], preexec=limited)
    assert_failed_cleanly(out, db, before, "磁盘空间不足")


@contextlib.contextmanager
def mounted_tmpfs(folder, size):
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here (needs root with CAP_SYS_ADMIN): {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_full_filesystem(register, tmp_path):
    (tmp_path / "seed").mkdir()
    seed = small_db(tmp_path / "seed")
    size = seed.stat().st_size
    with mounted_tmpfs(tmp_path / "small", f"{(2 * size + 600 * 1024) // 4096 * 4096}") as small:
        db = small / "a.duckdb"
        shutil.copy(seed, db)
        before = sha(db)
        out = run_etl("registry", "--db", db, register)
        assert_failed_cleanly(out, db, before, "磁盘空间不足")


def test_read_only_folder(register, tmp_path):
    if os.geteuid() != 0:  # an ordinary user meets a folder without write permission
        db = small_db(tmp_path)
        before = sha(db)
        (db.parent / f"{db.name}.lock").unlink(missing_ok=True)
        db.parent.chmod(0o555)
        try:
            out = run_etl("registry", "--db", db, register)
        finally:
            db.parent.chmod(0o755)
        assert_failed_cleanly(out, db, before, "没有写入权限")
        return
    # root writes anywhere: a read-only mount is the folder it cannot write
    (tmp_path / "seed").mkdir()
    seed = small_db(tmp_path / "seed")
    with mounted_tmpfs(tmp_path / "ro", "16m") as ro:
        shutil.copy(seed, ro / "a.duckdb")
        assert subprocess.run(["mount", "-o", "remount,ro", str(ro)]).returncode == 0
        db = ro / "a.duckdb"
        before = sha(db)
        out = run_etl("registry", "--db", db, register)
        assert_failed_cleanly(out, db, before, "没有写入权限")


def test_duckdb_out_of_memory(register, tmp_path):
    db = small_db(tmp_path)
    before = sha(db)
    out = etl_with(["registry", "--db", db, register], env={"ARCHIVES_WRITER_MEMORY": "4MB"})  # far below what the load needs
    assert_failed_cleanly(out, db, before, "内存不足")
