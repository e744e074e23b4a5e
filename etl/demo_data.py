"""Demo generator, data: the counties' profiles, the register and every branch's values per quarter."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.demo_names import _assign_townships, _branch_names, _community_pool, _person_names, _phones, _place_pool, _townships
from etl.spec import CHENGDE_COUNTIES, DEFAULT_CITY, DEFAULT_PROVINCE, ORG_TYPES

QUARTERS = [f"{y}Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
REGISTER_FILE = "register_承德市.xlsx"
REGISTER_TITLE = "承德市基层党组织台账(2025年12月)"
CORRECTION_QUARTER, CORRECTION_COUNTY = "2025Q3", "130824"



@dataclass(frozen=True)
class CountyProfile:
    """How one county's branches look and how its office sends files."""
    code: str
    n_branches: int
    n_townships: int
    n_streets: int            # 街道 among the townships (listed first = seat area)
    kind: str                 # district | rural | poor  (drives the numbers)
    improving: bool           # steady improvement over the 8 quarters
    fmt: str                  # xlsx | csv
    yes_no: tuple = ("是", "否")
    period_style: str = "cn"  # csv: "cn" -> 2024年第一季度, "code" -> 2024Q1
    money_style: str = "plain"  # csv: plain | fixed2 | thousands
    fullwidth: bool = False   # xlsx: full-width brackets in unit headers
    name_first: bool = False  # xlsx: 党组织名称 column before 组织代码
    wrapped_header: bool = False  # xlsx: a line break inside one header cell
    blank_before_total: bool = False  # xlsx: blank row above 合计

    @property
    def name(self) -> str:
        return CHENGDE_COUNTIES[self.code]


COUNTY_PROFILES = {p.code: p for p in (
    CountyProfile("130802", 400, 12, 9, "district", True, "xlsx"),
    CountyProfile("130803", 280, 8, 4, "district", False, "csv", money_style="fixed2"),
    CountyProfile("130804", 150, 8, 4, "district", False, "xlsx", ("√", "×"), name_first=True),
    CountyProfile("130821", 680, 18, 0, "rural", False, "xlsx", fullwidth=True),
    CountyProfile("130822", 600, 16, 0, "rural", True, "csv", ("有", "无"), "code", "fixed2"),
    CountyProfile("130824", 580, 16, 0, "rural", False, "csv"),
    CountyProfile("130825", 720, 19, 0, "poor", False, "xlsx", ("有", "无")),
    CountyProfile("130826", 740, 20, 0, "poor", False, "csv", ("√", "×")),
    CountyProfile("130827", 480, 14, 0, "poor", False, "xlsx", fullwidth=True, wrapped_header=True),
    CountyProfile("130828", 780, 20, 0, "poor", False, "csv", period_style="code", money_style="thousands"),
    CountyProfile("130881", 610, 17, 2, "rural", True, "xlsx", blank_before_total=True),
)}
assert set(COUNTY_PROFILES) == set(CHENGDE_COUNTIES)


# Org-type mix per county kind (order = ORG_TYPES).
#                 机关  事业  国企  非公  社会  农村  社区  学校  其他
_TYPE_MIX = {
    "130802": (0.18, 0.12, 0.07, 0.12, 0.05, 0.06, 0.30, 0.08, 0.02),
    "130803": (0.14, 0.10, 0.07, 0.10, 0.03, 0.25, 0.22, 0.07, 0.02),
    "130804": (0.14, 0.09, 0.16, 0.10, 0.02, 0.20, 0.20, 0.07, 0.02),
    "rural": (0.10, 0.07, 0.03, 0.06, 0.02, 0.60, 0.05, 0.06, 0.01),
}
# Members per org type: (mean, sd, low, high), within the 3-80 the brief allows.
_MEMBERS = {"机关": (18, 8, 3, 50), "事业单位": (20, 9, 3, 55), "国有企业": (22, 10, 3, 60),
            "非公有制企业": (8, 4, 3, 30), "社会组织": (6, 3, 3, 20), "农村": (38, 14, 12, 80),
            "社区": (30, 12, 8, 70), "学校": (16, 7, 3, 45), "其他": (12, 6, 3, 40)}


