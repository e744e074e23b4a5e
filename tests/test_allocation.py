"""The fund allocation planner: exact sums, floors and caps, cuts for misuse and low use, refusals,
determinism, a hand-worked example, saved plans and the xlsx 下达表 (the property test and the page: the
test_allocation_property and test_allocation_page files)."""
import io
import random

import openpyxl
import pytest
from conftest import ROOT, query

from domain import allocation as alloc
from ops import audit
from exports.allocation_sheet import to_xlsx
from etl.db import reader

COUNTY = "130824"
PAGE = "pages/allocation.py"


def inputs(db, period, area=COUNTY, org_type=""):
    """Rows of queries/allocation_inputs.sql, as the page binds them."""
    sql = (ROOT / "queries" / "allocation_inputs.sql").read_text(encoding="utf-8")
    with reader(db) as con:
        return con.execute(sql, dict(scope="", period=period, area=area, township="", org_type=org_type,
                                     limit=alloc.MAX_BRANCHES + 1)).df()


def latest(db):
    return query(db, "select max(period) from submissions")[0][0]


def quarters_back(period, n):
    index = int(period[:4]) * 4 + int(period[-1]) - 1 - n
    return f"{index // 4}Q{index % 4 + 1}"


# --- the hand-worked example (docs/allocation.md) --------------------------------------------------

def four_branches():
    """A: three gaps (2.5 points); B: none; C: did not submit; D: 1 point, misused 5 yuan, spent 10%."""
    common = dict(member_count=10, funds_allocated=1000.0)
    return [
        alloc.Branch("000001", "A", "1", "X", submitted=True, fulltime_staff=0, has_room=False, archive_staff=2,
                     staff_trained=1, funds_spent=800.0, **common),
        alloc.Branch("000002", "B", "1", "X", submitted=True, fulltime_staff=1, has_room=True, archive_staff=2,
                     staff_trained=2, funds_spent=900.0, **common),
        alloc.Branch("000003", "C", "1", "X", submitted=False),
        alloc.Branch("000004", "D", "1", "X", submitted=True, fulltime_staff=1, has_room=True, archive_staff=1,
                     staff_trained=0, funds_spent=100.0, misused_recent=5.0, **common),
    ]


def amounts(plan):
    return [r.amount for r in plan.rows]


def test_hand_worked_example_with_a_cap():
    # base 1,000 each; D is cut to 0.5 × 0.7 = 0.35 of its share. Uncapped, the rate would be
    # 6,650 / (2.5 + 0.35) = 2,333.3 and A would get 6,833 > cap 5,000; so A is capped and the rest
    # goes to D: 10,000 − 5,000 − 1,000 − 1,000 = 3,000 = 0.35 × (1,000 + 1 × rate), rate = 7,571.4.
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=5000), 10_000)
    assert amounts(plan) == [5000, 1000, 1000, 3000]
    assert plan.rate == pytest.approx(2650 / 0.35)
    assert [r.bound for r in plan.rows] == ["cap", "", "", ""]
    assert plan.rows[0].gap == 2.5 and plan.rows[1].gap == 0 and plan.rows[3].gap == 1
    assert plan.rows[3].misuse_cut == 50 and plan.rows[3].use_cut == 30
    assert plan.rows[0].misuse_cut == 0 and plan.rows[0].use_cut == 0


def test_hand_worked_example_rounding_by_largest_remainder():
    # No cap, budget 10,001: rate = 6,651 / 2.85 = 2,333.684…; A = 1,000 + 2.5 × rate = 6,834.21,
    # D = 0.35 × (1,000 + rate) = 1,166.79. Floors sum to 10,000; the last yuan goes to D (.79 > .21).
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=None), 10_001)
    assert amounts(plan) == [6834, 1000, 1000, 1167]
    assert plan.allocated == 10_001 and plan.unallocated == 0


