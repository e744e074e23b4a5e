"""What the briefing pack says, independent of PPTX or PDF: every number from the dashboard's own questions
(warehouse.run_query with the same filters), formatted as the dashboard formats it, in the order of the pack.

A pack for a county names no other county: its sub-regions are its townships, and it is compared with its city
only through queries/briefing_rank.sql (its own rank and the city's total, never another county's row)."""
from dataclasses import dataclass, field, replace

import plotly.graph_objects as go

from charts import figures as charts
from domain import allocation as alloc
from domain import indicators as ind
from domain import watchlist, weak
from domain.filters import Filters, first_row, quarter_rows
from domain.money import money
from domain.periods import period_label
from exports.briefing import findings
from exports.provenance import Provenance
from i18n import t
from warehouse import run_query

LIST_ROWS = 10                     # branches per attention list
AREA_INDICATORS = {
    "completeness": (ind.COMPLETENESS, ind.DIGITISATION, ind.SUBMISSION),
    "classification": (ind.ACCURACY, ind.SCHEME),
    "staff": (ind.TRAINING, ind.HOURS, ind.FULLTIME, ind.ROOM),
    "funds": (ind.UTILISATION, ind.RINGFENCE, ind.MISUSE_RATE, ind.MISUSED),
}
MAIN = {"completeness": ind.COMPLETENESS, "classification": ind.ACCURACY, "staff": ind.TRAINING,
        "funds": ind.UTILISATION}
TRENDS = {"completeness": (ind.COMPLETENESS, ind.DIGITISATION), "classification": (ind.ACCURACY, ind.SCHEME),
          "staff": (ind.TRAINING, ind.FULLTIME), "funds": (ind.UTILISATION, ind.RINGFENCE)}
AMOUNTS = ("funds_allocated", "funds_spent", "funds_designated")
# What a region is compared among, and what its parent's total is called, by the region's own level.
PARENT_WORD = {"township": "brief.parent.county", "county": "brief.parent.city", "city": "brief.parent.province",
               "province": "brief.parent.all"}


@dataclass
class Table:
    title: str
    headers: list
    rows: list                        # rows of text, formatted as the dashboard shows them
    numeric: list                     # per column: align right
    note: str = ""


@dataclass
class Chart:
    figure: go.Figure                 # the dashboard's figure (images in the PDF, and where no native chart fits)
    kind: str                         # "bar" (horizontal, per sub-region), "line" (per quarter) or "image"
    categories: list = field(default_factory=list)
    series: dict = field(default_factory=dict)     # {legend: values}, for a native chart
    number_format: str = "0.0%"


@dataclass
class Card:
    label: str
    value: str
    delta: str | None
    key: str
    tone: str = ""                    # "better" or "worse" than last quarter ("" when unchanged or unknown)


def _tone(indicator: ind.Indicator, now, before) -> str:
    if ind.is_missing(now) or ind.is_missing(before) or abs(float(now) - float(before)) < findings.STEADY:
        return ""
    return "better" if (float(now) > float(before)) == indicator.higher_is_better else "worse"


@dataclass
class Area:
    key: str
    title: str
    chart: Chart
    table: Table
    findings: list


@dataclass
class Pack:
    title: str
    region: str
    period: str
    provenance: Provenance
    cards: list
    areas: list
    attention: list                   # Tables
    plan: list                        # Tables of the saved plan (empty without --plan)
    plan_lines: list
    appendix: Table
    lang: str = "zh"


def region_of(f: Filters) -> tuple[str, str, str]:
    """(region code, parent code, the region's level) for queries/briefing_rank.sql; ('', '', '') for all."""
    region = f.area or f.scope.prefix
    if f.township:
        return region, region, "township"
    levels = {6: "county", 4: "city", 2: "province"}
    if len(region) not in levels:
        return "", "", ""
    return region, region[:-2], levels[len(region)]


def _ranks(f: Filters) -> tuple[dict, str]:
    region, parent, level = region_of(f)
    if not region:
        return {}, ""
    rows = run_query("briefing_rank", f.scope, **f.params(region=region, parent=parent, level=level))
    return {r["indicator"]: r for r in rows.to_dict("records")}, level


