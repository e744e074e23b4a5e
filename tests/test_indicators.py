"""Indicator values at every region level, checked against fractions worked out by hand.

Four branches report 2025Q4 (one of them revised by a later file) and one reports 2025Q3; the
register has 31 active branches (滦平县 15, 围场县 16). 围场县's only report has nothing due, no
samples, no staff and no funds, so most of its rates are undefined (None), never 0% or 100%.
"""
from fractions import Fraction as F

import pytest

from warehouse import run_query
from warehouse import EVERYTHING, Scope
from conftest import query
from etl.load import load_submissions
from etl.spec import FORM_FIELDS

HEADER = [f.header for f in FORM_FIELDS]
#        period    code          name  members exp arch dig smp mis scheme staff ft tr hours room alloc spent desig misused date reporter
Q4 = [
    ["2025Q4", "130824001001", "", 20, 40, 30, 15, 10, 2, "是", 2, 1, 1, 4, "是", 1000, 800, 700, 0, "", ""],
    ["2025Q4", "130824001002", "", 10, 20, 20, 5, 0, 0, "否", 1, 0, 1, 2, "否", 0, 0, 0, 0, "", ""],
    ["2025Q4", "130824002001", "", 30, 60, 30, 30, 5, 1, "是", 0, 0, 0, 0, "", 2000, 1000, 600, 100, "", ""],
    ["2025Q4", "130828001001", "", 5, 0, 0, 0, 0, 0, "", 0, 0, 0, 0, "否", 0, 0, 0, 0, "", ""],
]
REVISION = [["2025Q4", "130824001001", "", 20, 40, 36, 15, 10, 2, "是", 2, 1, 1, 4, "是", 1000, 800, 700, 0, "", ""]]
Q3 = [["2025Q3", "130824001001", "", 20, 40, 20, 10, 4, 2, "否", 2, 0, 0, 0, "否", 500, 100, 100, 0, "", ""]]


def write(path, rows):
    lines = [",".join(HEADER)] + [",".join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small(db, tmp_path):
    results = load_submissions(db, [write(tmp_path / "q3.csv", Q3), write(tmp_path / "q4.csv", Q4),
                                    write(tmp_path / "q4_更正.csv", REVISION)])
    assert [r.status for r in results] == ["loaded"] * 3 and sum(r.rejected for r in results) == 0
    return db


def params(**kw):
    return {"period": "2025Q4", "area": "", "township": "", "org_type": "", **kw}


def indicators(db, monkeypatch, name="overview_totals", scope=EVERYTHING, **kw):
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    return run_query(name, scope, **params(**kw))


def check(row, expected):
    for key, want in expected.items():
        got = row[key]
        if want is None:
            assert got is None or got != got, f"{key} should be undefined, got {got}"  # None or NaN
        else:
            assert got == pytest.approx(float(want)), key


CITY_Q4 = {
    "submission_rate": F(4, 31), "completeness": F(86, 120), "digitisation": F(50, 86),
    "classification_accuracy": 1 - F(3, 15), "scheme_adoption": F(2, 3), "training_coverage": F(2, 3),
    "fulltime_staffing": F(1, 4), "room_rate": F(1, 3), "fund_utilisation": F(1800, 3000),
    "ringfence_compliance": F(1300, 1800), "misuse_rate": F(100, 1800), "funds_misused": 100,
    "hours_per_staff": F(6, 3),
}


def test_city_totals_with_the_revision_applied(small, monkeypatch):
    rows = indicators(small, monkeypatch)
    check(rows[rows.period == "2025Q4"].iloc[0].to_dict(), CITY_Q4)
    check(rows[rows.period == "2025Q3"].iloc[0].to_dict(), {
        "submission_rate": F(1, 31), "completeness": F(20, 40), "classification_accuracy": F(1, 2),
        "training_coverage": 0, "fund_utilisation": F(100, 500)})
    assert query(small, "select docs_archived from submission_history where branch_code = '130824001001' "
                        "and period = '2025Q4' order by load_id") == [(30,), (36,)]


def test_counties_one_level_down(small, monkeypatch):
    rows = indicators(small, monkeypatch, "region_compare", level="county").set_index("region_code")
    check(rows.loc["130824"].to_dict(), {
        "submission_rate": F(3, 15), "completeness": F(86, 120), "classification_accuracy": F(12, 15),
        "training_coverage": F(2, 3), "fund_utilisation": F(1800, 3000), "misuse_rate": F(100, 1800)})
    # 围场县 reported once with nothing due, sampled, staffed or funded: undefined, not 0% or 100%
    check(rows.loc["130828"].to_dict(), {
        "submission_rate": F(1, 16), "completeness": None, "digitisation": None, "classification_accuracy": None,
        "scheme_adoption": None, "training_coverage": None, "fulltime_staffing": 0, "room_rate": 0,
        "fund_utilisation": None, "ringfence_compliance": None, "misuse_rate": None, "funds_misused": 0})


def test_townships_of_a_county(small, monkeypatch):
    rows = indicators(small, monkeypatch, "region_compare", area="130824", level="township").set_index("region_name")
    check(rows.loc["长山峪镇"].to_dict(), {
        "submission_rate": F(1, 7), "completeness": F(30, 60), "classification_accuracy": 1 - F(1, 5),
        "training_coverage": None, "fund_utilisation": F(1000, 2000), "ringfence_compliance": F(600, 1000),
        "misuse_rate": F(100, 1000)})
    check(rows.loc["滦平镇"].to_dict(), {
        "submission_rate": F(2, 8), "completeness": F(56, 60), "digitisation": F(20, 56),
        "classification_accuracy": 1 - F(2, 10), "training_coverage": F(2, 3), "fund_utilisation": F(800, 1000)})


def test_one_township_and_one_org_type(small, monkeypatch):
    [row] = indicators(small, monkeypatch, area="130824", township="长山峪镇").query("period == '2025Q4'").to_dict("records")
    check(row, {"submission_rate": F(1, 7), "completeness": F(30, 60)})
    [row] = indicators(small, monkeypatch, org_type="学校").query("period == '2025Q4'").to_dict("records")
    check(row, {"submission_rate": F(1, 4), "completeness": F(36, 40), "classification_accuracy": 1 - F(2, 10)})


def test_scope_limits_every_number(small, monkeypatch):
    [row] = indicators(small, monkeypatch, scope=Scope("130828")).query("period == '2025Q4'").to_dict("records")
    check(row, {"submission_rate": F(1, 16), "completeness": None})
    counties = indicators(small, monkeypatch, "region_compare", scope=Scope("130828"), level="county")
    assert counties.region_code.tolist() == ["130828"]