def test_ties_go_to_the_lower_branch_code():
    twins = [alloc.Branch(code, submitted=True, fulltime_staff=0, has_room=True, archive_staff=1, staff_trained=1)
             for code in ("000009", "000002", "000005")]
    plan = alloc.plan(twins, alloc.Rules(base=0, cap=None), 4)    # 4/3 each: one yuan left, three-way tie
    assert {r.code: r.amount for r in plan.rows} == {"000002": 2, "000005": 1, "000009": 1}


def test_withholding_gives_zero_and_shares_the_rest_by_need():
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=None, misuse_action="withhold"), 10_000)
    # D gets nothing, not even the base; A is the only branch with need: 10,000 − 1,000 − 1,000
    assert amounts(plan) == [8000, 1000, 1000, 0]
    assert plan.rows[3].withheld and not any(r.withheld for r in plan.rows[:3])


def test_when_all_need_is_capped_the_rest_tops_up_the_base():
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=3000), 10_000)
    # A and D capped at 3,000; C did not submit: base only; B (no gap) takes the remaining 3,000
    assert amounts(plan) == [3000, 3000, 1000, 3000]
    assert plan.rows[1].topup == pytest.approx(2000) and plan.rows[2].topup == 0


def test_caps_that_make_the_budget_unspendable_leave_a_reported_remainder():
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=1500), 10_000)
    assert amounts(plan) == [1500, 1500, 1000, 1500]
    assert plan.unallocated == 4500 and plan.unallocated_reason == "caps"
    assert plan.allocated + plan.unallocated == plan.budget


def test_floor_raises_small_amounts():
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, floor=1500, cap=None), 10_000)
    # B, C and D sit at the floor (D's cut share 0.35 × (1,000 + 1,800) = 980 < 1,500); A takes the rest
    assert amounts(plan) == [5500, 1500, 1500, 1500]
    assert [r.bound for r in plan.rows] == ["", "floor", "floor", "floor"]


def test_nobody_eligible_leaves_the_rest_unallocated():
    lone = [alloc.Branch("000001", submitted=False), alloc.Branch("000002", submitted=True, misused_recent=1.0)]
    plan = alloc.plan(lone, alloc.Rules(base=100, misuse_action="withhold"), 1000)
    assert amounts(plan) == [100, 0] and plan.unallocated == 900 and plan.unallocated_reason == "no_eligible"


def test_rule_in_words_names_each_step():
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=5000), 10_000)
    a, b, c, d = (alloc.rule_text(r, plan) for r in plan.rows)
    assert "无专职档案员" in a and "未设档案室" in a and "培训覆盖率 50%" in a and "封顶 5,000 元" in a
    assert "无资源缺口" in b
    assert "未报送" in c and "1,000" in c
    assert "挪用扣减 50%" in d and "扣减 30%" in d
    english = alloc.rule_text(plan.rows[3], plan, lang="en")
    assert "misuse cut 50%" in english


# --- refusals ------------------------------------------------------------------------------------

@pytest.mark.parametrize("rules, budget, code", [
    (alloc.Rules(), -1, "negative_budget"),
    (alloc.Rules(), 100.5, "budget_not_whole"),
    (alloc.Rules(base=0, floor=3000), 10_000, "floor_exceeds_budget"),
    (alloc.Rules(base=0, floor=2000, cap=1000), 100_000, "cap_below_floor"),
    (alloc.Rules(base=3000), 10_000, "base_exceeds_budget"),
    (alloc.Rules(base=-1), 10_000, "negative_rule"),
    (alloc.Rules(misuse_cut=120), 10_000, "bad_share"),
    (alloc.Rules(weight_room=-1), 10_000, "bad_weight"),
    (alloc.Rules(misuse_action="fine"), 10_000, "bad_action"),
])
def test_bad_input_is_refused_with_its_code(rules, budget, code):
    with pytest.raises(alloc.AllocationError) as caught:
        alloc.plan(four_branches(), rules, budget)
    assert isinstance(caught.value, ValueError) and caught.value.code == code
    assert caught.value.message("zh") and caught.value.message("en")


