"""The fund allocation planner (经费分配): split a budget of special archive funds between branches in
whole yuan by a base amount, need (the resource gap), floors, caps and cuts for misuse and low use;
and keep named plans as JSON files to compare them. Pure Python: no Streamlit here (docs/allocation.md).
"""
import json
import math
import os
import re
import statistics
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from archives.i18n import t

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
        return t(f"allocation.error.{self.code}", lang=lang, **self.details)


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

def median_per_member(branches) -> float | None:
    """Median funds_allocated per member over submitting branches with members (as the SQL computes it)."""
    values = [b.funds_allocated / b.member_count for b in branches
              if b.submitted and b.member_count and b.funds_allocated is not None]
    return statistics.median(values) if values else None


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

    `median` is the median funds per member in view (from the SQL); computed from `branches` if None.
    """
    rows = sorted(branches, key=lambda b: b.code)
    budget = check(rows, rules, budget)
    if median is None or (isinstance(median, float) and math.isnan(median)):
        median = median_per_member(rows)
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


# --- words --------------------------------------------------------------------------------------

def yuan(value) -> str:
    return f"{round(value):,}"


def percent(value) -> str:
    return f"{value:g}%"


def reason_text(row: Allocation, part: str, median: float | None, lang="zh") -> str:
    if part == "training":
        if row.coverage is None:
            return t("allocation.reason.no_staff", lang=lang)
        return t("allocation.reason.training", lang=lang, coverage=f"{row.coverage:.0%}")
    if part == "funds":
        return t("allocation.reason.funds", lang=lang, per_member=f"{row.per_member:,.1f}",
                 half=f"{(median or 0) / 2:,.1f}")
    return t(f"allocation.reason.{part}", lang=lang)


def rule_text(row: Allocation, plan_: Plan, lang="zh") -> str:
    """The rule that produced a branch's amount, in words."""
    rules = plan_.rules
    if row.withheld:
        return t("allocation.rule.withheld", lang=lang, misused=yuan(row.misused))
    if not row.submitted:
        head = t("allocation.rule.not_submitted", lang=lang, base=yuan(row.base))
    else:
        head = t("allocation.rule.base", lang=lang, base=yuan(row.base))
        if row.gap > 0:
            reasons = t("allocation.rule.list_sep", lang=lang).join(
                reason_text(row, p, plan_.median_per_member, lang) for p in row.reasons)
            head += t("allocation.rule.need", lang=lang, need=yuan(row.need), reasons=reasons)
        elif row.topup >= 0.5:
            head += t("allocation.rule.topup", lang=lang, topup=yuan(row.topup))
        else:
            head += t("allocation.rule.no_gap", lang=lang)
    parts = [head]
    if row.misuse_cut:
        parts.append(t("allocation.rule.misuse_cut", lang=lang, share=percent(row.misuse_cut),
                       misused=yuan(row.misused)))
    if row.use_cut:
        parts.append(t("allocation.rule.low_use", lang=lang, use=f"{row.utilisation:.0%}",
                       threshold=percent(rules.use_threshold), share=percent(row.use_cut)))
    if row.bound:
        parts.append(t(f"allocation.rule.{row.bound}", lang=lang,
                       value=yuan(rules.cap if row.bound == "cap" else rules.floor)))
    return t("allocation.rule.sep", lang=lang).join(parts)


def period_text(period: str, lang="zh") -> str:
    """'2025Q4' -> '2025年第四季度' (the catalogue's period.label, without Streamlit)."""
    if not period:
        return ""
    return t("period.label", lang=lang, year=period[:4], q=period[-1], q_cn="一二三四"[int(period[-1]) - 1])


def explain_values(rules: Rules, lang="zh") -> dict:
    """The numbers the page's explanation quotes."""
    return dict(base=yuan(rules.base), floor=yuan(rules.floor),
                cap=t("allocation.no_cap", lang=lang) if rules.cap is None else yuan(rules.cap),
                **{f"w_{k}": f"{rules.weight(k):g}" for k in GAP_PARTS}, misuse_cut=f"{rules.misuse_cut:g}",
                use_threshold=f"{rules.use_threshold:g}", use_cut=f"{rules.use_cut:g}", limit=f"{MAX_BRANCHES:,}")