def gather(f: Filters, provenance: Provenance, lang: str = "zh", plan=None) -> Pack:
    """Everything the pack shows for these filters; `plan` is (name, Plan, context) of a saved plan, or None."""
    totals = run_query("overview_totals", f.scope, **f.params())
    now, before = quarter_rows(totals, f)
    cls_now, cls_before = quarter_rows(run_query("classification_trend", f.scope, **f.params()), f)
    pairs = {r["key"]: r for r in run_query("classification_by_training", f.scope, **f.params()).to_dict("records")
             if r["kind"] == "pair"}
    drills = f.level.drills
    subs = run_query("region_compare", f.scope, **f.params(level=f.level)) if drills else None
    sub_cls = run_query("classification_by_region", f.scope, **f.params(level=f.level)) if drills else None
    watch = run_query("watchlist", f.scope, **f.params(limit=LIST_ROWS, low_completeness=watchlist.LOW_COMPLETENESS))
    ranks, level = _ranks(f)
    sub_noun = t(f"brief.level.{f.level}", lang)
    numbers = findings.Numbers(
        region=f.region_label, lang=lang, now=now, before=before, ranks=ranks,
        parent=t(PARENT_WORD[level], lang) if level else "", siblings=t(f"brief.level.{level}", lang) if level else "",
        subs=subs, sub_noun=sub_noun, sub_cls=sub_cls, cls_now=cls_now, cls_before=cls_before, pairs=pairs,
        low_completeness=_total(watch, "low_completeness"))
    caption = f.caption(now.get("registered", 0), lang)
    areas = [Area(key, t(f"brief.area.{key}", lang), _chart(key, f, totals, subs, sub_cls, caption, lang),
                  _area_table(key, now, before, ranks, lang), findings.AREAS[key](numbers))
             for key in AREA_INDICATORS]
    cards = [Card(i.label(lang), ind.fmt(i, now.get(i.key), lang), ind.fmt_delta(i, now.get(i.key), before.get(i.key), lang),
                  i.key, _tone(i, now.get(i.key), before.get(i.key))) for i in ind.OVERVIEW_CARDS]
    plan_tables, plan_lines = _plan(plan, f, lang) if plan else ([], [])
    return Pack(title=t("brief.title", lang, region=f.region_label), region=f.region_label,
                period=period_label(f.period, lang), provenance=provenance, cards=cards, areas=areas,
                attention=_attention(f, watch, lang), plan=plan_tables, plan_lines=plan_lines,
                appendix=_appendix(subs, sub_noun, lang), lang=lang)


def _text(value) -> str:
    return "" if ind.is_missing(value) else str(value)


def _total(watch, reason: str) -> int:
    rows = watch[watch.reason == reason]
    return int(rows.total.iloc[0]) if len(rows) else 0


# ---------------------------------------------------------------- areas

def _chart(key, f: Filters, totals, subs, sub_cls, caption: str, lang: str) -> Chart:
    """The area's main chart: its indicator per sub-region, or over the quarters when there is no level below."""
    main = MAIN[key]
    if subs is None or subs.empty:
        trend = TRENDS[key]
        fig = charts.trend(totals, list(trend), caption, t(f"brief.area.{key}", lang), lang=lang)
        return Chart(fig, "line", list(totals.period), {i.label(lang): _values(totals[i.key]) for i in trend})
    if key == "classification":   # error bars (Wilson intervals): no native PowerPoint chart shows them
        fig = charts.region_interval_bars(sub_cls, main, "accuracy_low", "accuracy_high", caption,
                                          t("classification.interval", lang), lang=lang)
        return Chart(fig, "image")
    if key == "funds":
        labels = {c: t(f"funds.amount.{c}", lang) for c in AMOUNTS}
        fig = charts.money_region_bars(subs, labels, caption, t("brief.chart.funds", lang), t("unit.wan_yuan", lang))
        data = subs.sort_values(AMOUNTS[0], ascending=False)
        return Chart(fig, "bar", list(data.region_name),
                     {labels[c]: [v / 10_000 for v in _values(data[c], 0)] for c in AMOUNTS}, "#,##0.00")
    fig = charts.region_bars(subs, main, caption, lang=lang)
    data = subs.sort_values(main.key, ascending=main.higher_is_better, na_position="first")
    return Chart(fig, "bar", list(data.region_name), {main.label(lang): _values(data[main.key])})


def _values(column, missing=None) -> list:
    return [missing if ind.is_missing(v) else float(v) for v in column]


def _area_table(key, now: dict, before: dict, ranks: dict, lang: str) -> Table:
    """Each of the area's indicators: this quarter, the previous, the change, and with a parent its total and
    the region's rank."""
    headers = [t(f"brief.col.{c}", lang) for c in ("indicator", "now", "before", "change")]
    with_parent = bool(ranks) and next(iter(ranks.values()))["ranked"] > 1
    if with_parent:
        headers += [t("brief.col.parent", lang), t("brief.col.rank", lang)]
    rows = []
    for i in AREA_INDICATORS[key]:
        value, previous = now.get(i.key), before.get(i.key)
        row = [i.label(lang), ind.fmt(i, value, lang), ind.fmt(i, previous, lang),
               ind.fmt_delta(i, value, previous, lang) or t("na", lang)]
        if with_parent:
            r = ranks.get(i.key)
            row += [ind.fmt(i, r["parent_value"], lang) if r else t("na", lang),
                    t("brief.rank", lang, k=int(r["rank"]), n=int(r["ranked"])) if r else t("na", lang)]
        rows.append(row)
    return Table(t("brief.table.area", lang), headers, rows, [False] + [True] * (len(headers) - 1))


# ---------------------------------------------------------------- attention, plan, appendix