def test_empty_and_oversized_scopes_are_refused(monkeypatch):
    with pytest.raises(alloc.AllocationError) as caught:
        alloc.plan([], alloc.Rules(), 1000)
    assert caught.value.code == "no_branches"
    monkeypatch.setattr(alloc.planner, "MAX_BRANCHES", 3)
    with pytest.raises(alloc.AllocationError) as caught:
        alloc.plan(four_branches(), alloc.Rules(base=0), 1000)
    assert caught.value.code == "too_many_branches"


# --- the rules on the demo data, checked against the raw tables ------------------------------------

@pytest.fixture(scope="module")
def county_plan(demo_db):
    period = latest(demo_db)
    rows = inputs(demo_db, period)
    branches = alloc.branches_from_frame(rows)
    return period, rows, branches


def test_demo_plan_sums_to_the_budget_and_covers_every_active_branch(demo_db, county_plan):
    period, rows, branches = county_plan
    active = {c for (c,) in query(demo_db, "select branch_code from branches where status = '正常' "
                                           "and county_code = ?", [COUNTY])}
    assert {b.code for b in branches} == active
    budget = alloc.suggested_budget(branches) + 123_457
    plan = alloc.plan(branches, alloc.Rules(), budget, median=rows.median_per_member.iloc[0])
    assert plan.allocated == budget and plan.unallocated == 0
    assert all(isinstance(r.amount, int) and 0 <= r.amount <= 20_000 for r in plan.rows)


def test_sql_median_and_need_match_the_raw_submissions(demo_db, county_plan):
    period, rows, branches = county_plan
    raw = query(demo_db, """select s.branch_code, s.member_count, s.archive_staff, s.archive_staff_fulltime,
                                   s.staff_trained, s.has_archive_room, s.funds_allocated
                            from submissions s join branches b using (branch_code)
                            where b.status = '正常' and b.county_code = ? and s.period = ?""", [COUNTY, period])
    per_member = sorted(float(f) / m for _, m, _, _, _, _, f in raw if m)
    middle = len(per_member) // 2
    median = per_member[middle] if len(per_member) % 2 else (per_member[middle - 1] + per_member[middle]) / 2
    assert rows.median_per_member.iloc[0] == pytest.approx(median)
    plan = alloc.plan(branches, alloc.Rules(), alloc.suggested_budget(branches), median=median)
    gaps = {r.code: r.gap for r in plan.rows}
    for code, members, staff, fulltime, trained, room, funds in raw:
        expected = ((fulltime < 1) + (room is False) + (1 - trained / staff if staff else 1)
                    + (bool(members) and median > 0 and float(funds) / members < median / 2))
        assert gaps[code] == pytest.approx(expected), code


def test_misuse_rule_hits_exactly_the_branches_audited_in_the_last_four_quarters(demo_db, county_plan):
    period, rows, branches = county_plan
    misused = {c for (c,) in query(demo_db, """
        select distinct s.branch_code from submissions s join branches b using (branch_code)
        where b.status = '正常' and b.county_code = ? and s.funds_misused > 0 and s.period between ? and ?""",
        [COUNTY, quarters_back(period, 3), period])}
    assert misused, "the demo data should have misuse in this county"
    budget = alloc.suggested_budget(branches) * 2
    withheld = alloc.plan(branches, alloc.Rules(misuse_action="withhold"), budget)
    assert {r.code for r in withheld.rows if r.withheld} == misused
    assert all(r.amount == 0 for r in withheld.rows if r.code in misused)
    reduced = alloc.plan(branches, alloc.Rules(misuse_action="reduce", misuse_cut=50), budget)
    assert {r.code for r in reduced.rows if r.misuse_cut == 50} == misused
    assert not any(r.withheld for r in reduced.rows)


def test_low_use_rule_hits_exactly_the_branches_that_spent_under_half(demo_db, county_plan):
    period, rows, branches = county_plan
    low = {c for c, spent, given in query(demo_db, """
        select s.branch_code, s.funds_spent, s.funds_allocated from submissions s join branches b using (branch_code)
        where b.status = '正常' and b.county_code = ? and s.period = ? and s.funds_allocated > 0""",
        [COUNTY, period]) if spent / given < 0.5}
    plan = alloc.plan(branches, alloc.Rules(use_threshold=50, use_cut=30), alloc.suggested_budget(branches))
    assert low and {r.code for r in plan.rows if r.use_cut == 30} == low