def build_register(rng: np.random.Generator) -> pd.DataFrame:
    """One row per branch, canonical column names, codes as 12-digit text."""
    pools = {"place": _place_pool(), "community": _community_pool()}
    used_towns: set = set()
    parts = []
    for prof in COUNTY_PROFILES.values():
        towns = _townships(rng, prof, pools["place"], used_towns)
        mix = _TYPE_MIX.get(prof.code, _TYPE_MIX["rural"])
        types = np.array(ORG_TYPES, dtype=object)[rng.choice(len(ORG_TYPES), prof.n_branches, p=mix)]
        town_idx = _assign_townships(rng, prof, types, towns)
        # Serials run township by township, org type within township, like a real register.
        order = np.lexsort((np.array([ORG_TYPES.index(t) for t in types]), town_idx))
        types, town_idx = types[order], town_idx[order]
        n = prof.n_branches
        parts.append(pd.DataFrame({
            "branch_code": [f"{prof.code}{i:06d}" for i in range(1, n + 1)],
            "branch_name": _branch_names(rng, prof, types, town_idx, towns, pools),
            "county_code": prof.code,
            "county_name": prof.name,
            "township": np.array(towns, dtype=object)[town_idx],
            "org_type": types,
        }))
    reg = pd.concat(parts, ignore_index=True)
    n = len(reg)
    reg["city_name"] = DEFAULT_CITY
    reg["province_name"] = DEFAULT_PROVINCE
    reg["status"] = np.where(rng.random(n) < 0.01, "撤销", "正常")
    has_contact = rng.random(n) < 0.93
    # Explicit object dtype: pandas would otherwise turn the blanks into NaN.
    reg["contact"] = pd.Series(np.where(has_contact, _person_names(rng, n), None), dtype=object)
    reg["phone"] = pd.Series(np.where(has_contact & (rng.random(n) < 0.95), _phones(rng, n), None), dtype=object)
    return reg.astype(object)


# ---------------------------------------------------------------------------
# Quarterly values (vectorised over branches x quarters)
# ---------------------------------------------------------------------------
_KIND_IDX = {"district": 0, "rural": 1, "poor": 2}


def _by_kind(kind_idx: np.ndarray, values) -> np.ndarray:
    return np.asarray(values, dtype=float)[kind_idx]


def build_panel(reg: pd.DataFrame, rng: np.random.Generator) -> dict:
    """All fields for every branch and quarter as (n, 8) arrays; money in fen."""
    n, nq = len(reg), len(QUARTERS)
    profs = [COUNTY_PROFILES[c] for c in reg["county_code"]]
    kind = np.array([_KIND_IDX[p.kind] for p in profs])
    improving = np.array([p.improving for p in profs], dtype=float)[:, None]
    poor = (kind == 2)[:, None]
    trend = np.arange(nq)[None, :] / (nq - 1)          # 0 .. 1 over the 8 quarters
    types = reg["org_type"].to_numpy()

    submit = _submission_mask(reg, rng, kind, improving, trend)
    members = _members(rng, types, nq)
    season = np.array([0.85, 1.0, 0.95, 1.25] * 2)[None, :]  # year-end filings peak in Q4
    activity = rng.uniform(0.8, 1.2, n)[:, None]
    expected = np.clip(np.rint((8 + 0.9 * members) * activity * season + rng.normal(0, 3, (n, nq))), 10, 120)

    staff, fulltime = _staff(rng, kind, improving, types, trend)
    room = rng.random(n)[:, None] < _by_kind(kind, [0.8, 0.6, 0.35])[:, None] + 0.25 * improving * trend
    scheme = rng.random(n)[:, None] < (_by_kind(kind, [0.65, 0.5, 0.3])[:, None]
                                       + 0.3 * improving * trend + 0.03 * trend)

    # Completeness: rooms, full-timers and improvement help; no keeper, nothing filed.
    compl = (_by_kind(kind, [0.86, 0.80, 0.70])[:, None] + 0.05 * room + 0.04 * fulltime
             + 0.10 * improving * trend + rng.normal(0, 0.05, n)[:, None] + rng.normal(0, 0.06, (n, nq)))
    archived = np.where(staff > 0, np.minimum(expected, np.rint(expected * np.clip(compl, 0.2, 1.0))), 0)
    digit = np.clip(_by_kind(kind, [0.6, 0.4, 0.22])[:, None] + 0.25 * improving * trend
                    + 0.03 * trend + rng.normal(0, 0.1, (n, nq)), 0, 1)
    digitised = np.floor(archived * digit)

    trained, hours = _training(rng, kind, improving, trend, staff)
    sampled, misclassified = _spot_checks(rng, archived, staff, trained, hours, scheme, poor)
    funds = _funds(rng, reg, kind, improving, trend, submit)

    return {
        "submit": submit, "member_count": members, "docs_expected": expected,
        "docs_archived": archived, "docs_digitised": digitised, "docs_sampled": sampled,
        "docs_misclassified": misclassified, "uses_standard_scheme": scheme,
        "archive_staff": staff, "archive_staff_fulltime": fulltime, "staff_trained": trained,
        "training_hours": hours, "has_archive_room": room, **funds,
        **_submission_meta(rng, reg, nq),
        "codes": reg["branch_code"].to_numpy(), "names": reg["branch_name"].to_numpy(),
    }


