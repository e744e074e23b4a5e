"""The file with every defect: each row's outcome and each (row, field, check) as worked out by hand."""
import csv
from collections import defaultdict

import pytest

from conftest import FIXTURES, query
from etl.load import load_register, load_submissions


def expected(name):
    checks, outcomes = set(), {}
    with open(FIXTURES / name, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            outcomes[int(r["line_number"])] = r["outcome"]
            if r["check"]:
                checks.add((int(r["line_number"]), r["field"], r["check"]))
    return checks, outcomes


def outcome_counts(outcomes):
    counts = defaultdict(int)
    for o in outcomes.values():
        counts[o] += 1
    return counts


@pytest.fixture
def loaded(db):
    [result] = load_submissions(db, [FIXTURES / "defects.csv"])
    return db, result


def test_every_failed_check_is_recorded(loaded):
    db, _ = loaded
    want, _ = expected("defects_expected.csv")
    # soft checks on rejected rows are not part of the contract: only rows that load carry warnings
    got = set(query(db, """
        select row_number, field, check_code from row_issues
        where severity = 'error' or (row_number) not in (select row_number from rejects)"""))
    assert got == want


def test_outcome_of_every_row(loaded):
    db, result = loaded
    _, outcomes = expected("defects_expected.csv")
    counts = outcome_counts(outcomes)
    assert (result.loaded, result.rejected, result.duplicate, result.skipped) == (
        counts["loaded"], counts["rejected"], counts["duplicate"], counts["skipped"])
    rejected = {r[0] for r in query(db, "select row_number from rejects")}
    assert rejected == {n for n, o in outcomes.items() if o == "rejected"}
    # nothing is lost: every data line is loaded, rejected, a repeat or a skipped label
    assert sum(counts.values()) == result.loaded + result.rejected + result.duplicate + result.skipped


def test_rejects_name_every_reason_and_keep_the_row(loaded):
    db, _ = loaded
    rows = query(db, "select row_number, reasons, checks, fields, raw from rejects order by row_number")
    for row_number, reasons, checks, fields, raw in rows:
        assert len(reasons.split(";")) == len(checks) == len(fields)
        assert raw is not None
    multi = [r for r in rows if len(r[2]) >= 5]
    assert multi, "the row failing several checks names all of them"


def test_warnings_only_on_loaded_rows(loaded):
    db, result = loaded
    warned = query(db, "select count(*), count(*) filter (where row_number in (select row_number from rejects)) from warnings")
    assert warned == [(result.warned, 0)]
    loaded_codes = {r[0] for r in query(db, "select branch_code from submissions")}
    assert {r[0] for r in query(db, "select branch_code from warnings")} <= loaded_codes


def test_register_defects(tmp_path):
    db = tmp_path / "reg.duckdb"
    [result] = load_register(db, [FIXTURES / "register_defects.csv"])
    want, outcomes = expected("register_defects_expected.csv")
    got = set(query(db, "select row_number, field, check_code from row_issues"))
    assert got == want
    assert result.loaded == sum(o == "loaded" for o in outcomes.values())


def test_a_negative_spend_is_named_as_negative_not_as_an_overspend(db, tmp_path):
    """Designated + misused > spent is checked only among amounts that can be right: a negative spend is
    its own error, and saying the designated part exceeds -4,200 yuan would send the officer the wrong way."""
    from conftest import VARIANTS
    text = (VARIANTS / "utf8.csv").read_text(encoding="utf-8").replace(",5000.00,4200.00,4000.00,", ",5000.00,-4200.00,4000.00,", 1)
    path = tmp_path / "negative.csv"
    path.write_text(text, encoding="utf-8")
    [r] = load_submissions(db, [path])
    assert query(db, "select row_number, field, check_code from row_issues where load_id = ? and severity = 'error'",
                 [r.load_id]) == [(2, "funds_spent", "negative")]
