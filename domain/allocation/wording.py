"""The allocation planner in words: each branch's rule, the rules a plan was made by, the page's explanation."""
from domain.allocation.planner import GAP_PARTS, MAX_BRANCHES, Allocation, Plan, Rules
from domain.periods import period_label
from i18n import t


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
        # Where nothing else touched the amount, the parts are written as they add up in whole yuan (the
        # plan rounds the shares by largest remainder, so the share alone may be a yuan off)
        plain = not (row.misuse_cut or row.use_cut or row.bound)
        share = row.amount - round(row.base) if plain else None
        if row.gap > 0:
            reasons = t("allocation.rule.list_sep", lang=lang).join(
                reason_text(row, p, plan_.median_per_member, lang) for p in row.reasons)
            head += t("allocation.rule.need", lang=lang, need=yuan(row.need if share is None else share),
                      reasons=reasons)
        elif row.topup >= 0.5:
            head += t("allocation.rule.topup", lang=lang, topup=yuan(row.topup if share is None else share))
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
        (t("filter.period", lang=lang), period_label(context.get("period", ""), lang)),
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
