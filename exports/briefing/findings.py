"""The briefing's findings: sentences written by rules over the numbers of one quarter and region, never canned
text. Each area has candidate rules in order of weight; a rule that has nothing to say (no previous quarter, no
parent to compare with, nothing sampled) yields None, and the first three that speak are the area's findings.

Sampled rates (classification accuracy) are treated as the 分类质量 page treats them: each with its Wilson 95%
interval, and a difference is called real only when Newcombe's interval for it (built from the two Wilson
intervals) excludes zero; otherwise the sentence says it is within sampling noise."""
import math
from dataclasses import dataclass, field

import pandas as pd

from domain import indicators as ind
from domain.missing import is_missing
from domain.money import money
from domain.watchlist import LOW_COMPLETENESS
from i18n import t

FINDINGS = 3
SMALL_SAMPLE = 30           # documents: below this a sampled rate is flagged as unstable
STEADY = 0.001              # a change under 0.1 percentage point is "no change" in words


@dataclass
class Numbers:
    """What the rules read, all from run_query answers for one quarter and region."""
    region: str                              # the pack's region in words
    lang: str
    now: dict                                # overview_totals: this quarter's row ({} when absent)
    before: dict                             # overview_totals: the previous quarter's row
    ranks: dict = field(default_factory=dict)     # briefing_rank: indicator -> row, when there are siblings
    parent: str = ""                         # "全市", "全省", "全县" … (the parent's total in words)
    siblings: str = ""                       # "县(市、区)", "市" …: what the region is ranked among
    subs: pd.DataFrame | None = None         # region_compare: the sub-regions this quarter
    sub_noun: str = ""                       # what the sub-regions are ("乡镇(街道)", "县(市、区)" …)
    sub_cls: pd.DataFrame | None = None      # classification_by_region: the sub-regions with Wilson intervals
    cls_now: dict = field(default_factory=dict)    # classification_trend rows (Wilson bounds)
    cls_before: dict = field(default_factory=dict)
    pairs: dict = field(default_factory=dict)      # classification_by_training: 'trained'/'untrained' rows
    low_completeness: int = 0                # branches below the watch list's threshold this quarter


def _say(numbers: Numbers, key: str, **values) -> str:
    return t(f"finding.{key}", numbers.lang, **values)


def _pp(diff: float) -> str:
    return f"{abs(diff) * 100:.1f}"


def _value(n: Numbers, indicator: ind.Indicator):
    return n.now.get(indicator.key)


def _wilson(row: dict, key: str = "accuracy"):
    return row.get(ind.ACCURACY.key), row.get(f"{key}_low"), row.get(f"{key}_high")