def test_branches_that_did_not_submit_get_the_base_only(demo_db, county_plan):
    period, rows, branches = county_plan
    silent = {c for (c,) in query(demo_db, """
        select b.branch_code from branches b where b.status = '正常' and b.county_code = ?
          and not exists (select 1 from submissions s where s.branch_code = b.branch_code and s.period = ?)""",
        [COUNTY, period])}
    plan = alloc.plan(branches, alloc.Rules(), alloc.suggested_budget(branches) * 3)
    assert silent and {r.code for r in plan.rows if not r.submitted} == silent
    for r in plan.rows:
        if r.code in silent:
            assert r.need == 0 and r.topup == 0 and r.last is None
            assert r.amount in (2000, 1000) or r.withheld  # 1,000: base cut 50% for misuse


def test_misuse_window_reaches_back_across_the_year(demo_db):
    period = next(p for (p,) in query(demo_db, "select distinct period from submissions order by 1 desc") if p[-1] == "1")
    rows = inputs(demo_db, period, area="")
    flagged = set(rows.branch_code[rows.misused_recent > 0])
    window = query(demo_db, """select s.branch_code, s.period from submissions s join branches b using (branch_code)
                               where b.status = '正常' and s.funds_misused > 0""")
    expected = {c for c, p in window if quarters_back(period, 3) <= p <= period}
    assert flagged == expected
    assert any(quarters_back(period, 3) <= p < period[:4] for c, p in window)   # the window crosses the year


def test_same_inputs_same_plan(county_plan):
    period, rows, branches = county_plan
    rules, budget = alloc.Rules(cap=2300), alloc.suggested_budget(branches) + 77_777
    first = alloc.plan(branches, rules, budget)
    shuffled = branches[:]
    random.Random(7).shuffle(shuffled)
    assert alloc.plan(shuffled, rules, budget) == first


# --- saved plans, comparison, export --------------------------------------------------------------

def test_save_load_compare(app_db):
    a = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=5000), 10_000)
    b = alloc.plan(four_branches(), alloc.Rules(base=500, cap=None), 10_000)
    context = {"period": "2025Q4", "region": "滦平县"}
    alloc.save_plan("130824", "方案A", a, context, by="张三")
    alloc.save_plan("130824", "方案B", b, context, by="张三")
    assert alloc.saved_plans("130824") == ["方案A", "方案B"]
    assert alloc.saved_plans("1308") == [] and alloc.saved_plans("") == []     # each scope its own plans
    loaded, ctx = alloc.load_plan("130824", "方案A")
    assert loaded == a and ctx["region"] == "滦平县" and ctx["saved_at"] and ctx["saved_by"] == "张三"
    with pytest.raises(alloc.AllocationError) as caught:
        alloc.load_plan("1308", "方案A")
    assert caught.value.code == "no_plan"
    with pytest.raises(alloc.AllocationError) as caught:
        alloc.save_plan("130824", "方案A", b, context)
    assert caught.value.code == "plan_exists"
    alloc.save_plan("130824", "方案A", b, context, overwrite=True)
    assert alloc.load_plan("130824", "方案A")[0] == b
    alloc.delete_plan("130824", "方案B", by="张三")
    assert alloc.saved_plans("130824") == ["方案A"]
    actions = [(e.action, e.user, e.detail["plan"]) for e in audit.entries() if e.action.startswith("plan_")]
    assert actions == [("plan_deleted", "张三", "方案B"), ("plan_saved", "?", "方案A"), ("plan_saved", "张三", "方案B"),
                       ("plan_saved", "张三", "方案A")]
    for bad in ("", "../x", "a/b", ".hidden", "x" * 61):
        with pytest.raises(alloc.AllocationError) as caught:
            alloc.save_plan("130824", bad, a, context)
        assert caught.value.code == "bad_plan_name"
    counties = alloc.compare_counties({"A": a, "B": b})
    assert counties.A.sum() == 10_000 and counties.B.sum() == 10_000
    differ = alloc.compare_branches({"A": a, "B": b})
    expected = sorted(((abs(x.amount - y.amount), x.code) for x, y in zip(a.rows, b.rows) if x.amount != y.amount),
                      key=lambda p: (-p[0], p[1]))
    assert list(zip(differ.spread, differ.branch_code)) == expected


