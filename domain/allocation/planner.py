"""The fund allocation planner's algorithm (经费分配): split a budget of special archive funds between
branches in whole yuan by a base amount, need (the resource gap), floors, caps and cuts for misuse and
low use (docs/allocation.md). Its wording, tables and saved plans live beside it.
"""
import math
from dataclasses import dataclass

import numpy as np

from i18n import t

MAX_BRANCHES = 200_000
MISUSE_ACTIONS = ("reduce", "withhold")
GAP_PARTS = ("fulltime", "room", "training", "funds")
SNAP = 6                     # decimals kept before whole-yuan rounding, so float noise never decides a yuan


class AllocationError(ValueError):
    """Input the planner refuses; `code` names the reason, `details` fill in the message."""

    def __init__(self, code: str, **details):
        self.code, self.details = code, details
        super().__init__(f"{code}: {self.message('en')}")

    def message(self, lang: str = "zh") -> str:
        return t(f"allocation.error.{self.code}", lang, **self.details)


@dataclass(frozen=True)
class Rules:
    """What the leader sets; the defaults are the ones written on the page and in docs/allocation.md."""
    base: int = 2000                 # yuan to every branch not withheld
    floor: int = 0                   # no branch that is not withheld gets less
    cap: int | None = 20000          # no branch gets more; None = no cap
    weight_fulltime: float = 1.0     # no full-time archive staff
    weight_room: float = 1.0         # no archive room
    weight_training: float = 1.0     # × (1 − training coverage)
    weight_funds: float = 1.0        # funds per member below half the median in view
    misuse_action: str = "reduce"    # or "withhold" (0 yuan)
    misuse_cut: float = 50.0         # percent taken off when reducing
    use_threshold: float = 50.0      # percent utilisation below which a branch is cut
    use_cut: float = 30.0            # percent taken off for low utilisation

    def weight(self, part: str) -> float:
        return getattr(self, f"weight_{part}")


@dataclass(frozen=True, slots=True)
class Branch:
    """One active branch in view, with its numbers for the driving quarter (None when unknown)."""
    code: str
    name: str = ""
    county_code: str = ""
    county_name: str = ""
    township: str = ""
    submitted: bool = True
    member_count: int | None = None
    archive_staff: int | None = None
    fulltime_staff: int | None = None
    staff_trained: int | None = None
    has_room: bool | None = None
    funds_allocated: float | None = None   # what it received last time
    funds_spent: float | None = None
    misused_recent: float = 0.0            # audit-found misuse in the last MISUSE_QUARTERS quarters


@dataclass(frozen=True, slots=True)
class Allocation:
    """One branch's amount and the parts that produced it (parts before cuts, floor and cap)."""
    code: str
    name: str
    county_code: str
    county_name: str
    township: str
    amount: int
    last: float | None
    submitted: bool
    gap: float
    reasons: tuple = ()
    coverage: float | None = None
    per_member: float | None = None
    base: float = 0.0
    need: float = 0.0
    topup: float = 0.0
    misused: float = 0.0
    withheld: bool = False
    misuse_cut: float = 0.0
    utilisation: float | None = None
    use_cut: float = 0.0
    bound: str = ""                  # "floor" or "cap" when that decided the amount

    @property
    def change(self) -> float | None:
        return None if self.last is None else self.amount - self.last


@dataclass(frozen=True)
class Plan:
    budget: int
    rules: Rules
    rows: tuple
    median_per_member: float | None = None
    rate: float = 0.0                # yuan per gap point
    topup: float = 0.0               # equal extra per branch without need, once all need is capped
    unallocated: int = 0
    unallocated_reason: str = ""     # "caps" or "no_eligible"

    @property
    def allocated(self) -> int:
        return sum(r.amount for r in self.rows)


# --- need, cuts and bounds, as arrays over the branches in code order ----------------------------

def _column(rows, name, missing=np.nan):
    return np.array([missing if getattr(b, name) is None else getattr(b, name) for b in rows], dtype=float)