def _submission_mask(reg, rng, kind, improving, trend) -> np.ndarray:
    n, nq = len(reg), trend.shape[1]
    never = rng.random(n) < _by_kind(kind, [0.015, 0.025, 0.05])
    # Dissolved branches reported until they were dissolved (quarter 1..7).
    dissolved_at = np.where(reg["status"].to_numpy() == "撤销", rng.integers(1, nq, n), nq)
    p_miss = _by_kind(kind, [0.02, 0.035, 0.06])[:, None] * (1 - 0.6 * improving * trend)
    miss = rng.random((n, nq)) < p_miss
    return ~never[:, None] & (np.arange(nq)[None, :] < dissolved_at[:, None]) & ~miss


def _members(rng, types, nq) -> np.ndarray:
    n = len(types)
    base = np.empty(n)
    low, high = np.empty(n), np.empty(n)
    for t, (mean, sd, lo, hi) in _MEMBERS.items():
        m = types == t
        base[m], low[m], high[m] = rng.normal(mean, sd, m.sum()), lo, hi
    drift = np.cumsum(rng.choice([-1, 0, 0, 0, 0, 1], (n, nq)), axis=1)
    return np.clip(np.rint(base[:, None] + drift), low[:, None], high[:, None])


def _staff(rng, kind, improving, types, trend):
    n, nq = len(kind), trend.shape[1]
    probs = np.array([[0.01, 0.45, 0.38, 0.16], [0.02, 0.55, 0.33, 0.10], [0.05, 0.70, 0.21, 0.04]])
    u = rng.random(n)[:, None]
    base = (u > np.cumsum(probs[kind], axis=1)).sum(axis=1)
    # Improving counties add a keeper to thinly staffed branches at some quarter.
    gains = (improving[:, 0] > 0) & (base <= 1) & (rng.random(n) < 0.35)
    gain_q = rng.integers(1, nq, n)
    staff = base[:, None] + (gains[:, None] & (np.arange(nq)[None, :] >= gain_q[:, None]))
    p_ft = _by_kind(kind, [0.45, 0.25, 0.10]) + 0.15 * (types == "机关")
    fulltime = (rng.random(n)[:, None] < p_ft[:, None] + 0.2 * improving * trend) & (staff >= 1)
    return staff.astype(float), fulltime.astype(float)


def _training(rng, kind, improving, trend, staff):
    n, nq = staff.shape
    propensity = rng.beta(2, 3, n)[:, None]  # some branches simply train more
    p = np.clip(propensity * _by_kind(kind, [1.1, 0.9, 0.6])[:, None] + 0.3 * improving * trend, 0, 0.95)
    trained = rng.binomial(staff.astype(int), p).astype(float)
    per_person = np.array([2.5, 4, 6, 8, 12, 16, 24])[rng.choice(7, (n, nq), p=[.05, .2, .2, .25, .15, .1, .05])]
    return trained, trained * per_person


def _spot_checks(rng, archived, staff, trained, hours, scheme, poor):
    """Superior committee samples a few filed docs; trained staff misfile fewer."""
    n, nq = archived.shape
    size = np.minimum(10, 1 + rng.poisson(3, (n, nq)))
    sampled = np.where(rng.random((n, nq)) < 0.25, 0, np.minimum(archived, size))
    safe_staff = np.maximum(staff, 1)
    cum_ratio = np.clip(np.cumsum(trained, axis=1) / (safe_staff * np.arange(1, nq + 1)), 0, 1)
    p_err = (0.30 + 0.04 * poor - 0.12 * trained / safe_staff - 0.15 * cum_ratio - 0.08 * scheme
             - 0.004 * np.minimum(hours / safe_staff, 16) + rng.normal(0, 0.03, n)[:, None])
    misclassified = rng.binomial(sampled.astype(int), np.clip(p_err, 0.01, 0.6)).astype(float)
    return sampled.astype(float), misclassified


