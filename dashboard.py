"""党建档案看板, the landing page 总览: KPI cards, regions compared one level down, the trend, and what
needs attention. Run with: streamlit run dashboard.py"""
import streamlit as st

from charts import figures as charts
from domain import indicators as ind
from domain import watchlist
from domain.regions import Level
from ui.data import run_query
from ui.frame import frame
from ui.session import lang, t
from ui.downloads import chart
from ui.widgets import branch_table, caption, drill_chart, kpi_cards, quarter_rows, table_downloads

WATCH_LIMIT = 10


@st.fragment
def trend_block():
    """Choosing the trend's indicators redraws the trend only."""
    st.subheader(t("overview.trend"))
    shown = st.multiselect(t("overview.trend_indicators"), ind.OVERVIEW_CARDS[:-2],
                           format_func=lambda i: i.label(language),
                           default=[ind.COMPLETENESS, ind.ACCURACY, ind.TRAINING, ind.UTILISATION])
    if shown:
        chart(charts.trend(totals, shown, caption(f, current.get("registered", 0), totals.period.tolist()),
                           t("overview.trend"), lang=language), f, key="trend")


f = frame("overview.title")
language = lang()
st.title(t("overview.title"))

totals = run_query("overview_totals", f.scope, **f.params())
current, previous = quarter_rows(totals, f)
st.caption(caption(f, current.get("registered", 0)))
kpi_cards(ind.OVERVIEW_CARDS, current, previous)

left, right = st.columns(2)
with left:
    st.subheader(t("overview.compare"))
    chosen = st.selectbox(t("overview.compare_indicator"), ind.OVERVIEW_CARDS[:-1],
                          format_func=lambda i: i.label(language))
    if f.level is Level.BRANCH:
        rows = run_query("branch_list", f.scope, **f.params(order=chosen.key, limit=50, offset=0))
        columns = {"branch_name": t("col.branch_name"), chosen.key: chosen.label(language)}
        branch_table(rows, columns, key="township_branches")
        table_downloads(rows, columns, f, "township_branches")
    else:
        regions = run_query("region_compare", f.scope, **f.params(level=f.level))
        drill_chart(charts.region_bars(regions, chosen, caption(f, regions.registered.sum()), lang=language), f,
                    key="compare")
        st.caption(t("overview.drill_hint"))


with right:
    trend_block()

st.subheader(t("overview.attention"))
watch = run_query("watchlist", f.scope, **f.params(limit=WATCH_LIMIT, low_completeness=watchlist.LOW_COMPLETENESS))
threshold = f"{watchlist.LOW_COMPLETENESS:.0%}"
tabs = st.tabs([t(f"overview.reason.{r}", threshold=threshold) for r in watchlist.REASONS])
for tab, reason in zip(tabs, watchlist.REASONS):
    with tab:
        rows = watch[watch.reason == reason]
        if not rows.empty:
            st.caption(t("overview.reason_count", total=int(rows.total.iloc[0]), shown=len(rows)))
        columns = {"branch_name": t("col.branch_name"), "county_name": t("col.county_name"),
                   "township": t("col.township"), "org_type": t("col.org_type")}
        if reason in watchlist.VALUE_COLUMNS:
            columns[watchlist.VALUE_COLUMNS[reason]] = t(f"col.value.{reason}")
        if reason == "not_submitted":
            columns.update(contact=t("col.contact"), phone=t("col.phone"))
        branch_table(rows, columns, key=f"watch_{reason}")
        table_downloads(rows, columns, f, f"watch_{reason}")