def test_json_plans_of_before_move_into_the_store_once(app_db, tmp_path, monkeypatch):
    """Plans saved as JSON files (data/plans/<scope or all>/<name>.json) are migrated the first time."""
    import json
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=5000), 10_000)
    legacy = tmp_path / "plans"
    for scope, name in (("all", "旧方案"), ("130824", "县方案")):
        (legacy / scope).mkdir(parents=True)
        data = {"name": name, "saved_at": "2026-11-30 10:00", "context": {"period": "2025Q4", "region": "滦平县"},
                **alloc.storage.plan_to_dict(plan)}
        (legacy / scope / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("ARCHIVES_PLANS", str(legacy))
    assert alloc.saved_plans("") == ["旧方案"] and alloc.saved_plans("130824") == ["县方案"]
    loaded, context = alloc.load_plan("130824", "县方案")
    assert loaded == plan and context["saved_at"] == "2026-11-30 10:00" and context["region"] == "滦平县"
    assert not list(legacy.glob("*/*.json")) and (legacy / "all" / "旧方案.json.migrated").exists()
    assert alloc.saved_plans("") == ["旧方案"]            # once: nothing is imported twice


def test_xlsx_total_row_equals_the_budget(county_plan):
    period, rows, branches = county_plan
    budget = alloc.suggested_budget(branches) + 9_999
    plan = alloc.plan(branches, alloc.Rules(), budget)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(plan, "方案A", {"period": period, "region": "滦平县"})))
    sheet = book.worksheets[0]
    assert "方案A" in sheet["A1"].value and "滦平县" in sheet["A2"].value and "2025" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header[3] == "组织代码" and header[5].startswith("本轮分配")
    body = list(sheet.iter_rows(min_row=4, values_only=True))
    branch_rows, total = body[:-1], body[-1]
    assert len(branch_rows) == len(branches) and total[0] == "合计" and total[5] == budget
    assert sum(r[5] for r in branch_rows) == budget
    assert {r[3] for r in branch_rows} == {b.code for b in branches}       # codes kept as text
    assert sheet.cell(row=4, column=4).number_format == "@" and sheet.cell(row=4, column=6).number_format == "#,##0"
    assert sheet.column_dimensions["G"].width > sheet.column_dimensions["A"].width
    summary = book.worksheets[1]
    rows_ = list(summary.iter_rows(min_row=4, values_only=True))
    assert rows_[-1][0] == "合计" and rows_[-1][3] == budget and rows_[0][0] == "滦平县"


def test_xlsx_reports_the_unallocated_remainder():
    plan = alloc.plan(four_branches(), alloc.Rules(base=1000, cap=1500), 10_000)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(plan, "紧", {"period": "2025Q4"}))).worksheets[0]
    tail = list(sheet.iter_rows(min_row=4, values_only=True))[-2:]
    assert tail[0][0] == "合计" and tail[0][5] == 5500 and tail[1][5] == 4500


def test_the_words_of_an_untouched_amount_add_up_to_it(demo_db, county_plan):
    """基础 + 需求 in a branch's rule is its amount in whole yuan wherever no cut, floor or cap applied."""
    import re
    period, rows, branches = county_plan
    plan = alloc.plan(branches, alloc.Rules(), alloc.suggested_budget(branches) + 123_457,
                      median=rows.median_per_member.iloc[0])
    plain = [r for r in plan.rows if r.submitted and not (r.withheld or r.misuse_cut or r.use_cut or r.bound)
             and r.gap > 0]
    assert plain
    for r in plain:
        base, need = (int(x.replace(",", "")) for x in re.findall(r"([\d,]+) 元", alloc.rule_text(r, plan))[:2])
        assert base + need == r.amount, alloc.rule_text(r, plan)