def rules_summary(plan_: Plan, context: dict, lang="zh") -> list:
    """(label, value) pairs: the inputs and rules that made the plan, and its outcome."""
    r = plan_.rules
    region = context.get("region") or t("region.all", lang=lang)
    return [
        (t("filter.period", lang=lang), period_text(context.get("period", ""), lang)),
        (t("col.region", lang=lang), region),
        (t("filter.org_type", lang=lang), context.get("org_type") or t("filter.all", lang=lang)),
        (t("allocation.budget", lang=lang), f"{plan_.budget:,}"),
        (t("allocation.base", lang=lang), yuan(r.base)),
        (t("allocation.floor", lang=lang), yuan(r.floor)),
        (t("allocation.cap", lang=lang), t("allocation.no_cap", lang=lang) if r.cap is None else yuan(r.cap)),
        *[(f"{t('allocation.weights', lang=lang)}:{t(f'allocation.weight_{k}', lang=lang)}", f"{r.weight(k):g}")
          for k in GAP_PARTS],
        (t("allocation.misuse_action", lang=lang), t(f"allocation.misuse_action.{r.misuse_action}", lang=lang)),
        (t("allocation.misuse_cut", lang=lang), f"{r.misuse_cut:g}" if r.misuse_action == "reduce" else "—"),
        (t("allocation.use_threshold", lang=lang), f"{r.use_threshold:g}"),
        (t("allocation.use_cut", lang=lang), f"{r.use_cut:g}"),
        (t("allocation.median", lang=lang),
         "—" if plan_.median_per_member is None else f"{plan_.median_per_member:,.2f}"),
        (t("allocation.m.rate", lang=lang), f"{plan_.rate:,.2f}"),
        (t("allocation.m.allocated", lang=lang), f"{plan_.allocated:,}"),
        (t("allocation.m.unallocated", lang=lang), f"{plan_.unallocated:,}"),
    ]


# --- tables -------------------------------------------------------------------------------------

def branch_frame(plan_: Plan, lang="zh", words: bool = True) -> pd.DataFrame:
    """One row per branch in county, township, code order, with the rule in words."""
    rows = plan_.rows
    df = pd.DataFrame({
        "county_code": [r.county_code for r in rows], "county_name": [r.county_name for r in rows],
        "township": [r.township for r in rows], "branch_code": [r.code for r in rows],
        "branch_name": [r.name for r in rows], "amount": [r.amount for r in rows],
        "last": pd.array([r.last for r in rows], dtype="Float64"),
        "change": pd.array([r.change for r in rows], dtype="Float64"),
        "submitted": [r.submitted for r in rows]})
    if words:
        df["rule"] = [rule_text(r, plan_, lang) for r in rows]
    return df.sort_values(["county_code", "township", "branch_code"], ignore_index=True)


def county_frame(plan_: Plan) -> pd.DataFrame:
    """Totals per county: branches, of them submitted, amount, last time (submitters only), change."""
    out = branch_frame(plan_, words=False).groupby(["county_code", "county_name"], as_index=False).agg(
        branches=("branch_code", "size"), submitted=("submitted", "sum"), amount=("amount", "sum"),
        last=("last", "sum"))
    out["change"] = out.amount - out["last"]
    return out


def suggested_budget(branches, rules: Rules = Rules()) -> int:
    """A starting budget: last time's total in view rounded up to 10,000 yuan, and at least base × branches."""
    last = sum(b.funds_allocated or 0 for b in branches if b.submitted)
    return int(max(math.ceil(last / 10_000) * 10_000, rules.base * len(branches), 0))


def branches_from_frame(df: pd.DataFrame) -> list:
    """Branch inputs from the rows of queries/allocation_inputs.sql."""
    def value(v, kind):
        return None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else kind(v)

    return [Branch(code=r.branch_code, name=r.branch_name, county_code=r.county_code, county_name=r.county_name,
                   township=r.township, submitted=bool(r.submitted),
                   member_count=value(r.member_count, int), archive_staff=value(r.archive_staff, int),
                   fulltime_staff=value(r.archive_staff_fulltime, int), staff_trained=value(r.staff_trained, int),
                   has_room=value(r.has_archive_room, bool), funds_allocated=value(r.funds_allocated, float),
                   funds_spent=value(r.funds_spent, float), misused_recent=value(r.misused_recent, float) or 0.0)
            for r in df.itertuples(index=False)]


