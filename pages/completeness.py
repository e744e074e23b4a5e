"""档案完整性: how much of what is due gets filed (归档完整率) and how much of it is digitised
(数字化率), by region, org type and quarter; how branches spread, and which are furthest behind."""
import streamlit as st

from charts import figures as charts
from domain import indicators as ind
from domain.regions import Level
from ui.data import run_query
from ui.downloads import chart
from ui.frame import frame
from ui.session import lang, t
from ui.widgets import caption, drill_chart, kpi_cards, paged_branch_table, quarter_rows

RATES = (ind.COMPLETENESS, ind.DIGITISATION)
f = frame("nav.completeness")
language = lang()
st.title(t("completeness.title"))

totals = run_query("completeness_trend", f.scope, **f.params())
current, previous = quarter_rows(totals, f)
registered = current.get("registered", 0)
st.caption(caption(f, registered))
kpi_cards(RATES, current, previous)

if f.level is not Level.BRANCH:
    st.subheader(t("completeness.by_region"))
    regions = run_query("completeness_by_region", f.scope, **f.params(level=f.level))
    for column, rate in zip(st.columns(2), RATES):
        with column:
            drill_chart(charts.region_bars(regions, rate, caption(f, regions.registered.sum()), lang=language), f,
                        key=f"regions_{rate.key}")
    st.caption(t("completeness.drill_hint"))

left, right = st.columns(2)
with left:
    types = run_query("completeness_by_type", f.scope, **f.params())
    chart(charts.grouped_bars(types, "org_type", RATES, caption(f, types.registered.sum()),
                              t("completeness.by_type"), lang=language), f, key="by_type")
with right:
    chart(charts.trend(totals, RATES, caption(f, registered, totals.period.tolist()), t("completeness.trend"),
                       lang=language), f, key="trend")

bins = run_query("completeness_histogram", f.scope, **f.params())
chart(charts.histogram(bins, "bin_label", "branches", ind.COMPLETENESS, caption(f, bins.branches.sum()),
                       t("completeness.distribution"), lang=language), f, key="distribution")
st.caption(t("completeness.distribution_hint"))

st.subheader(t("completeness.laggards"))
st.caption(t("completeness.laggards_hint"))
paged_branch_table(f, "completeness_laggards", {
    "branch_name": t("col.branch_name"), "county_name": t("col.county_name"), "township": t("col.township"),
    "org_type": t("col.org_type"), "docs_expected": t("completeness.col.docs_expected"),
    "docs_archived": t("completeness.col.docs_archived"), "docs_digitised": t("completeness.col.docs_digitised"),
    "completeness": ind.COMPLETENESS.label(language), "digitisation": ind.DIGITISATION.label(language)},
    key="laggards")
