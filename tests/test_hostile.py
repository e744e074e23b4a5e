"""Files as counties really send them (tests/fixtures/hostile/, written by make_hostile.py): each class of
trouble ends as a correct load or a clean, Chinese per-file failure, as hostile/expected.json says."""
import json
import shutil
from decimal import Decimal

import pytest

from conftest import FIXTURES, assert_officer_text, query, run_etl
from etl.load import load_register, load_submissions

HOSTILE = FIXTURES / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))


def load(db, name, kind):
    loader = load_register if kind == "register" else load_submissions
    [r] = loader(db, [HOSTILE / name])
    return r


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(db, name):
    want = EXPECTED[name]
    r = load(db, name, want["kind"])
    said = " ".join([r.message] + r.notes)
    assert r.status == want["status"], said
    assert r.loaded == want["loaded"], said
    got = sorted(list(x) for x in query(db, """select row_number, field, check_code from row_issues
                                               where load_id = ? and severity = 'error'""", [r.load_id]))
    assert got == want["rejects"]
    warned = {tuple(x) for x in query(db, "select row_number, field, check_code from row_issues where load_id = ? "
                                          "and severity = 'warning'", [r.load_id])}
    assert {tuple(w) for w in want["warnings"]} <= warned
    if want["money"]:
        cols = list(want["money"])
        sums = query(db, f"select {', '.join(f'sum({c})' for c in cols)} from submissions")[0]
        assert dict(zip(cols, (Decimal(s).quantize(Decimal('0.01')) for s in sums))) == {
            c: Decimal(v) for c, v in want["money"].items()}
    for word in want["words"]:
        assert word in said, (word, said)
    if want["periods"]:
        assert r.periods == want["periods"]
    if r.status == "failed":
        assert_officer_text(r.message)
    for note in r.notes:
        assert_officer_text(note)


def test_a_folder_never_skips_an_et_and_says_what_it_left_out(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("wps.et", "broken.et", "xls_named.xlsx"):
        shutil.copy(HOSTILE / name, folder / name)
    (folder / "说明.docx").write_bytes(b"PK\x03\x04")
    out = run_etl("load", "--db", db, folder)
    assert out.returncode == 1  # broken.et cannot be read
    assert "broken.et" in out.stdout and "wps.et" in out.stdout and "说明.docx" in out.stdout
    assert query(db, "select source_file, status from loads where kind = 'form' order by load_id") == [
        ("broken.et", "failed"), ("wps.et", "loaded"), ("xls_named.xlsx", "unchanged")]


def test_a_bad_file_does_not_stop_the_others(db):
    names = ["zip_bomb.xlsx", "aborts_the_reader.xls", "far_corner_blank.xlsx", "truncated.xlsx", "semicolons.csv",
             "stacked_blocks.xlsx"]  # the reader process that aborted on the second file is restarted for the third
    results = load_submissions(db, [HOSTILE / n for n in names])
    assert [r.status for r in results] == ["failed", "failed", "loaded", "failed", "failed", "loaded"]