def _attention(f: Filters, watch, lang: str) -> list:
    """The under-resourced quadrant of 薄弱支部, the branches that have not submitted, and misuse."""
    median = run_query("funds_median", f.scope, **f.params()).funds_median.iloc[0]
    params = f.params(**weak.query_params(weak.RESOURCE | weak.PERFORMANCE, weak.CUTS, lang, median))
    counts = first_row(run_query("weak_quadrants", f.scope, **params)) or {}
    under = run_query("weak_list", f.scope, **params, group="under", limit=LIST_ROWS, offset=0)
    shown = weak.shown(under, lang)
    tables = [Table(t("brief.attention.under", lang, n=f"{int(counts.get('under') or 0):,}",
                      scored=f"{int(counts.get('scored') or 0):,}"),
                    [t(k, lang) for k in ("col.branch_name", "col.township", "weak.score.resource",
                                          "weak.score.performance", "weak.col.reason")],
                    [[r.branch_name, r.township, f"{r.resource_score:.1f}", f"{r.performance_score:.1f}", r.reason]
                     for r in shown.itertuples()], [False, False, True, True, False])]
    missing = watch[watch.reason == "not_submitted"]
    tables.append(Table(t("brief.attention.missing", lang, n=f"{_total(watch, 'not_submitted'):,}"),
                        [t(k, lang) for k in ("col.branch_name", "col.county_name", "col.township", "col.contact",
                                              "col.phone")],
                        [[r.branch_name, r.county_name, r.township, _text(r.contact), _text(r.phone)]
                         for r in missing.itertuples()], [False] * 5))
    misuse = watch[watch.reason == "misuse"]
    tables.append(Table(t("brief.attention.misuse", lang, n=f"{_total(watch, 'misuse'):,}"),
                        [t(k, lang) for k in ("col.branch_name", "col.county_name", "col.township", "brief.col.misused",
                                              "brief.col.spent")],
                        [[r.branch_name, r.county_name, r.township, money(r.funds_misused, lang), money(r.funds_spent, lang)]
                         for r in misuse.itertuples()], [False, False, False, True, True]))
    for table, total in zip(tables, (counts.get("under") or 0, _total(watch, "not_submitted"), _total(watch, "misuse"))):
        if total > len(table.rows):
            table.note = t("brief.attention.more", lang, shown=len(table.rows), total=f"{int(total):,}")
        if not total:
            table.note = t("brief.attention.none", lang)
    return tables


def _plan(saved, f: Filters, lang: str) -> tuple[list, list]:
    """The saved allocation plan, cut to the pack's region (a plan made for a whole city may be in the
    pack of one of its counties: only that county's rows are shown)."""
    name, plan, context = saved
    region = f.area or f.scope.prefix
    rows = tuple(r for r in plan.rows if r.county_code.startswith(region) and (not f.township or r.township == f.township))
    mine = replace(plan, rows=rows)
    lines = [t("brief.plan.made", lang, name=name, saved_at=context.get("saved_at") or "",
               period=period_label(context.get("period", ""), lang), region=context.get("region") or t("region.all", lang),
               budget=money(plan.budget, lang)),
             t("brief.plan.here", lang, region=f.region_label, n=f"{len(rows):,}", amount=money(mine.allocated, lang))]
    counties = alloc.county_frame(mine)
    money_cols = ("amount", "last", "change")
    county_table = Table(t("brief.plan.counties", lang),
                         [t(k, lang) for k in ("col.county_name", "allocation.col.branches", "allocation.col.submitted",
                                               "brief.col.amount", "brief.col.last", "brief.col.change_money")],
                         [[r.county_name, f"{int(r.branches):,}", f"{int(r.submitted):,}",
                           *(money(getattr(r, c), lang, sign=c == "change") for c in money_cols)]
                          for r in counties.itertuples()], [False] + [True] * 5)
    top = sorted(rows, key=lambda r: (-r.amount, r.code))[:LIST_ROWS]
    branch_table = Table(t("brief.plan.branches", lang, n=len(top)),
                         [t(k, lang) for k in ("col.branch_name", "col.township", "brief.col.amount", "brief.col.last")],
                         [[r.name, r.township, money(r.amount, lang), money(r.last, lang)] for r in top],
                         [False, False, True, True])
    return [county_table, branch_table], lines


def _appendix(subs, sub_noun: str, lang: str) -> Table:
    """Every sub-region this quarter with the main indicators."""
    keys = (ind.SUBMISSION, ind.COMPLETENESS, ind.DIGITISATION, ind.ACCURACY, ind.TRAINING, ind.UTILISATION,
            ind.MISUSED)
    headers = [sub_noun, t("col.registered", lang), t("col.submitted", lang), *(i.label(lang) for i in keys)]
    if subs is None or subs.empty:
        return Table(t("brief.appendix", lang, level=sub_noun), headers, [], [False] + [True] * (len(headers) - 1),
                     note=t("brief.appendix.none", lang))
    rows = [[r["region_name"], f"{int(r['registered']):,}", f"{int(r['submitted']):,}",
             *(ind.fmt(i, r[i.key], lang) for i in keys)] for r in subs.to_dict("records")]
    return Table(t("brief.appendix", lang, level=sub_noun), headers, rows, [False] + [True] * (len(headers) - 1))
