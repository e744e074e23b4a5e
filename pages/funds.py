"""专项经费: are the special archive funds spent, and spent on archives? KPI cards, amounts by region and by
quarter, the branches sitting on unspent funds and every misuse case found by audit."""
import streamlit as st

from charts import figures as charts
from domain import indicators as ind
from domain.money import money, wan, wan_delta
from domain.regions import Level
from ui.data import run_query
from ui.downloads import chart
from ui.frame import frame
from ui.session import lang, t
from ui.widgets import caption, drill_chart, kpi_cards, paged_branch_table, quarter_rows

CARDS = (ind.UTILISATION, ind.RINGFENCE, ind.MISUSE_RATE, ind.MISUSED)
MONEY_CARDS = ("funds_allocated", "funds_spent", "funds_designated", "funds_unspent")
f = frame("nav.funds")
language = lang()
AMOUNTS = {key: t(f"funds.amount.{key}") for key in ("funds_allocated", "funds_spent", "funds_designated",
                                                     "funds_misused")}
BRANCH = {"branch_name": t("col.branch_name"), "county_name": t("col.county_name"),
          "township": t("col.township"), "org_type": t("col.org_type")}
CONTACT = {"contact": t("col.contact"), "phone": t("col.phone")}
st.title(t("funds.title"))

totals = run_query("funds_totals", f.scope, **f.params())
current, previous = quarter_rows(totals, f)
st.caption(caption(f, current.get("registered", 0)))
kpi_cards(CARDS, current, previous)
for col, key in zip(st.columns(len(MONEY_CARDS)), MONEY_CARDS):
    col.metric(t(f"funds.card.{key}"), wan(current.get(key), language),
               wan_delta(current.get(key), previous.get(key)), delta_color="off", border=True)

left, right = st.columns(2)
with left:
    if f.level is Level.BRANCH:
        st.subheader(t("funds.by_branch"))
        paged_branch_table(f, "funds_branches", {
            "branch_name": t("col.branch_name"), "org_type": t("col.org_type"),
            "funds_allocated": t("funds.col.allocated"), "funds_spent": t("funds.col.spent"),
            "funds_designated": t("funds.col.designated"), "funds_misused": t("funds.col.misused"),
            "fund_utilisation": t("ind.fund_utilisation")}, key="funds_branches")
    else:
        st.subheader(t("funds.compare"))
        regions = run_query("region_compare", f.scope, **f.params(level=f.level))
        drill_chart(charts.money_region_bars(regions, AMOUNTS, caption(f, regions.registered.sum()),
                                             t("funds.by_region"), t("unit.wan_yuan")), f, key="funds_compare")
        st.caption(t("funds.drill_hint"))
with right:
    st.subheader(t("funds.quarters"))
    chart(charts.money_trend(totals, AMOUNTS, (ind.UTILISATION, ind.RINGFENCE), caption(f, current.get("registered", 0)),
                             t("funds.trend"), t("unit.wan_yuan"), lang=language), f, key="funds_trend")

st.subheader(t("funds.attention"))
unspent, misuse = st.tabs([t("funds.unspent"),
                           t("funds.misuse", n=f"{int(current.get('misuse_branches') or 0):,}")])
with unspent:
    paged_branch_table(f, "funds_unspent", {
        **BRANCH, "funds_allocated": t("funds.col.allocated"), "funds_spent": t("funds.col.spent"),
        "funds_unspent": t("funds.col.unspent"), "fund_utilisation": t("ind.fund_utilisation"),
        "funds_unspent_to_date": t("funds.col.unspent_to_date"), **CONTACT}, key="funds_unspent")
with misuse:
    if current.get("misuse_branches"):
        st.caption(t("funds.misuse_total", amount=money(current.get("funds_misused"), language)))
    paged_branch_table(f, "funds_misuse", {
        **BRANCH, "funds_spent": t("funds.col.spent"), "funds_misused": t("funds.col.misused"),
        "misuse_pct": t("funds.col.misuse_share"), **CONTACT}, key="funds_misuse")
