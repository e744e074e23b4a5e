"""The classification page (分类质量): Wilson intervals and shrunk branch estimates checked against a Python
implementation on a tiny hand-made quarter, and the training bands against raw rows of one demo county."""
import csv
import json
import math

import duckdb
import pytest
from conftest import ROOT, plotly_values, query

from i18n import t
from etl.load import load_submissions

PAGE = "pages/classification.py"
COUNTY = "130804"   # 鹰手营子矿区, the smallest demo county
Z, K = 1.959964, 20

# The tiny quarter: branch → (docs_sampled, docs_misclassified, archive_staff, staff_trained).
TINY = {
    "130824001001": (3, 0, 1, 1),       # 3 of 3: perfect but tiny
    "130824001002": (100, 5, 2, 0),     # 95 of 100: must rank above 3 of 3
    "130824001003": (100, 40, 2, 1),
    "130824001004": (0, 0, 0, 0),       # not checked: not ranked
    "130824001005": (10, 2, 1, 0),
    "130828001001": (2, 1, 1, 1),
    "130828001002": (50, 5, 3, 3),
}


def wilson(successes, n):
    if n == 0:
        return None, None
    p = successes / n
    centre, half = p + Z * Z / (2 * n), Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return max(0.0, (centre - half) / (1 + Z * Z / n)), min(1.0, (centre + half) / (1 + Z * Z / n))


def pct(value):
    return "—" if value is None else f"{value:.1%}"


def interval(successes, n):
    low, high = wilson(successes, n)
    return "—" if low is None else f"{pct(low)} – {pct(high)}"


def charts(at) -> dict:
    return {c.proto.id.rsplit("-", 1)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def column(at, key):
    return list(at.dataframe[0].value[t(key, "zh")])


@pytest.fixture
def tiny_db(db, tmp_path):
    """The fixture register with one hand-made quarter for seven branches."""
    path = tmp_path / "2025Q4_tiny.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["period", "branch_code", "member_count", "docs_expected", "docs_archived", "docs_digitised",
                         "docs_sampled", "docs_misclassified", "uses_standard_scheme", "archive_staff",
                         "archive_staff_fulltime", "staff_trained", "training_hours", "has_archive_room",
                         "funds_allocated", "funds_spent", "funds_designated", "funds_misused"])
        for code, (sampled, wrong, staff, trained) in TINY.items():
            writer.writerow(["2025Q4", code, 10, 120, 110, 50, sampled, wrong, "yes", staff, 0, trained,
                             4 if trained else 0, "yes", 0, 0, 0, 0])
    result = load_submissions(db, [path])[0]
    assert result.status == "loaded" and result.rejected == 0
    return db


def test_wilson_and_shrinkage_macros_match_python():
    con = duckdb.connect()
    for name in ("macros.sql", "stats.sql"):
        con.execute((ROOT / "queries" / "build" / name).read_text(encoding="utf-8"))
    for successes, n in [(0, 0), (0, 5), (3, 3), (95, 100), (1, 2), (57, 80), (16000, 16100)]:
        got = con.execute("select wilson_low($s, $n), wilson_high($s, $n)", {"s": successes, "n": n}).fetchone()
        if n:
            assert got == pytest.approx(wilson(successes, n))
        else:
            assert got == (None, None)
    assert wilson(95, 100) == pytest.approx((0.8882, 0.9785), abs=1e-4)   # the textbook value
    got = con.execute("select shrunk_rate(3, 3, 0.8, 20), shrunk_rate(95, 100, 0.8, 20), shrunk_rate(1, 2, null, 20)")
    assert got.fetchone() == pytest.approx(((3 + 16) / 23, (95 + 16) / 120, None))


