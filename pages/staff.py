"""人员与培训: are archive staff in place and trained? KPI cards, regions compared one level down, the
trend, and the branches whose archive staff had no training or that have no archive staff at all."""
import streamlit as st

from charts import figures as charts
from domain import indicators as ind
from domain.regions import Level
from ui.data import run_query
from ui.downloads import chart
from ui.frame import frame
from ui.session import lang, t
from ui.widgets import caption, drill_chart, kpi_cards, paged_branch_table, quarter_rows

CARDS = (ind.TRAINING, ind.HOURS, ind.FULLTIME, ind.ROOM)
f = frame("nav.staff")
language = lang()
BRANCH = {"branch_name": t("col.branch_name"), "county_name": t("col.county_name"),
          "township": t("col.township"), "org_type": t("col.org_type")}
CONTACT = {"contact": t("col.contact"), "phone": t("col.phone")}
st.title(t("staff.title"))

totals = run_query("overview_totals", f.scope, **f.params())
current, previous = quarter_rows(totals, f)
st.caption(caption(f, current.get("registered", 0)))
kpi_cards(CARDS, current, previous)

chosen = st.columns(3)[0].selectbox(t("staff.indicator"), CARDS, format_func=lambda i: i.label(language),
                                   key="staff_indicator")
left, right = st.columns(2)
with left:
    if f.level is Level.BRANCH:
        st.subheader(t("staff.by_branch"))
        paged_branch_table(f, "staff_branches", {
            "branch_name": t("col.branch_name"), "org_type": t("col.org_type"),
            "archive_staff": t("staff.col.archive_staff"), "archive_staff_fulltime": t("staff.col.fulltime"),
            "staff_trained": t("staff.col.trained"), "training_hours": t("staff.col.hours"),
            "training_coverage": t("ind.training_coverage"), "has_archive_room": t("staff.col.room")},
            key="staff_branches", order=chosen.key)
    else:
        st.subheader(t("staff.by_region"))
        regions = run_query("region_compare", f.scope, **f.params(level=f.level))
        drill_chart(charts.region_bars(regions, chosen, caption(f, regions.registered.sum()), lang=language), f,
                    key="staff_compare")
        st.caption(t("staff.drill_hint"))
with right:
    st.subheader(t("staff.trend"))
    chart(charts.trend(totals, [chosen], caption(f, current.get("registered", 0), totals.period.tolist()),
                       chosen.label(language), lang=language), f, key="staff_trend")

st.subheader(t("staff.attention"))
untrained, no_staff = st.tabs([t("staff.untrained", n=f"{int(current.get('untrained_branches') or 0):,}"),
                               t("staff.no_staff", n=f"{int(current.get('no_staff_branches') or 0):,}")])
with untrained:
    paged_branch_table(f, "staff_untrained", {**BRANCH, "archive_staff": t("staff.col.archive_staff"),
                                              "archive_staff_fulltime": t("staff.col.fulltime"), **CONTACT},
                       key="staff_untrained")
with no_staff:
    paged_branch_table(f, "staff_no_staff", {**BRANCH, "docs_archived": t("staff.col.docs_archived"),
                                             "has_archive_room": t("staff.col.room"), **CONTACT},
                       key="staff_no_staff")
