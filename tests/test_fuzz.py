"""Fuzzed files (hypothesis): truncated, mutated and random bytes given as xlsx, xls and csv. Each ends as a
clean per-file failure in Chinese or as a load whose rows all passed the checks; the next file still loads."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import VARIANTS, assert_officer_text, query
from etl.load import load_submissions

SOURCES = {".xlsx": (VARIANTS / "template.xlsx").read_bytes(), ".xls": (VARIANTS / "legacy.xls").read_bytes(),
           ".csv": (VARIANTS / "gbk.csv").read_bytes()}


@st.composite
def hostile_bytes(draw):
    suffix = draw(st.sampled_from(sorted(SOURCES)))
    data = bytearray(SOURCES[suffix])
    how = draw(st.sampled_from(["truncate", "mutate", "random", "mutate_and_truncate"]))
    if how == "random":
        return suffix, draw(st.binary(max_size=4096))
    if how.startswith("mutate"):
        for _ in range(draw(st.integers(1, 24))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if how.endswith("truncate"):
        data = data[:draw(st.integers(0, len(data)))]
    return suffix, bytes(data)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory):
    from conftest import FIXTURES
    from etl.load import load_register
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    load_register(path, [FIXTURES / "register.csv"])
    return path


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=hostile_bytes())
def test_fuzzed_files_fail_cleanly_or_load_checked_rows(fuzz_db, tmp_path_factory, case):
    suffix, data = case
    folder = tmp_path_factory.mktemp("case")
    path = folder / f"fuzzed{suffix}"
    path.write_bytes(data)
    results = load_submissions(fuzz_db, [path, VARIANTS / "utf8.csv"], period="2025Q4")
    fuzzed, good = results
    assert good.status in ("loaded", "unchanged")  # the file after it is never lost
    assert fuzzed.status in ("loaded", "failed", "unchanged")
    if fuzzed.status == "failed":
        assert_officer_text(fuzzed.message)
        assert query(fuzz_db, "select status from loads where load_id = ?", [fuzzed.load_id]) == [("failed",)]
    elif fuzzed.status == "loaded":
        # every row that loaded passed the hard checks: nothing of a rejected row is in submissions
        assert query(fuzz_db, """select count(*) from submission_history h join rejects r
                                 on r.load_id = h.load_id and r.row_number = h.row_number
                                 and r.sheet is not distinct from h.sheet where h.load_id = ?""", [fuzzed.load_id]) == [(0,)]
        assert query(fuzz_db, "select count(*) from submission_history where load_id = ?", [fuzzed.load_id]) == [(fuzzed.loaded,)]
    for note in fuzzed.notes:
        assert_officer_text(note)