# --- saved plans (scenarios) ----------------------------------------------------------------------

_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def plans_dir(scope_prefix: str) -> Path:
    """data/plans/<scope prefix or 'all'>: under $ARCHIVES_PLANS, else `plans` beside the database file."""
    from etl.db import db_path
    root = Path(os.environ.get("ARCHIVES_PLANS") or Path(db_path()).parent / "plans")
    return root / (scope_prefix or "all")


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 60 or name.startswith(".") or _BAD_NAME.search(name):
        raise AllocationError("bad_plan_name", name=name)
    return name


def plan_to_dict(plan_: Plan) -> dict:
    columns = [f.name for f in fields(Allocation)]
    return {"budget": plan_.budget, "rules": asdict(plan_.rules), "median_per_member": plan_.median_per_member,
            "rate": plan_.rate, "topup": plan_.topup, "unallocated": plan_.unallocated,
            "unallocated_reason": plan_.unallocated_reason, "columns": columns,
            "rows": [[list(v) if isinstance(v, tuple) else v for v in (getattr(r, c) for c in columns)]
                     for r in plan_.rows]}


def plan_from_dict(data: dict) -> Plan:
    rows = tuple(Allocation(**{k: tuple(v) if k == "reasons" else v for k, v in zip(data["columns"], values)})
                 for values in data["rows"])
    return Plan(budget=data["budget"], rules=Rules(**data["rules"]), rows=rows,
                median_per_member=data["median_per_member"], rate=data["rate"], topup=data["topup"],
                unallocated=data["unallocated"], unallocated_reason=data["unallocated_reason"])


def save_plan(directory: Path, name: str, plan_: Plan, context: dict, overwrite: bool = False) -> Path:
    """Write the plan with its inputs (context: quarter, region, filters) to <directory>/<name>.json."""
    name = check_name(name)
    path = Path(directory) / f"{name}.json"
    if path.exists() and not overwrite:
        raise AllocationError("plan_exists", name=name)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"name": name, "saved_at": datetime.now().isoformat(sep=" ", timespec="minutes"), "context": context,
            **plan_to_dict(plan_)}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)
    return path


def saved_plans(directory: Path) -> list:
    directory = Path(directory)
    return sorted(p.stem for p in directory.glob("*.json")) if directory.is_dir() else []


def load_plan(directory: Path, name: str) -> tuple:
    """(plan, context) of a saved plan."""
    data = json.loads((Path(directory) / f"{check_name(name)}.json").read_text(encoding="utf-8"))
    return plan_from_dict(data), {**data.get("context", {}), "saved_at": data.get("saved_at")}


def compare_counties(plans: dict) -> pd.DataFrame:
    """Totals per county side by side: one amount column per plan name (NaN where a plan has no branch there)."""
    frames = [county_frame(p).set_index(["county_code", "county_name"])["amount"].rename(name)
              for name, p in plans.items()]
    out = pd.concat(frames, axis=1).reset_index().sort_values("county_code", ignore_index=True)
    return out


def compare_branches(plans: dict, limit: int = 20) -> pd.DataFrame:
    """The branches whose amounts differ most between the plans (a branch missing from a plan counts 0)."""
    frames = []
    for name, p in plans.items():
        frames.append(pd.DataFrame({"branch_code": [r.code for r in p.rows], "branch_name": [r.name for r in p.rows],
                                    "county_name": [r.county_name for r in p.rows],
                                    "plan": name, "amount": [r.amount for r in p.rows]}))
    long = pd.concat(frames, ignore_index=True)
    wide = long.pivot_table(index="branch_code", columns="plan", values="amount", aggfunc="first")
    wide = wide[list(plans)]
    spread = wide.fillna(0).max(axis=1) - wide.fillna(0).min(axis=1)
    names = long.drop_duplicates("branch_code").set_index("branch_code")[["branch_name", "county_name"]]
    out = names.join(wide).assign(spread=spread).reset_index()
    out = out[out.spread > 0].sort_values(["spread", "branch_code"], ascending=[False, True], kind="stable")
    return out.head(limit).reset_index(drop=True)