def _funds(rng, reg, kind, improving, trend, submit) -> dict:
    """Money in fen. xlsx counties report whole yuan (万元 with 4 decimals)."""
    n, nq = submit.shape
    unit = np.array([100 if COUNTY_PROFILES[c].fmt == "xlsx" else 1 for c in reg["county_code"]])[:, None]
    q1 = np.tile([0.8, 1, 1, 1], 2)[None, :]  # budgets arrive late in Q1
    p_fund = (_by_kind(kind, [0.7, 0.6, 0.45])[:, None] + 0.15 * improving * trend) * q1
    funded = rng.random((n, nq)) < p_fund
    median = _by_kind(kind, [5000, 3000, 2000])[:, None] * (1 + 0.3 * improving * trend)
    yuan = np.clip(np.rint(median * rng.lognormal(0, 0.5, (n, nq)) / 500) * 500, 500, 30000)
    allocated = np.where(funded, yuan * 100, 0)

    a, b = np.array([[6, 2], [5, 2.5], [3, 3]])[kind].T  # poor counties leave more unspent
    use = rng.beta(a[:, None].repeat(nq, 1), b[:, None].repeat(nq, 1))
    spent = np.floor(allocated * use / unit) * unit
    ring = np.where(rng.random((n, nq)) < _by_kind(kind, [0.8, 0.7, 0.55])[:, None], 1.0,
                    rng.beta(6, 2, (n, nq)))
    designated = np.floor(spent * ring / unit) * unit
    misused = _misuse(rng, kind, submit, spent, unit)
    designated = np.minimum(designated, spent - misused)
    return {"funds_allocated": allocated, "funds_spent": spent,
            "funds_designated": designated, "funds_misused": misused}


def _misuse(rng, kind, submit, spent, unit) -> np.ndarray:
    """10-15 audited misuse findings per quarter, often at repeat offenders."""
    n, nq = spent.shape
    lean = _by_kind(kind, [0.5, 1, 2])  # offenders are likelier where money is scarce
    risky = np.zeros(n)
    risky[rng.choice(n, 30, replace=False, p=lean / lean.sum())] = 1
    misused = np.zeros((n, nq))
    for q in range(nq):
        cand = np.flatnonzero(submit[:, q] & (spent[:, q] >= 100_000))
        w = 1 + 14 * risky[cand]
        pick = rng.choice(cand, rng.integers(10, 16), replace=False, p=w / w.sum())
        share = rng.uniform(0.1, 0.6, len(pick))
        misused[pick, q] = np.floor(spent[pick, q] * share / unit[pick, 0]) * unit[pick, 0]
    return misused


def _submission_meta(rng, reg, nq) -> dict:
    """Filing date within 15 days after quarter end; reporter is usually the contact."""
    n = len(reg)
    q_end = np.array([str((pd.Period(q, "Q").end_time).date()) for q in QUARTERS], dtype="datetime64[D]")
    dates = (q_end[None, :] + rng.integers(1, 16, (n, nq))).astype(object)  # -> datetime.date
    dates[rng.random((n, nq)) < 0.04] = None
    contact = reg["contact"].to_numpy()[:, None].repeat(nq, 1)
    other = _person_names(rng, n * nq).reshape(n, nq)
    has_contact = ~pd.isna(contact)
    reporter = np.where(has_contact & (rng.random((n, nq)) < 0.85), contact, other)
    reporter[rng.random((n, nq)) < 0.03] = None
    return {"submitted_on": dates, "reporter": reporter}


# ---------------------------------------------------------------------------
# Per-file rows and deliberate issues
# ---------------------------------------------------------------------------
_INT_FIELDS = ("member_count", "docs_expected", "docs_archived", "docs_digitised", "docs_sampled",
               "docs_misclassified", "archive_staff", "archive_staff_fulltime", "staff_trained",
               "funds_allocated", "funds_spent", "funds_designated", "funds_misused")


def _file_rows(reg, panel, q: int, county: str, rng) -> list[dict]:
    """Rows of one county-quarter file, in branch-code order."""
    idx = np.flatnonzero((reg["county_code"].to_numpy() == county) & panel["submit"][:, q])
    return _rows(panel, idx, q, rng)


def _rows(panel, idx: np.ndarray, q: int, rng) -> list[dict]:
    """Canonical names, money in fen, bools as True/False/None (blank = unknown)."""
    cols = {"branch_code": panel["codes"][idx].tolist(), "branch_name": panel["names"][idx].tolist()}
    for f in _INT_FIELDS:
        cols[f] = panel[f][idx, q].astype(np.int64).tolist()
    hours = panel["training_hours"][idx, q]
    cols["training_hours"] = [int(h) if h.is_integer() else h for h in hours.tolist()]
    for f in ("uses_standard_scheme", "has_archive_room"):
        blank = rng.random(len(idx)) < 0.004  # real forms leave the odd yes/no empty
        cols[f] = [None if b else v for b, v in zip(blank.tolist(), panel[f][idx, q].tolist())]
    cols["submitted_on"] = panel["submitted_on"][idx, q].tolist()
    cols["reporter"] = panel["reporter"][idx, q].tolist()
    names = list(cols)
    return [{"period": QUARTERS[q], **dict(zip(names, vals))} for vals in zip(*cols.values())]
