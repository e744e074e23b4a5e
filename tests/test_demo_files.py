"""Tests for etl/demo_files.py: counts, determinism, encodings, and the hard rules on clean rows.

The file reader here is deliberately minimal (it knows the demo layouts); it is
not the loader, only enough to check what the generator wrote.
"""
import pathlib
import re
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from etl import demo_files as demo  # noqa: E402
from etl.spec import CHENGDE_COUNTIES, FORM_FIELDS, MONEY_FIELDS, ORDER_RULES, REGISTER_FIELDS  # noqa: E402

HEADER_TO_NAME = {f.header: f.name for f in FORM_FIELDS}
COUNTS = [f.name for f in FORM_FIELDS if f.kind == "count"]
YES = {"是", "有", "√"}
NO = {"否", "无", "×"}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return demo.write_demo_files(tmp_path_factory.mktemp("demo_a"))


@pytest.fixture(scope="module")
def frames(result):
    """Every submission file read back as canonical columns (money in yuan)."""
    return {p.name: read_submission(p) for p in result["submissions"]}


# --- a minimal reader for the demo layouts ---------------------------------
def canonical(header: str):
    """'下拨专项经费(万元)' -> ('funds_allocated', 10000); strips units, spaces, line breaks."""
    h = re.sub(r"\s+", "", str(header))
    m = re.match(r"^(.*?)[((](.*?)[))]$", h)
    base, unit = (m.group(1), m.group(2)) if m else (h, "")
    return HEADER_TO_NAME.get(base), 10000 if unit == "万元" else 1


