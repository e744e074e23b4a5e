"""Browser uploads load in a child process with memory and time limits: nothing a file does reaches the
server, a killed or crashed child is reported as failed files, and unsafe names are stored safely."""
import hashlib
import os
import signal

import pytest

from conftest import VARIANTS, assert_officer_text, query
from etl import uploads


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def variant_uploads(n):
    """n uploads with different contents (so none is 'unchanged'), as the browser hands them over."""
    text = (VARIANTS / "utf8.csv").read_text(encoding="utf-8")
    return [(f"第{i}份.csv", text.replace(",张秀英", f",张秀英{i}").encode()) for i in range(n)]


def test_results_stream_per_file_with_safe_names(db, tmp_path):
    names = ["../../gbk.csv", "", "..", "a\x00b/c\\d.csv", "\u202etxt.csv"]
    data = [(VARIANTS / f).read_bytes() for f in ("gbk.csv", "template.xlsx", "utf8.csv", "utf8_bom.csv", "legacy.xls")]
    seen, progress = [], []
    results = uploads.load_uploads(list(zip(names, data)), "form", db=db, on_result=seen.append, on_progress=progress.append)
    assert [r.status for r in results] == ["loaded"] * 5
    assert [r.name for r in seen] == [r.name for r in results]
    assert {r.status for r in progress} == {"pending"}
    shown = [r.name for r in results]
    for name in shown:
        assert "/" not in name and "\\" not in name and not name.startswith(".") and name.isprintable()
        assert "\u202e" not in name and "\x00" not in name
    assert shown[1] == "上传文件2" and shown[2] == "上传文件3"
    assert [r[0] for r in query(db, "select source_file from loads where kind = 'form' order by load_id")] == shown
    stored = uploads.save_uploads(list(zip(names, data)), tmp_path / "up")
    assert all(p.resolve().is_relative_to((tmp_path / "up").resolve()) for p in stored)


def test_a_child_over_the_memory_limit_is_stopped_and_reported(db, monkeypatch):
    monkeypatch.setattr(uploads, "UPLOAD_MEMORY_MB", 40)  # below what the child needs to start
    before = sha(db)
    results = uploads.load_uploads(variant_uploads(2), "form", db=db)
    assert [r.status for r in results] == ["failed", "failed"]
    assert "内存" in results[0].message and "上限" in results[0].message
    assert_officer_text(results[0].message)
    assert sha(db) == before
    assert not [p for p in db.parent.iterdir() if ".tmp-" in p.name]


def test_a_child_over_the_time_limit_is_stopped_and_reported(db, monkeypatch):
    monkeypatch.setattr(uploads, "UPLOAD_SECONDS", 0.3)
    before = sha(db)
    results = uploads.load_uploads(variant_uploads(2), "form", db=db)
    assert [r.status for r in results] == ["failed", "failed"]
    assert "超时" in results[0].message
    assert sha(db) == before


def children_of(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return out


def test_a_crashing_child_is_reported_and_leaves_nothing(db):
    before = sha(db)
    killed = []

    def crash(_):  # a segfault in the child, as a broken native library would cause
        if not killed:
            for pid in children_of(os.getpid()):
                os.kill(pid, signal.SIGSEGV)
                killed.append(pid)
    results = uploads.load_uploads(variant_uploads(30), "form", db=db, on_progress=crash)
    assert killed
    assert {r.status for r in results} == {"failed"}
    assert results[0].message == uploads.CRASH
    assert sha(db) == before
    assert not [p for p in db.parent.iterdir() if ".tmp-" in p.name]


def test_an_oversized_upload_is_refused_before_loading(db, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_MB", 0)
    [r] = uploads.load_uploads(variant_uploads(1), "form", db=db)
    assert r.status == "failed" and "上限" in r.message
    assert query(db, "select count(*) from loads where kind = 'form'") == [(0,)]


def test_a_damaged_database_is_reported_per_file(tmp_path):
    db = tmp_path / "bad.duckdb"
    db.write_bytes(b"")
    results = uploads.load_uploads(variant_uploads(2), "form", db=db)
    assert [r.status for r in results] == ["failed", "failed"]
    assert "已损坏" in results[0].message


@pytest.mark.parametrize("kind", ["register"])
def test_register_uploads_take_a_region(tmp_path, kind):
    from conftest import FIXTURES
    db = tmp_path / "r.duckdb"
    [r] = uploads.load_uploads([("台账.csv", (FIXTURES / "register.csv").read_bytes())], kind, db=db, region="130828")
    assert (r.status, r.loaded, r.rejected) == ("loaded", 16, 16)
