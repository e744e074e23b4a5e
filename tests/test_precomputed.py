"""What the ETL computes once per load (the score components, the shrunk accuracy, the training band and
the 4-quarter misuse in branch_quarter) equals what the questions used to compute per view, worked out here
independently from the raw submissions and the register, for every branch and quarter of the demo."""
import math

import pytest

from conftest import query
from domain.stats import PRIOR_STRENGTH


def quarter_index(p):
    return int(p[:4]) * 4 + int(p[-1]) - 1


@pytest.fixture(scope="module")
def raw(demo_db):
    rows = query(demo_db, """
        select s.period, s.branch_code, b.county_code, b.status = '正常', s.member_count, s.docs_sampled,
               s.docs_misclassified, s.archive_staff, s.archive_staff_fulltime, s.staff_trained,
               s.training_hours::DOUBLE, s.has_archive_room, s.funds_allocated::DOUBLE, s.funds_misused::DOUBLE
        from submissions s join branches b using (branch_code)""")
    return rows


def on_the_fly(rows):
    """Each (period, branch)'s components as the per-view SQL defined them (docs/indicators.md)."""
    county = {}
    for period, _, cc, _, _, sampled, wrong, *_ in rows:
        s, w = county.get((period, cc), (0, 0))
        county[(period, cc)] = (s + sampled, w + wrong)
    misuse = {}
    for period, code, *_rest, misused in rows:
        if misused > 0:
            misuse.setdefault(code, []).append((quarter_index(period), misused))
    out = {}
    for period, code, cc, active, members, sampled, wrong, staff, fulltime, trained, hours, room, funds, _ in rows:
        s, w = county[(period, cc)]
        p0 = 1 - w / s if s else None
        coverage = trained / staff if staff else None
        q = quarter_index(period)
        out[(period, code)] = {
            "c_fulltime": 1.0 if fulltime >= 1 else 0.0,
            "c_room": None if room is None else float(room),
            "c_coverage": trained / staff if staff > 0 else 0.0,
            "hours_per_staff": hours / staff if staff > 0 else 0.0,
            "funds_per_member": funds / members if members > 0 and funds is not None else None,
            "accuracy_shrunk": None if p0 is None else (sampled - wrong + PRIOR_STRENGTH * p0) / (sampled + PRIOR_STRENGTH),
            "training_band": "no_staff" if not staff else "none" if trained == 0 else "low" if coverage < 0.5
            else "high" if coverage < 1 else "full",
            "misused_recent": sum(m for i, m in misuse.get(code, []) if q - 3 <= i <= q) if active else 0.0,
        }
    return out


def test_precomputed_components_equal_the_per_view_ones(demo_db, raw):
    expected = on_the_fly(raw)
    columns = ("c_fulltime", "c_room", "c_coverage", "hours_per_staff", "funds_per_member", "accuracy_shrunk",
               "training_band", "misused_recent")
    stored = query(demo_db, f"select period, branch_code, {', '.join(columns)} from branch_quarter where has_row")
    assert len(stored) == len(expected) > 40_000
    misused = 0
    for period, code, *values in stored:
        for name, got in zip(columns, values):
            want = expected[(period, code)][name]
            if want is None or (isinstance(want, float) and math.isnan(want)):
                assert got is None, (period, code, name, got)
            elif isinstance(want, str):
                assert got == want, (period, code, name)
            else:
                assert float(got) == pytest.approx(want, abs=1e-9), (period, code, name, got, want)
        misused += float(values[-1]) > 0
    assert misused > 10       # the demo has misuse, so the window is really exercised


def test_non_submitters_have_no_components(demo_db):
    rows = query(demo_db, """select count(*), count(c_fulltime), count(c_coverage), count(hours_per_staff),
                                    count(accuracy_shrunk), count(training_band)
                             from branch_quarter where not has_row""")
    assert rows[0][0] > 0 and rows[0][1:] == (0, 0, 0, 0, 0)