def test_ranking_on_a_hand_made_quarter(app, tiny_db):
    at = app(tiny_db, PAGE)
    at.toggle(key="ranking_worst_first").set_value(False).run()
    assert not at.exception
    # the prior of each county: its pooled accuracy; each branch shrunk towards it by K pseudo-documents
    prior = {}
    for county in ("130824", "130828"):
        rows = [v for code, v in TINY.items() if code.startswith(county)]
        prior[county] = 1 - sum(r[1] for r in rows) / sum(r[0] for r in rows)
    expected = sorted(((code, s - w, s, (s - w + K * prior[code[:6]]) / (s + K))
                       for code, (s, w, _, _) in TINY.items() if s > 0), key=lambda r: -r[3])
    names = dict(query(tiny_db, "select branch_code, branch_name from branches"))
    assert column(at, "col.branch_name") == [names[code] for code, *_ in expected]   # best first
    assert column(at, "classification.col.rank") == list(range(1, len(expected) + 1))
    assert column(at, "classification.col.docs_sampled") == [n for _, _, n, _ in expected]
    assert column(at, "classification.col.accuracy") == pytest.approx([c / n for _, c, n, _ in expected])
    assert column(at, "classification.col.interval") == [interval(c, n) for _, c, n, _ in expected]
    assert column(at, "classification.col.shrunk") == [pct(s) for *_, s in expected]
    shown = column(at, "col.branch_name")
    assert shown.index(names["130824001002"]) < shown.index(names["130824001001"])   # 95/100 above 3/3
    assert names["130824001004"] not in shown                                          # not checked

    sampled = sum(v[0] for v in TINY.values())
    wrong = sum(v[1] for v in TINY.values())
    assert at.metric[0].value == pct(1 - wrong / sampled)
    assert interval(sampled - wrong, sampled) in at.caption[1].value

    at.toggle(key="ranking_worst_first").set_value(True).run()
    assert column(at, "col.branch_name") == [names[code] for code, *_ in reversed(expected)]


def test_region_error_bars_are_wilson_intervals(app, tiny_db):
    at = app(tiny_db, PAGE)
    bars = charts(at)["regions_classification_accuracy"]["data"][0]
    for code, y, error_plus, error_minus in zip([c[0] for c in bars["customdata"]], bars["y"],
                                                plotly_values(bars["error_x"]["array"]),
                                                plotly_values(bars["error_x"]["arrayminus"])):
        rows = [v for c, v in TINY.items() if c.startswith(code)]
        n, correct = sum(r[0] for r in rows), sum(r[0] - r[1] for r in rows)
        low, high = wilson(correct, n)
        assert (error_minus, error_plus) == pytest.approx((correct / n - low, high - correct / n))


def band(staff, trained):
    if not staff:
        return "no_staff"
    if trained == 0:
        return "none"
    return "low" if trained / staff < 0.5 else "high" if trained < staff else "full"


def test_training_bands_match_raw_rows_of_one_county(app, demo_db):
    latest = query(demo_db, "select max(period) from submissions")[0][0]
    rows = query(demo_db, """select s.archive_staff, s.staff_trained, s.docs_sampled, s.docs_misclassified
                             from submissions s join branches b using (branch_code)
                             where b.county_code = ? and s.period = ?""", [COUNTY, latest])
    pooled = {}   # group → (sampled, misclassified, branches)
    for staff, trained, sampled, wrong in rows:
        groups = [band(staff, trained)] + (["trained" if trained else "untrained"] if staff else [])
        for key in groups:
            n, w, branches = pooled.get(key, (0, 0, 0))
            pooled[key] = (n + sampled, w + wrong, branches + 1)
    accuracy = {key: (1 - w / n if n else None) for key, (n, w, _) in pooled.items()}
    sums = [pooled.get(key, (0, 0, 0)) for key in ("no_staff", "none", "low", "high", "full")]

    at = app(demo_db, PAGE)
    at.selectbox(key="county").set_value(COUNTY).run()
    assert not at.exception
    bars = charts(at)["bands"]["data"][0]
    keys = ["no_staff", "none", "low", "high", "full"]
    assert bars["x"] == [t(f"classification.band.{key}", "zh") for key in keys]
    assert bars["text"] == [pct(accuracy.get(key)) for key in keys]
    assert [c[0] for c in bars["customdata"]] == [interval(n - w, n) for n, w, _ in sums]
    assert [c[1] for c in bars["customdata"]] == [branches for *_, branches in sums]
    trained, untrained = at.metric[2], at.metric[3]
    assert trained.value == pct(accuracy["trained"]) and untrained.value == pct(accuracy["untrained"])
    assert trained.delta.startswith(f"{(accuracy['trained'] - accuracy['untrained']) * 100:+.1f}")


def test_scatter_is_a_sample(app, demo_db):
    latest = query(demo_db, "select max(period) from submissions")[0][0]
    eligible = query(demo_db, """select count(*) from submissions
                                 where period = ? and docs_sampled > 0 and archive_staff > 0""", [latest])[0][0]
    at = app(demo_db, PAGE)
    assert not at.exception
    scatter = charts(at)["scatter"]
    assert len(plotly_values(scatter["data"][0]["x"])) == min(2000, eligible) < eligible
    assert f"{eligible:,}" in scatter["layout"]["title"]["text"]
    assert len(at.dataframe[0].value) == 20


def test_english_switch(app, demo_db):
    at = app(demo_db, PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert t("ind.classification_accuracy", "en") in [m.label for m in at.metric]
