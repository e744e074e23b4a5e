"""档案完整性: how much of what is due gets filed (归档完整率) and how much of it is digitised
(数字化率), by region, org type and quarter; how branches spread, and which are furthest behind."""
import streamlit as st

from archives import charts
from archives import indicators as ind
from archives.data import run_query
from archives.i18n import t
from archives.ui import (
    branch_table,
    caption,
    drill_chart,
    frame,
    kpi_cards,
    quarter_rows,
)

PAGE_SIZE = 20
RATES = (ind.COMPLETENESS, ind.DIGITISATION)
f = frame("nav.completeness")
st.title(t("completeness.title"))

totals = run_query("completeness_trend", f.scope, **f.params())
current, previous = quarter_rows(totals, f)
registered = current.get("registered", 0)
st.caption(caption(f, registered))
kpi_cards(RATES, current, previous)

if f.level != "branch":
    st.subheader(t("completeness.by_region"))
    regions = run_query("completeness_by_region", f.scope, **f.params(level=f.level))
    for column, rate in zip(st.columns(2), RATES):
        with column:
            drill_chart(charts.region_bars(regions, rate, caption(f, regions.registered.sum())), f,
                        key=f"regions_{rate.key}")
    st.caption(t("completeness.drill_hint"))

left, right = st.columns(2)
with left:
    types = run_query("completeness_by_type", f.scope, **f.params())
    st.plotly_chart(charts.grouped_bars(types, "org_type", RATES, caption(f, types.registered.sum()),
                                        t("completeness.by_type")), key="by_type")
with right:
    st.plotly_chart(charts.trend(totals, RATES, caption(f, registered), t("completeness.trend")), key="trend")

bins = run_query("completeness_histogram", f.scope, **f.params())
counted = int(bins.branches.sum())
st.plotly_chart(charts.histogram(bins, "bin_label", "branches", ind.COMPLETENESS, caption(f, counted),
                                 t("completeness.distribution")), key="distribution")
st.caption(t("completeness.distribution_hint"))

st.subheader(t("completeness.laggards"))
pages = max(1, -(-counted // PAGE_SIZE))
page = st.number_input(t("completeness.page"), min_value=1, max_value=pages, key="laggards_page", width=160)
st.caption(t("completeness.laggards_count", total=f"{counted:,}", size=PAGE_SIZE, pages=f"{pages:,}"))
laggards = run_query("completeness_laggards", f.scope, **f.params(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
branch_table(laggards, {"branch_name": t("col.branch_name"), "county_name": t("col.county_name"),
                        "township": t("col.township"), "org_type": t("col.org_type"),
                        "docs_expected": t("completeness.col.docs_expected"),
                        "docs_archived": t("completeness.col.docs_archived"),
                        "docs_digitised": t("completeness.col.docs_digitised"),
                        "completeness": ind.COMPLETENESS.label, "digitisation": ind.DIGITISATION.label},
             key="laggards")