def _arrays(rows, rules: Rules, median: float | None) -> dict:
    """Need parts, cuts and bounds per branch (docs/allocation.md). Parts count only for submitters."""
    submitted = np.array([b.submitted for b in rows], dtype=bool)
    staff, members = _column(rows, "archive_staff", 0), _column(rows, "member_count", 0)
    funds, spent = _column(rows, "funds_allocated"), _column(rows, "funds_spent", 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(staff > 0, _column(rows, "staff_trained", 0) / staff, np.nan)
        per_member = np.where((members > 0) & ~np.isnan(funds), funds / members, np.nan)
        use = np.where(submitted & (funds > 0), spent / funds, np.nan)
    parts = {"fulltime": (_column(rows, "fulltime_staff", 0) < 1).astype(float),
             "room": np.array([b.has_room is False for b in rows], dtype=float),   # blank is not a gap
             "training": np.where(np.isnan(coverage), 1.0, 1.0 - coverage),       # no staff: nobody trained
             "funds": ((per_member < (median or 0) / 2) & bool(median and median > 0)).astype(float)}
    parts = {k: np.where(submitted, v, 0.0) for k, v in parts.items()}
    gap = sum(rules.weight(k) * parts[k] for k in GAP_PARTS)
    misuse = np.array([b.misused_recent > 0 for b in rows], dtype=bool)
    withheld = misuse & (rules.misuse_action == "withhold")
    reduced = misuse & ~withheld
    low_use = (use < rules.use_threshold / 100) & ~withheld        # NaN (nothing allocated) compares False
    m = np.where(withheld, 0.0, np.where(reduced, 1 - rules.misuse_cut / 100, 1.0)
                 * np.where(low_use, 1 - rules.use_cut / 100, 1.0))
    return dict(submitted=submitted, parts=parts, gap=gap, coverage=coverage, per_member=per_member, use=use,
                withheld=withheld, reduced=reduced, low_use=low_use, m=m,
                lo=np.where(withheld, 0.0, float(rules.floor)),
                hi=np.where(withheld, 0.0, math.inf if rules.cap is None else float(rules.cap)))


# --- checks -------------------------------------------------------------------------------------

def _whole(value, code, **details) -> int:
    if value is None or isinstance(value, bool) or not float(value).is_integer():
        raise AllocationError(code, **details)
    return int(value)


def check(branches, rules: Rules, budget) -> int:
    """Refuse bad input with a coded reason; returns the budget as an int."""
    if budget is None or float(budget) < 0:
        raise AllocationError("negative_budget", budget=budget)
    budget = _whole(budget, "budget_not_whole", budget=budget)
    n = len(branches)
    if n == 0:
        raise AllocationError("no_branches")
    if n > MAX_BRANCHES:
        raise AllocationError("too_many_branches", n=n, limit=MAX_BRANCHES)
    if len({b.code for b in branches}) != n:
        raise AllocationError("duplicate_branch")
    for name in ("base", "floor") + (("cap",) if rules.cap is not None else ()):
        value = getattr(rules, name)
        if value is None or float(value) < 0:
            raise AllocationError("negative_rule", rule=name)
        _whole(value, "rule_not_whole", rule=name)
    for name in ("misuse_cut", "use_threshold", "use_cut"):
        if not 0 <= float(getattr(rules, name)) <= 100:
            raise AllocationError("bad_share", rule=name)
    if any(not math.isfinite(rules.weight(p)) or rules.weight(p) < 0 for p in GAP_PARTS):
        raise AllocationError("bad_weight")
    if rules.misuse_action not in MISUSE_ACTIONS:
        raise AllocationError("bad_action", action=rules.misuse_action)
    if rules.cap is not None and rules.cap < rules.floor:
        raise AllocationError("cap_below_floor", cap=int(rules.cap), floor=int(rules.floor))
    if rules.floor * n > budget:
        raise AllocationError("floor_exceeds_budget", floor=int(rules.floor), n=n, need=int(rules.floor) * n,
                              budget=budget)
    if rules.base * n > budget:
        raise AllocationError("base_exceeds_budget", base=int(rules.base), n=n, need=int(rules.base) * n,
                              budget=budget)
    return budget


# --- the plan -----------------------------------------------------------------------------------

def plan(branches, rules: Rules = Rules(), budget: int = 0, median: float | None = None) -> Plan:
    """Split `budget` yuan between `branches` by `rules` (docs/allocation.md). Same input, same plan.

    `median` is the median funds per member in view, as queries/allocation_inputs.sql gives it
    (the funds_median macro); None when unknown, and then no branch has the funds gap.
    """
    rows = sorted(branches, key=lambda b: b.code)
    budget = check(rows, rules, budget)
    if median is not None and isinstance(median, float) and math.isnan(median):
        median = None
    a = _arrays(rows, rules, median)
    amounts, rate, topups, at_cap, reason = _solve(a, rules, budget)
    target = budget if not reason else min(budget, int(math.floor(round(float(amounts.sum()), SNAP))))
    whole = _whole_yuan(amounts, [b.code for b in rows], a["lo"], a["hi"], target)
    pre = a["m"] * (rules.base + topups + a["gap"] * rate)
    bound = np.where(a["withheld"], "", np.where(at_cap | (pre > a["hi"] + 1e-6), "cap",
                                                 np.where(pre < a["lo"] - 1e-6, "floor", "")))
    return Plan(budget=budget, rules=rules, rows=_allocations(rows, rules, a, whole, rate, topups, bound),
                median_per_member=median, rate=float(rate), topup=float(topups.max(initial=0.0)),
                unallocated=budget - int(whole.sum()), unallocated_reason=reason)


def _solve(a: dict, rules: Rules, budget: int):
    """Continuous amounts: base + rate × gap, cut, between floor and cap, summing to the budget if possible.

    Returns (amounts, rate, top-ups, at-cap flags, reason the budget is not all spent or "").
    """
    m, gap, lo, hi, submitted = a["m"], a["gap"], a["lo"], a["hi"], a["submitted"]
    c, d = m * rules.base, m * gap
    n = len(m)
    # 1. share what the base amounts leave in proportion to need: the yuan per gap point `rate`
    rate = _fill(c, d, lo, hi, budget, 0.0)
    if rate is not None:
        return np.clip(c + d * rate, lo, hi), rate, np.zeros(n), np.zeros(n, dtype=bool), ""
    # 2. every branch with need is at its cap: the rest tops up the base of the other submitters alike
    needy = d > 0
    rate = float(((hi - c) / np.where(needy, d, 1))[needy].max()) if needy.any() else 0.0
    fixed = np.clip(c + d * rate, lo, hi)
    takers = submitted & ~needy & (m > 0)
    beta = _fill(np.where(takers, 0.0, fixed), np.where(takers, m, 0.0), np.where(takers, lo, fixed),
                 np.where(takers, hi, fixed), budget, float(rules.base))
    if beta is not None:
        return (np.where(takers, np.clip(m * beta, lo, hi), fixed), rate,
                np.where(takers, beta - rules.base, 0.0), needy, "")
    # 3. nobody can take more: all who could are at the cap; the rest stays unallocated
    topups = np.where(takers, np.maximum(hi / np.where(takers, m, 1) - rules.base, 0), 0.0)
    reason = "caps" if (takers | needy).any() else "no_eligible"
    return np.where(takers, hi, fixed), rate, topups, needy | takers, reason


def _allocations(rows, rules: Rules, a: dict, whole, rate, topups, bound) -> tuple:
    as_list = {k: v.tolist() for k, v in a.items() if k != "parts"}
    active = {k: (a["parts"][k] > 0) & (rules.weight(k) > 0) for k in GAP_PARTS}
    reasons = [tuple(k for k, on in zip(GAP_PARTS, flags) if on)
               for flags in zip(*(active[k].tolist() for k in GAP_PARTS))]
    need = np.where(a["m"] > 0, a["gap"] * rate, 0.0).tolist()
    whole, topups, bound = whole.tolist(), topups.tolist(), bound.tolist()

    def opt(v):
        return None if v != v else v   # NaN -> None

    return tuple(
        Allocation(b.code, b.name, b.county_code, b.county_name, b.township, whole[i],
                   b.funds_allocated if b.submitted else None, b.submitted, as_list["gap"][i], reasons[i],
                   opt(as_list["coverage"][i]), opt(as_list["per_member"][i]),
                   0.0 if as_list["withheld"][i] else float(rules.base), need[i], topups[i],
                   float(b.misused_recent), as_list["withheld"][i],
                   float(rules.misuse_cut) if as_list["reduced"][i] else 0.0, opt(as_list["use"][i]),
                   float(rules.use_cut) if as_list["low_use"][i] else 0.0, bound[i])
        for i, b in enumerate(rows))


def _fill(c, d, lo, hi, target, start):
    """The smallest t ≥ start with Σ clip(c + d·t, lo, hi) = target, or None if no t reaches it.

    The sum is piecewise linear and nondecreasing in t: bisect over its breakpoints, then solve the
    linear piece exactly.
    """
    def total(x):
        return float(np.clip(c + d * x, lo, hi).sum())

    if total(start) >= target:
        return start
    moving = d > 0
    if float(np.where(moving, hi, np.clip(c, lo, hi)).sum()) < target:
        return None
    dm = np.where(moving, d, 1.0)
    points = np.concatenate([((lo - c) / dm)[moving], ((hi - c) / dm)[moving]])
    points = np.unique(np.concatenate([[start], points[np.isfinite(points) & (points > start)]]))
    left, right = 0, len(points) - 1
    if total(points[right]) <= target:
        left = right
    while right - left > 1:
        middle = (left + right) // 2
        left, right = (middle, right) if total(points[middle]) <= target else (left, middle)
    x0 = points[left]
    probe = c + d * (x0 + 1.0 if left == len(points) - 1 else (x0 + points[left + 1]) / 2)
    slope = float(d[moving & (probe > lo) & (probe < hi)].sum())
    return float(x0 + (target - total(x0)) / slope) if slope > 0 else float(x0)


def _whole_yuan(amounts, codes, lo, hi, target):
    """Whole yuan summing to `target`: floor each, then one yuan at a time by largest remainder,
    ties by branch code; never past a branch's floor or cap."""
    snapped = np.round(amounts, SNAP)
    whole = np.floor(snapped).astype(np.int64)
    order = np.lexsort((np.array(codes, dtype=object).astype(str), -(snapped - whole)))
    short = target - int(whole.sum())
    if short > 0:
        room = order[whole[order] < hi[order]]
        whole[room[:short]] += 1
    elif short < 0:  # float noise only
        spare = order[::-1][whole[order[::-1]] > lo[order[::-1]]]
        whole[spare[:-short]] -= 1
    return whole
