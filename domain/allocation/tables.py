"""The allocation planner's inputs and outputs as tables: branches from the inputs query, a plan per branch
and per county, and plans compared side by side."""
import math

import pandas as pd

from domain.allocation.planner import Branch, Plan, Rules
from domain.allocation.wording import rule_text


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
