"""薄弱支部: the score settings that queries/weak_*.sql take as parameters (default weights, cut-offs,
reason phrases from the catalogue) and the list as the page shows it."""
import pandas as pd

from domain.filters import EXPORT_CAP  # noqa: F401 (the list is exported up to it)
from i18n import t

# Defaults (docs/indicators.md); the page lets the leader change every one of them.
RESOURCE = {"fulltime": 0.25, "room": 0.2, "coverage": 0.25, "hours": 0.1, "funds": 0.2}
PERFORMANCE = {"completeness": 0.4, "accuracy": 0.4, "digitisation": 0.2}
CUTS = {"resource_cut": 60.0, "performance_cut": 60.0, "hours_target": 8.0}
GROUPS = ("under", "management", "lean", "sound")
REASONS = ("no_staff", "no_fulltime", "room_unknown", "no_room", "untrained_year", "low_coverage", "low_hours",
           "no_funds", "low_funds", "low_completeness", "low_accuracy", "low_digitisation", "near_cut",
           "not_submitted", "unscorable")
COMPONENTS = (*RESOURCE, *PERFORMANCE)


def query_params(weights: dict, cuts: dict, lang: str = "zh", funds_median=None) -> dict:
    """The parameters of queries/weak_*.sql beyond the filters: $w_<component>, the cut-offs, the target
    hours, the view's funds median (queries/funds_median.sql) and the reason phrases ($why_*, $sep) in the
    chosen language."""
    median = None if funds_median is None or pd.isna(funds_median) else float(funds_median)
    return ({f"w_{k}": float(v) for k, v in weights.items()} | {k: float(v) for k, v in cuts.items()}
            | {"funds_median": median}
            | {f"why_{k}": t(f"weak.why.{k}", lang=lang) for k in REASONS} | {"sep": t("weak.why.sep", lang=lang)})


def notes(counts: dict, lang: str = "zh") -> str:
    """What the chart's numbers rest on: the funds median in view, and how many branches had the archive room
    or the funds component left out (queries/build/scores.sql)."""
    median = counts["funds_median"]
    parts = [t("weak.median_none", lang=lang) if pd.isna(median) or not median
             else t("weak.median_note", lang=lang, median=f"{median:,.2f}")]
    parts += [t(f"weak.{k}_note", lang=lang, n=f"{counts[c]:,}")
              for k, c in (("room", "room_unknown"), ("funds", "funds_left_out")) if counts[c]]
    return " ".join(parts)


def percent(value, lang: str = "zh") -> str:
    return t("na", lang) if pd.isna(value) else f"{float(value):.0%}"


def shown(rows: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A page of queries/weak_list.sql as the table shows it: scores with one decimal, components as
    percentages ('—' when left out), the quadrant in words."""
    return rows.assign(
        group=[t(f"weak.group.{q}", lang=lang) for q in rows.quadrant],
        resource_score=rows.resource_score.astype(float).round(1),
        performance_score=rows.performance_score.astype(float).round(1),
        reason=rows.reason.fillna(""),
        **{f"c_{c}": [percent(v, lang) for v in rows[f"c_{c}"]] for c in COMPONENTS})


def columns(lang: str = "zh", unknown: bool = False) -> dict:
    """{column: header} of the list: the branch, its scores, reason and components; for the unknown group
    the branch, why it is there, and whom to call."""
    branch = {"branch_name": t("col.branch_name", lang=lang), "county_name": t("col.county_name", lang=lang),
              "township": t("col.township", lang=lang)}
    if unknown:
        return {**branch, "org_type": t("col.org_type", lang=lang), "reason": t("weak.col.status", lang=lang),
                "contact": t("col.contact", lang=lang), "phone": t("col.phone", lang=lang)}
    return {**branch, "resource_score": t("weak.score.resource", lang=lang),
            "performance_score": t("weak.score.performance", lang=lang), "reason": t("weak.col.reason", lang=lang),
            **{f"c_{c}": t(f"weak.w.{c}", lang=lang) for c in COMPONENTS}, "group": t("weak.col.group", lang=lang)}
