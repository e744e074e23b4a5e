"""The allocation planner over random branch sets (hypothesis): sums, bounds, whole yuan, withholding."""
import math
import random

from hypothesis import HealthCheck, given, settings, strategies as st

from domain import allocation as alloc


# --- a property test over random branch sets ------------------------------------------------------

@st.composite
def scenarios(draw):
    n = draw(st.integers(1, 40))
    branches = []
    for i in range(n):
        staff = draw(st.integers(0, 4))
        funds = draw(st.sampled_from([None, 0.0, 500.0, 2000.0, 7300.5]))
        branches.append(alloc.Branch(
            f"{i:06d}", submitted=draw(st.booleans()), member_count=draw(st.integers(0, 50)), archive_staff=staff,
            fulltime_staff=draw(st.integers(0, staff)), staff_trained=draw(st.integers(0, staff)),
            has_room=draw(st.sampled_from([True, False, None])), funds_allocated=funds,
            funds_spent=draw(st.sampled_from([0.0, 300.0, 1500.0, 9000.0])),
            misused_recent=draw(st.sampled_from([0.0, 0.0, 0.0, 12.5]))))
    base, floor = draw(st.integers(0, 3000)), draw(st.integers(0, 3000))
    cap = draw(st.one_of(st.none(), st.integers(floor, floor + 20_000)))
    rules = alloc.Rules(base=base, floor=floor, cap=cap, weight_fulltime=draw(st.sampled_from([0, 1, 2.5])),
                        weight_room=draw(st.sampled_from([0, 1])), weight_training=draw(st.sampled_from([0, 1, 0.3])),
                        weight_funds=draw(st.sampled_from([0, 1])),
                        misuse_action=draw(st.sampled_from(alloc.MISUSE_ACTIONS)),
                        misuse_cut=draw(st.sampled_from([0, 50, 100])), use_threshold=draw(st.sampled_from([0, 50])),
                        use_cut=draw(st.sampled_from([0, 30, 33.3])))
    budget = max(base, floor) * n + draw(st.integers(0, 400_000))
    return branches, rules, budget


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_property_sum_bounds_whole_yuan_withheld(scenario):
    branches, rules, budget = scenario
    plan = alloc.plan(branches, rules, budget)
    cap = math.inf if rules.cap is None else rules.cap
    assert all(type(r.amount) is int for r in plan.rows)
    for r in plan.rows:
        if r.withheld:
            assert r.amount == 0
        else:
            assert rules.floor <= r.amount <= cap
    assert plan.allocated + plan.unallocated == budget and plan.unallocated >= 0
    # branches that can take more money: submitted, not withheld and not cut to nothing (a 100% cut)
    takers = [r for r in plan.rows if r.submitted and not r.withheld and r.misuse_cut < 100 and r.use_cut < 100]
    if plan.unallocated:   # only when caps bind everywhere they can, or nobody can take more
        assert plan.unallocated_reason == ("caps" if takers else "no_eligible")
        assert all(r.amount == cap for r in takers)
    for r in plan.rows:
        if not r.submitted and not r.withheld:   # base only (after cuts), within floor and cap
            share = (1 - r.misuse_cut / 100) * rules.base
            assert abs(r.amount - min(max(share, rules.floor), cap)) < 1
    assert alloc.plan(list(reversed(branches)), rules, budget) == plan
