"""Demo generator, deliberate problems: the bad rows planted in the files, and the 滦平县 correction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from etl.demo_data import CORRECTION_COUNTY, CORRECTION_QUARTER, QUARTERS, _rows

@dataclass(frozen=True)
class Issue:
    """A deliberate problem planted in one row of one file."""
    quarter: str
    county_code: str
    kind: str
    severity: str  # hard: row must be rejected; soft: loads with a warning; ok: loads
    check: str     # the check it should trigger (spec "Checks on every row")


DELIBERATE_ISSUES = (
    Issue("2024Q2", "130821", "archived_gt_expected", "hard", "docs_archived ≤ docs_expected"),
    Issue("2024Q2", "130821", "mangled_code", "hard", "branch_code 12 digits (Excel scientific notation)"),
    Issue("2024Q3", "130826", "negative_count", "hard", "count ≥ 0 (docs_digitised)"),
    Issue("2024Q3", "130826", "chinese_numeral", "hard", "count a whole number (member_count '十二')"),
    Issue("2024Q4", "130828", "unknown_code", "hard", "branch_code in register"),
    Issue("2024Q4", "130828", "short_code", "hard", "branch_code 12 digits (11 given)"),
    Issue("2025Q1", "130825", "conflicting_duplicate", "hard", "conflicting duplicate rows (both rejected)"),
    Issue("2025Q1", "130825", "fulltime_gt_staff", "hard", "archive_staff_fulltime ≤ archive_staff"),
    Issue("2025Q2", "130822", "misclassified_gt_sampled", "hard", "docs_misclassified ≤ docs_sampled"),
    Issue("2025Q2", "130822", "funds_over_spent", "hard", "funds_designated + funds_misused ≤ funds_spent"),
    Issue("2025Q2", "130822", "trained_gt_staff", "hard", "staff_trained ≤ archive_staff"),
    Issue("2025Q3", "130824", "mangled_code", "hard", "branch_code 12 digits (Excel scientific notation)"),
    Issue("2025Q3", "130824", "sampled_gt_archived", "hard", "docs_sampled ≤ docs_archived"),
    Issue("2025Q4", "130827", "fractional_count", "hard", "count a whole number (docs_archived 12.5-like)"),
    Issue("2025Q4", "130827", "negative_money", "hard",
          "money ≥ 0 (funds_spent); also funds_designated + funds_misused ≤ funds_spent"),
    Issue("2025Q4", "130827", "digitised_gt_archived", "hard", "docs_digitised ≤ docs_archived"),
    Issue("2024Q1", "130881", "overspend", "soft", "funds_spent > funds_allocated"),
    Issue("2024Q3", "130881", "overspend", "soft", "funds_spent > funds_allocated"),
    Issue("2025Q1", "130826", "overspend", "soft", "funds_spent > funds_allocated"),
    Issue("2025Q4", "130802", "overspend", "soft", "funds_spent > funds_allocated"),
    Issue("2024Q2", "130828", "staff0_archived", "soft", "archive_staff = 0 while docs_archived > 0"),
    Issue("2025Q2", "130825", "staff0_archived", "soft", "archive_staff = 0 while docs_archived > 0"),
    Issue("2024Q4", "130822", "hours_without_trained", "soft", "training_hours > 0 while staff_trained = 0"),
    Issue("2025Q3", "130821", "trained_without_hours", "soft", "staff_trained > 0 while training_hours = 0"),
    Issue("2025Q1", "130803", "name_mismatch", "soft", "branch_name differs from the register"),
    Issue("2024Q4", "130803", "identical_duplicate", "ok", "identical duplicate rows load once"),
)


def _apply_issue(issue: Issue, rows: list[dict], used: set, rng) -> dict:
    """Plant one issue in an eligible unused row; returns the manifest entry."""
    eligible = [k for k, r in enumerate(rows) if id(r) not in used and _ELIGIBLE[issue.kind](r)]
    k = eligible[rng.integers(0, len(eligible))]
    r = rows[k]
    used.add(id(r))
    code = r["branch_code"]
    extra = _MUTATE[issue.kind](r)
    if extra is not None:  # duplicates: the copy goes right after the original
        rows.insert(k + 1, extra)
        used.add(id(extra))
    return {"branch_code": r["branch_code"], "true_branch_code": code, "kind": issue.kind,
            "severity": issue.severity, "check": issue.check}


def _mangle(code: str) -> str:
    return f"{code[0]}.{code[1:6]}E+11"  # how Excel shows a 12-digit number: 1.30821E+11


def _duplicate(r: dict, conflicting: bool) -> dict:
    """A second row for the same branch; a conflicting one differs by one document."""
    copy = dict(r)
    if conflicting:
        copy["docs_archived"] = r["docs_archived"] - 1
        copy["docs_digitised"] = min(copy["docs_digitised"], copy["docs_archived"])
        copy["docs_sampled"] = min(copy["docs_sampled"], copy["docs_archived"])
        copy["docs_misclassified"] = min(copy["docs_misclassified"], copy["docs_sampled"])
    return copy


def _set(**changes):
    """A mutator that overwrites fields in place (values computed from the original row)."""
    def mutate(r):
        for key, fn in changes.items():
            r[key] = fn(r)
    return mutate


_ELIGIBLE = {
    "archived_gt_expected": lambda r: True,
    "mangled_code": lambda r: True,
    "negative_count": lambda r: True,
    "chinese_numeral": lambda r: True,
    "unknown_code": lambda r: True,
    "short_code": lambda r: True,
    "conflicting_duplicate": lambda r: r["docs_archived"] >= 5,
    "identical_duplicate": lambda r: True,
    "fulltime_gt_staff": lambda r: r["archive_staff"] == 1 and r["archive_staff_fulltime"] == 1,
    "misclassified_gt_sampled": lambda r: 1 <= r["docs_sampled"] <= r["docs_archived"] - 3,
    "funds_over_spent": lambda r: r["funds_spent"] >= 100_000 and r["funds_misused"] == 0,
    "trained_gt_staff": lambda r: r["archive_staff"] >= 1,
    "sampled_gt_archived": lambda r: 5 <= r["docs_archived"] <= 8,
    "fractional_count": lambda r: 5 <= r["docs_archived"] < r["docs_expected"],
    "negative_money": lambda r: r["funds_spent"] >= 100_000,
    "digitised_gt_archived": lambda r: r["docs_archived"] >= 5,
    "overspend": lambda r: r["funds_allocated"] >= 200_000,
    "staff0_archived": lambda r: r["docs_archived"] > 0,
    "hours_without_trained": lambda r: r["archive_staff"] >= 1 and r["staff_trained"] == 0,
    "trained_without_hours": lambda r: r["staff_trained"] >= 1,
    "name_mismatch": lambda r: r["branch_name"].startswith("中共") and r["branch_name"].endswith("村支部委员会"),
}

_MUTATE = {
    "archived_gt_expected": _set(docs_archived=lambda r: r["docs_expected"] + 3),
    "mangled_code": _set(branch_code=lambda r: _mangle(r["branch_code"])),
    "negative_count": _set(docs_digitised=lambda r: -3),
    "chinese_numeral": _set(member_count=lambda r: "十二"),
    "unknown_code": _set(branch_code=lambda r: r["branch_code"][:6] + "99" + r["branch_code"][-4:]),
    "short_code": _set(branch_code=lambda r: r["branch_code"][:6] + r["branch_code"][7:]),
    "conflicting_duplicate": lambda r: _duplicate(r, conflicting=True),
    "identical_duplicate": lambda r: _duplicate(r, conflicting=False),
    "fulltime_gt_staff": _set(archive_staff_fulltime=lambda r: r["archive_staff"] + 1),
    "misclassified_gt_sampled": _set(docs_misclassified=lambda r: r["docs_sampled"] + 2),
    "funds_over_spent": _set(funds_designated=lambda r: r["funds_spent"],
                             funds_misused=lambda r: r["funds_spent"] // 500 * 100),  # a fifth, whole yuan
    "trained_gt_staff": _set(staff_trained=lambda r: r["archive_staff"] + 1,
                             training_hours=lambda r: 8 * (r["archive_staff"] + 1)),
    "sampled_gt_archived": _set(docs_sampled=lambda r: r["docs_archived"] + 3),
    "fractional_count": _set(docs_archived=lambda r: r["docs_archived"] + 0.5),
    "negative_money": _set(funds_spent=lambda r: -r["funds_spent"]),
    "digitised_gt_archived": _set(docs_digitised=lambda r: r["docs_archived"] + 5),
    "overspend": _set(funds_spent=lambda r: r["funds_allocated"] + 150_000,
                      funds_designated=lambda r: r["funds_allocated"] + 150_000,
                      funds_misused=lambda r: 0),
    "staff0_archived": _set(archive_staff=lambda r: 0, archive_staff_fulltime=lambda r: 0,
                            staff_trained=lambda r: 0, training_hours=lambda r: 0),
    "hours_without_trained": _set(training_hours=lambda r: 8),
    "trained_without_hours": _set(training_hours=lambda r: 0),
    "name_mismatch": _set(branch_name=lambda r: r["branch_name"][2:-len("支部委员会")] + "党支部"),
}
assert set(_MUTATE) == set(_ELIGIBLE) >= {i.kind for i in DELIBERATE_ISSUES}


def _correction_rows(reg, panel, rows: list[dict], issues: list[dict], rng) -> list[dict]:
    """滦平县 resubmits some 2025Q3 rows: late-filed documents, cleaned-up ring-fencing,
    the branch whose code Excel mangled, and two branches that had missed the quarter."""
    q = QUARTERS.index(CORRECTION_QUARTER)
    bad = {e["branch_code"] for e in issues}
    clean = [r for r in rows if r["branch_code"] not in bad]
    picks = rng.choice(len(clean), 18, replace=False)
    out = []
    for k in sorted(picks):
        r = dict(clean[k])
        r["docs_archived"] = min(r["docs_expected"], r["docs_archived"] + int(rng.integers(1, 6)))
        r["funds_designated"] = r["funds_spent"] - r["funds_misused"]
        out.append(r)
    codes = reg["branch_code"].to_numpy()
    for e in issues:
        if e["kind"] == "mangled_code":
            out += _rows(panel, np.flatnonzero(codes == e["true_branch_code"]), q, rng)
    county = (reg["county_code"].to_numpy() == CORRECTION_COUNTY) & (reg["status"].to_numpy() == "正常")
    missed = np.flatnonzero(county & ~panel["submit"][:, q] & panel["submit"][:, q - 1])
    out += _rows(panel, missed[:2], q, rng)
    late = dt.date(2026, 1, 20)
    for r in out:
        r["submitted_on"] = late
    return sorted(out, key=lambda r: r["branch_code"])