def xlsx_values(path: pathlib.Path) -> list[list]:
    """Cell values of the first sheet; calamine when present (openpyxl without lxml is slow)."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        ws = openpyxl.load_workbook(path, read_only=True).active
        return [list(r) for r in ws.iter_rows(values_only=True)]
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return [[None if v == "" else v for v in r] for r in rows]


def read_submission(path: pathlib.Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        raw = pd.read_csv(path, encoding="gbk", dtype=str, keep_default_na=False)
        rows = raw.values.tolist()
        headers = list(raw.columns)
    else:
        values = xlsx_values(path)
        start = next(i for i, r in enumerate(values) if "组织代码" in r)
        headers, rows = values[start], values[start + 1:]
    cols = [canonical(h) for h in headers]
    out = []
    for row in rows:
        rec = {}
        for (name, factor), v in zip(cols, row):
            if name is None:
                continue
            if name in MONEY_FIELDS and v not in (None, ""):
                v = float(str(v).replace(",", "")) * factor
            rec[name] = v
        if rec.get("branch_code") in (None, ""):
            continue  # title, units, blank and 合计 rows carry no branch code
        out.append(rec)
    df = pd.DataFrame(out)
    df["file"] = path.name
    return df


def as_number(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def hard_failures(rec: dict, register_codes: set) -> list:
    """The spec's hard checks that concern a single row's values."""
    fails = []
    code = str(rec["branch_code"]).strip()
    if not re.fullmatch(r"\d{12}", code):
        fails.append("code_format")
    elif code not in register_codes:
        fails.append("code_unknown")
    nums = {f: as_number(rec.get(f)) for f in COUNTS + list(MONEY_FIELDS)}
    for f in COUNTS:
        if nums[f] is None or nums[f] < 0 or nums[f] != int(nums[f]):
            fails.append(f"count:{f}")
    for f in MONEY_FIELDS:
        if nums[f] is None or nums[f] < 0:
            fails.append(f"money:{f}")
    for small, large in ORDER_RULES:
        if None not in (nums[small], nums[large]) and nums[small] > nums[large]:
            fails.append(f"{small}>{large}")
    fen = {f: round(nums[f] * 100) for f in MONEY_FIELDS if nums[f] is not None}
    if len(fen) == 4 and fen["funds_designated"] + fen["funds_misused"] > fen["funds_spent"]:
        fails.append("designated+misused>spent")
    return fails


def soft_warnings(rec: dict) -> list:
    n = {f: as_number(rec.get(f)) for f in COUNTS + list(MONEY_FIELDS) + ["training_hours"]}
    warns = []
    if round(n["funds_spent"] * 100) > round(n["funds_allocated"] * 100):
        warns.append("overspend")
    if n["archive_staff"] == 0 and n["docs_archived"] > 0:
        warns.append("staff0_archived")
    if (n["training_hours"] > 0) != (n["staff_trained"] > 0):
        warns.append("training_mismatch")
    return warns


def issue_keys(result, severity):
    return {(e["file"], e["branch_code"]) for e in result["issues"] if e["severity"] == severity}


@pytest.fixture(scope="module")
def register(result):
    values = xlsx_values(result["register"][0])
    return pd.DataFrame(values[2:], columns=values[1]).astype(object)


@pytest.fixture(scope="module")
def checked_rows(frames, register):
    """(file, code as written, hard failures, soft warnings) for every branch row, computed once."""
    codes = set(register["组织代码"])
    out = []
    for name, df in frames.items():
        for rec in df.to_dict("records"):
            hard = hard_failures(rec, codes)
            out.append((name, str(rec["branch_code"]), hard, [] if hard else soft_warnings(rec)))
    return out


# --- tests -------------------------------------------------------------------
def test_register_counts_and_shape(result, register):
    assert [p.name for p in result["register"]] == ["register_承德市.xlsx"]
    ws = openpyxl.load_workbook(result["register"][0], read_only=True).active
    first = next(ws.iter_rows(values_only=True))
    assert first[0] == demo.REGISTER_TITLE
    assert list(register.columns) == [f.header for f in REGISTER_FIELDS]
    assert set(register["县(市、区)代码"]) == set(CHENGDE_COUNTIES)
    assert 5500 <= len(register) <= 6500
    assert register["组织代码"].str.fullmatch(r"\d{12}").all()
    assert register["组织代码"].is_unique
    assert (register["组织代码"].str[:6] == register["县(市、区)代码"]).all()
    towns = register.groupby("县(市、区)代码")["乡镇(街道)"].nunique()
    assert towns.between(8, 20).all()
    assert 0.005 <= (register["状态"] == "撤销").mean() <= 0.02
    assert register["联系电话"].dropna().str.fullmatch(r"1\d{10}").all()
    sizes = register["县(市、区)代码"].value_counts()
    assert sizes["130802"] < sizes["130828"]  # urban district smaller than 围场


def test_submission_files(result):
    names = [p.name for p in result["submissions"]]
    assert len(names) == 8 * 11 + 1
    assert names[-1] == "2025Q3_滦平县_更正.csv"  # correction is loaded last
    main = names[:-1]
    # quarter, then county in GB/T 2260 code order
    assert main == [demo.submission_filename(q, c) for q in demo.QUARTERS for c in sorted(CHENGDE_COUNTIES)]
    for q in demo.QUARTERS:
        assert sum(n.startswith(q + "_") for n in main) == 11
    assert all(p.exists() for p in result["submissions"])
    fmts = {p.suffix for p in result["submissions"]}
    assert fmts == {".xlsx", ".csv"}


def test_xlsx_layout_period_in_title(result):
    path = next(p for p in result["submissions"] if p.name == "2024Q1_承德县.xlsx")
    rows = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "承德县基层党组织党建工作档案统计表(2024年第一季度)"
    assert rows[1][0] == "金额单位:万元"
    assert "下拨专项经费(万元)" in rows[2] and "统计期" not in rows[2]
    assert rows[-1][rows[2].index("党组织名称")] == "合计"
    assert rows[-1][rows[2].index("组织代码")] is None


def test_csv_gbk_and_period_column(result):
    for p in result["submissions"]:
        if p.suffix != ".csv":
            continue
        text = p.read_bytes().decode("gbk")  # raises if not GBK
        header = text.splitlines()[0].split(",")
        assert header[0] == "统计期" and "下拨专项经费(元)" in header
        quarter = p.name[:6]
        periods = set(pd.read_csv(p, encoding="gbk", dtype=str)["统计期"])
        assert periods <= {quarter, demo.period_cn(quarter)}


def test_deterministic(result, tmp_path):
    again = demo.write_demo_files(tmp_path)
    first = result["register"] + result["submissions"]
    second = again["register"] + again["submissions"]
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):  # xlsx too: the writer freezes zip timestamps
        assert a.read_bytes() == b.read_bytes(), a.name
    for name in ("2025Q1_隆化县.xlsx", "2025Q4_宽城满族自治县.xlsx"):
        cells = [list(openpyxl.load_workbook(d / name, read_only=True).active.iter_rows(values_only=True))
                 for d in (first[0].parent, tmp_path)]
        assert cells[0] == cells[1]
    assert result["issues"] == again["issues"]
    other = demo.build_register(np.random.default_rng(7))
    assert not other.equals(demo.build_register(np.random.default_rng(20251231)))


def test_clean_rows_pass_hard_checks(result, checked_rows):
    planted = issue_keys(result, "hard")
    clean = [(name, code, fails) for name, code, fails, _ in checked_rows if (name, code) not in planted]
    assert len(clean) > 40_000
    assert [c for c in clean if c[2]] == []


def test_deliberate_hard_rows_fail(result, frames, register):
    codes = set(register["组织代码"])
    hard = [e for e in result["issues"] if e["severity"] == "hard"]
    assert 10 <= len(hard) <= 20
    assert len({e["file"] for e in hard}) >= 4
    for e in hard:
        df = frames[e["file"]]
        recs = df[df["branch_code"].astype(str) == e["branch_code"]].to_dict("records")
        if e["kind"] == "conflicting_duplicate":
            assert len(recs) == 2 and recs[0] != recs[1]
            continue
        assert len(recs) == 1, e
        assert hard_failures(recs[0], codes), e


def test_soft_cases_only_where_planted(result, checked_rows):
    soft = issue_keys(result, "soft")
    found = {(name, code) for name, code, _, warns in checked_rows if warns}
    assert found <= soft
    planted_numeric = {(e["file"], e["branch_code"]) for e in result["issues"]
                       if e["severity"] == "soft" and e["kind"] != "name_mismatch"}
    assert planted_numeric <= found


def test_identical_duplicate_and_name_mismatch(result, frames, register):
    names = dict(zip(register["组织代码"], register["党组织名称"]))
    for e in result["issues"]:
        df = frames[e["file"]]
        recs = df[df["branch_code"].astype(str) == e["branch_code"]].to_dict("records")
        if e["kind"] == "identical_duplicate":
            assert len(recs) == 2 and recs[0] == recs[1]
        if e["kind"] == "name_mismatch":
            assert recs[0]["branch_name"] != names[e["branch_code"]]


def test_stories(frames, register):
    df = pd.concat([f for n, f in frames.items() if "更正" not in n], ignore_index=True)
    df = df[df["branch_code"].astype(str).isin(set(register["组织代码"]))].copy()
    for c in COUNTS + ["training_hours"]:
        df[c] = pd.to_numeric(df[c], errors="coerce")
    df["county"] = df["branch_code"].astype(str).str[:6]
    df["quarter"] = df["file"].str[:6]
    poor = df["county"].isin({"130825", "130826", "130827", "130828"})
    staff = df.groupby(poor)["archive_staff"].mean()
    assert staff[True] < staff[False]
    # trained branches misclassify less
    trained = df["staff_trained"] > 0
    acc = df.groupby(trained)[["docs_misclassified", "docs_sampled"]].sum()
    err = acc["docs_misclassified"] / acc["docs_sampled"]
    assert err[True] < err[False]
    # misuse: about 10-15 rows per quarter
    misuse = df[df["funds_misused"].astype(float) > 0].groupby("quarter").size()
    assert misuse.between(8, 17).all()
    # improvement in 双桥区: completeness rises between first and last quarter
    sq = df[df["county"] == "130802"].groupby("quarter")[["docs_archived", "docs_expected"]].sum()
    rate = sq["docs_archived"] / sq["docs_expected"]
    assert rate["2025Q4"] > rate["2024Q1"] + 0.03
    # some branches never submit
    active = register[register["状态"] == "正常"]["组织代码"]
    never = ~active.isin(set(df["branch_code"].astype(str)))
    assert 0.015 <= never.mean() <= 0.05


def test_correction_revises_earlier_rows(result, frames):
    fix = frames["2025Q3_滦平县_更正.csv"]
    orig = frames["2025Q3_滦平县.csv"]
    assert 15 <= len(fix) <= 30
    assert set(result["revisions"]["branch_codes"]) == set(fix["branch_code"])
    mangled = next(e for e in result["issues"] if e["file"] == "2025Q3_滦平县.csv" and e["kind"] == "mangled_code")
    assert mangled["true_branch_code"] in set(fix["branch_code"])
    both = fix.merge(orig, on="branch_code", suffixes=("_new", "_old"))
    assert (both["docs_archived_new"] != both["docs_archived_old"]).any()


def test_yes_no_spellings(frames):
    spellings = set()
    for name, df in frames.items():
        for col in ("uses_standard_scheme", "has_archive_room"):
            values = set(df[col].dropna()) - {""}
            assert values <= YES | NO, (name, values)
            spellings |= values
    assert {"是", "否", "有", "无", "√", "×"} <= spellings
