"""Deterministic demo input files for 承德市: a register and 8 quarters of submissions.

This module only *writes files* in the shapes real offices send (see
shared/spec/reporting-form.md section 3); loading them is the loader's job.

    write_demo_files(out_dir, seed=20251231) -> {"register": [...], "submissions": [...], ...}

What is written
- ``register_承德市.xlsx``: ~6,000 branches in the 11 counties, title row above
  the template headers.
- ``2024Q1_双桥区.xlsx`` ... ``2025Q4_平泉市.xlsx``: one file per county per quarter
  (88).  Half the counties send xlsx (title row with the period, units row
  ``金额单位:万元``, money in 万元, unit-suffixed headers, a closing 合计 row); the
  others send GBK CSV (统计期 column, money in 元).  See ``COUNTY_PROFILES``.
- ``2025Q3_滦平县_更正.csv``: a resubmission loaded last that revises some
  2025Q3 rows of 滦平县 (and repairs the row whose code Excel mangled).

Stories a leader should be able to find in the dashboard
- Poor mountain counties (围场, 丰宁, 隆化, 宽城) have fewer archive staff, few
  full-timers, fewer archive rooms, smaller and rarer special funds that are
  spent less fully, lower completeness and digitisation, and miss more reports.
- Training drives classification: branches whose staff are trained (and for
  more hours, cumulatively) misclassify fewer spot-checked documents; using the
  standard scheme helps too.
- About 10-15 rows per quarter show audited misuse (funds_misused > 0), with a
  few repeat-offender branches.
- About 3% of branches never submit; others miss the odd quarter; dissolved
  (撤销) branches stop submitting when dissolved.
- 双桥区, 平泉市 and 兴隆县 improve steadily over the 8 quarters (staff,
  training, scheme adoption, rooms, completeness, digitisation, funds); the
  other counties stagnate.
- A small, documented set of deliberately bad rows (hard-check failures) and
  soft-check cases: ``DELIBERATE_ISSUES``; the returned manifest names the file
  and the branch code as written for each.
"""
from __future__ import annotations

import pathlib

import numpy as np

from etl.demo_data import (  # noqa: F401  (re-exported: the public names of the generator)
    CORRECTION_COUNTY, CORRECTION_QUARTER, COUNTY_PROFILES, QUARTERS, REGISTER_FILE, REGISTER_TITLE,
    CountyProfile, build_panel, build_register, _file_rows)
from etl.demo_issues import DELIBERATE_ISSUES, Issue, _apply_issue, _correction_rows  # noqa: F401
from etl.demo_writers import _write, _write_register, period_cn  # noqa: F401

__all__ = ["QUARTERS", "REGISTER_TITLE", "COUNTY_PROFILES", "CountyProfile", "DELIBERATE_ISSUES", "Issue",
           "build_register", "build_panel", "period_cn", "submission_filename", "write_demo_files", "summary"]

# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------
def submission_filename(quarter: str, county_code: str, suffix: str = "") -> str:
    prof = COUNTY_PROFILES[county_code]
    return f"{quarter}_{prof.name}{suffix}.{prof.fmt}"


def write_demo_files(out_dir: pathlib.Path, seed: int = 20251231) -> dict:
    """Write the register and all submissions into out_dir.

    Returns {"register": [path], "submissions": [paths in load order],
             "issues": [manifest entries], "revisions": {...}}.
    Each issue entry: file, quarter, county_code, branch_code (as written in the
    file), true_branch_code, kind, severity (hard/soft/ok) and check.
    """
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    reg = build_register(rng)
    panel = build_panel(reg, rng)

    reg_path = out_dir / REGISTER_FILE
    _write_register(reg_path, reg)

    paths, manifest, correction = [], [], None
    for q, quarter in enumerate(QUARTERS):
        for code, prof in sorted(COUNTY_PROFILES.items(), key=lambda kv: kv[0]):
            rows = _file_rows(reg, panel, q, code, rng)
            path = out_dir / submission_filename(quarter, code)
            used: set = set()
            entries = [_apply_issue(i, rows, used, rng) for i in DELIBERATE_ISSUES
                       if i.quarter == quarter and i.county_code == code]
            for e in entries:
                e.update(file=path.name, quarter=quarter, county_code=code)
            manifest += entries
            if (quarter, code) == (CORRECTION_QUARTER, CORRECTION_COUNTY):
                correction = _correction_rows(reg, panel, rows, entries, rng)
            _write(path, rows, prof, quarter)
            paths.append(path)

    fix_path = out_dir / submission_filename(CORRECTION_QUARTER, CORRECTION_COUNTY, "_更正")
    _write(fix_path, correction, COUNTY_PROFILES[CORRECTION_COUNTY], CORRECTION_QUARTER)
    paths.append(fix_path)  # loaded last: it replaces earlier rows of that quarter
    return {
        "register": [reg_path],
        "submissions": paths,
        "issues": manifest,
        "revisions": {"file": fix_path.name, "quarter": CORRECTION_QUARTER,
                      "branch_codes": [r["branch_code"] for r in correction]},
    }


def summary(result: dict) -> dict:
    """Small counts for logs and tests."""
    return {
        "register_files": len(result["register"]),
        "submission_files": len(result["submissions"]),
        "hard_issue_rows": sum(1 for e in result["issues"] if e["severity"] == "hard")
        + sum(1 for e in result["issues"] if e["kind"] == "conflicting_duplicate"),
        "soft_issue_rows": sum(1 for e in result["issues"] if e["severity"] == "soft"),
        "revised_rows": len(result["revisions"]["branch_codes"]),
    }