def newcombe(p1, l1, u1, p2, l2, u2):
    """Newcombe's 95% interval for p1 − p2 from the two Wilson intervals; None when either is undefined."""
    if any(is_missing(v) for v in (p1, l1, u1, p2, l2, u2)):
        return None
    d = float(p1) - float(p2)
    return (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def within_noise(interval) -> bool:
    return interval is not None and interval[0] <= 0 <= interval[1]


# ---------------------------------------------------------------- rules shared by the areas

def position(n: Numbers, indicator: ind.Indicator, noise: tuple | None = None) -> str | None:
    """Against the parent's total and the rank among the siblings: '…76.4%,低于全市 4.1 个百分点,居 11 个县第 9 位'.
    With `noise` (the region's Wilson interval), a parent value inside it is called within noise."""
    row = n.ranks.get(indicator.key)
    if not row or row["ranked"] < 2 or is_missing(row["parent_value"]) or is_missing(row["value"]):
        return None
    diff = float(row["value"]) - float(row["parent_value"])
    if indicator.kind == "yuan":
        return None
    if abs(diff) < STEADY / 2:
        compared = _say(n, "same_as_parent", parent=n.parent)
    else:
        compared = _say(n, "above_parent" if diff > 0 else "below_parent", parent=n.parent, pp=_pp(diff))
    rank, ranked = int(row["rank"]), int(row["ranked"])
    place = _say(n, "rank_first" if rank == 1 else "rank_last" if rank == ranked else "rank_nth", n=ranked,
                 k=rank, siblings=n.siblings)
    text = _say(n, "position", region=n.region, indicator=indicator.label(n.lang),
                value=ind.fmt(indicator, row["value"], n.lang), compared=compared, place=place)
    if noise and not any(is_missing(v) for v in noise) and noise[0] <= float(row["parent_value"]) <= noise[1]:
        text += _say(n, "parent_within_noise", parent=n.parent)
    return text


def spread(n: Numbers, indicator: ind.Indicator, subs: pd.DataFrame | None = None) -> str | None:
    """Across the sub-regions: the best and the worst and how far apart they are; with `subs` holding Wilson
    intervals (accuracy_low/high), whether that gap is beyond sampling noise."""
    subs = n.subs if subs is None else subs
    if subs is None or indicator.key not in subs:
        return None
    known = subs[subs[indicator.key].notna()]
    if len(known) < 2:
        return None
    ordered = known.sort_values([indicator.key, "region_code"], ascending=[not indicator.higher_is_better, True])
    best, worst = ordered.iloc[0], ordered.iloc[-1]
    text = _say(n, "spread", region=n.region, value=ind.fmt(indicator, _value(n, indicator), n.lang),
                subs=n.sub_noun, indicator=indicator.label(n.lang), best=best.region_name,
                best_value=ind.fmt(indicator, best[indicator.key], n.lang), worst=worst.region_name,
                worst_value=ind.fmt(indicator, worst[indicator.key], n.lang),
                pp=_pp(float(best[indicator.key]) - float(worst[indicator.key])))
    if "accuracy_low" in known:
        gap = newcombe(*_wilson(best.to_dict()), *_wilson(worst.to_dict()))
        if gap is not None:
            text += _say(n, "gap_within_noise" if within_noise(gap) else "gap_beyond_noise")
    return text


def change(n: Numbers, indicator: ind.Indicator) -> str | None:
    """On the previous quarter: '培训覆盖率比上季度提高 2.3 个百分点'."""
    now, before = n.now.get(indicator.key), n.before.get(indicator.key)
    if is_missing(now) or is_missing(before):
        return None
    diff = float(now) - float(before)
    label = indicator.label(n.lang)
    if abs(diff) < STEADY:
        return _say(n, "steady", indicator=label)
    better = (diff > 0) == indicator.higher_is_better
    return _say(n, "rose" if diff > 0 else "fell", indicator=label, pp=_pp(diff),
                judgement=_say(n, "better" if better else "worse"))


def first(*sentences) -> list[str]:
    return [s for s in sentences if s][:FINDINGS]


# ---------------------------------------------------------------- the four areas

def completeness(n: Numbers) -> list[str]:
    laggards = None
    submitted = n.now.get("submitted")
    if not is_missing(submitted) and submitted:
        key = "laggards" if n.low_completeness else "no_laggards"
        laggards = _say(n, key, n=f"{n.low_completeness:,}", threshold=f"{LOW_COMPLETENESS:.0%}",
                        share=f"{n.low_completeness / float(submitted):.1%}")
    return first(position(n, ind.COMPLETENESS) or spread(n, ind.COMPLETENESS), change(n, ind.COMPLETENESS),
                 laggards, change(n, ind.DIGITISATION), position(n, ind.DIGITISATION) or spread(n, ind.DIGITISATION))


def classification(n: Numbers) -> list[str]:
    p, low, high = _wilson(n.cls_now)
    level = None
    if not is_missing(p):
        sampled = int(n.cls_now.get("docs_sampled") or 0)
        level = _say(n, "accuracy_level", value=ind.fmt(ind.ACCURACY, p, n.lang), n=f"{sampled:,}",
                     low=ind.fmt(ind.ACCURACY, low, n.lang), high=ind.fmt(ind.ACCURACY, high, n.lang))
        if sampled < SMALL_SAMPLE:
            level += _say(n, "small_sample")
    return first(level, position(n, ind.ACCURACY, noise=(low, high)) or spread(n, ind.ACCURACY, n.sub_cls),
                 accuracy_change(n), trained_gap(n), scheme(n))


def scheme(n: Numbers) -> str | None:
    """Scheme adoption, a share of the branches that answered, with its Wilson interval."""
    p, low, high = (n.cls_now.get(k) for k in ("scheme_adoption", "scheme_low", "scheme_high"))
    if is_missing(p):
        return None
    return _say(n, "scheme_level", value=ind.fmt(ind.SCHEME, p, n.lang), n=f"{int(n.cls_now.get('scheme_answered') or 0):,}",
                low=ind.fmt(ind.SCHEME, low, n.lang), high=ind.fmt(ind.SCHEME, high, n.lang))


def accuracy_change(n: Numbers) -> str | None:
    now, before = _wilson(n.cls_now), _wilson(n.cls_before)
    interval = newcombe(*now, *before)
    if interval is None:
        return None
    diff = float(now[0]) - float(before[0])
    verdict = _say(n, "within_noise" if within_noise(interval) else "beyond_noise")
    direction = "acc_steady" if abs(diff) < STEADY else "acc_rose" if diff > 0 else "acc_fell"
    return _say(n, direction, pp=_pp(diff), verdict=verdict)


def trained_gap(n: Numbers) -> str | None:
    trained, untrained = n.pairs.get("trained"), n.pairs.get("untrained")
    if not trained or not untrained:
        return None
    interval = newcombe(*_wilson(trained), *_wilson(untrained))
    if interval is None:
        return None
    a, b = trained[ind.ACCURACY.key], untrained[ind.ACCURACY.key]
    return _say(n, "trained_gap", trained=ind.fmt(ind.ACCURACY, a, n.lang), untrained=ind.fmt(ind.ACCURACY, b, n.lang),
                direction=_say(n, "higher" if a >= b else "lower"), pp=_pp(float(a) - float(b)),
                verdict=_say(n, "within_noise" if within_noise(interval) else "beyond_noise"))


def staff(n: Numbers) -> list[str]:
    counts = None
    untrained, no_staff = n.now.get("untrained_branches"), n.now.get("no_staff_branches")
    if not is_missing(untrained) and not is_missing(no_staff):
        counts = _say(n, "staff_gaps", untrained=f"{int(untrained):,}", no_staff=f"{int(no_staff):,}")
    return first(position(n, ind.TRAINING) or spread(n, ind.TRAINING), change(n, ind.TRAINING), counts,
                 change(n, ind.FULLTIME), position(n, ind.FULLTIME) or spread(n, ind.FULLTIME))


def funds(n: Numbers) -> list[str]:
    allocated, spent = n.now.get("funds_allocated"), n.now.get("funds_spent")
    amounts = None
    if not is_missing(allocated) and not is_missing(spent):
        amounts = _say(n, "fund_amounts", allocated=money(allocated, n.lang), spent=money(spent, n.lang),
                       rate=ind.fmt(ind.UTILISATION, n.now.get(ind.UTILISATION.key), n.lang))
    cases, misused = n.now.get("misuse_branches"), n.now.get("funds_misused")
    misuse = None
    if not is_missing(cases):
        misuse = (_say(n, "misuse", n=f"{int(cases):,}", amount=money(misused, n.lang)) if cases
                  else _say(n, "no_misuse"))
    return first(amounts, misuse, position(n, ind.UTILISATION) or spread(n, ind.UTILISATION),
                 change(n, ind.UTILISATION), change(n, ind.RINGFENCE), position(n, ind.RINGFENCE))


AREAS = {"completeness": completeness, "classification": classification, "staff": staff, "funds": funds}
