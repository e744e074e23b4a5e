"""党建档案看板, the landing page 总览: KPI cards, regions compared one level down, the trend, and what
needs attention. Run with: streamlit run dashboard.py"""
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

WATCH_LIMIT = 10
f = frame("overview.title")
st.title(t("overview.title"))

totals = run_query("overview_totals", f.scope, **f.params())
current, previous = quarter_rows(totals, f)
st.caption(caption(f, current.get("registered", 0)))
kpi_cards(ind.OVERVIEW_CARDS, current, previous)

left, right = st.columns(2)
with left:
    st.subheader(t("overview.compare"))
    chosen = st.selectbox(t("overview.compare_indicator"), ind.OVERVIEW_CARDS[:-1], format_func=lambda i: i.label)
    if f.level == "branch":
        rows = run_query("branch_list", f.scope, **f.params(order=chosen.key, limit=50, offset=0))
        branch_table(rows, {"branch_name": t("col.branch_name"), chosen.key: chosen.label}, key="township_branches")
    else:
        regions = run_query("region_compare", f.scope, **f.params(level=f.level))
        drill_chart(charts.region_bars(regions, chosen, caption(f, regions.registered.sum())), f, key="compare")
        st.caption(t("overview.drill_hint"))
with right:
    st.subheader(t("overview.trend"))
    shown = st.multiselect(t("overview.trend_indicators"), ind.OVERVIEW_CARDS[:-2], format_func=lambda i: i.label,
                           default=[ind.COMPLETENESS, ind.ACCURACY, ind.TRAINING, ind.UTILISATION])
    if shown:
        st.plotly_chart(charts.trend(totals, shown, caption(f, current.get("registered", 0)),
                                     t("overview.trend")), key="trend")

st.subheader(t("overview.attention"))
watch = run_query("watchlist", f.scope, **f.params(limit=WATCH_LIMIT))
reasons = ["low_completeness", "not_submitted", "misuse", "untrained"]
for tab, reason in zip(st.tabs([t(f"overview.reason.{r}") for r in reasons]), reasons):
    with tab:
        rows = watch[watch.reason == reason]
        if not rows.empty:
            st.caption(t("overview.reason_count", total=int(rows.total.iloc[0]), shown=len(rows)))
        columns = {"branch_name": t("col.branch_name"), "county_name": t("col.county_name"),
                   "township": t("col.township"), "org_type": t("col.org_type")}
        extra = {"low_completeness": "completeness", "misuse": "funds_misused", "untrained": "archive_staff"}
        if reason in extra:
            columns[extra[reason]] = t(f"col.value.{reason}")
        if reason == "not_submitted":
            columns.update(contact=t("col.contact"), phone=t("col.phone"))
        branch_table(rows, columns, key=f"watch_{reason}")
