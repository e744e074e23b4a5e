"""经费分配 (fund allocation planner): the leader sets a budget and rules, the page splits it between the
branches in view (base + need, floor, cap, cuts for misuse and low use), then saves, compares and exports."""
import streamlit as st

from archives import allocation as alloc
from archives import charts
from archives.allocation_export import to_xlsx
from archives.data import run_query
from archives.filters import period_label
from archives.i18n import language, t
from archives.ui import caption, frame, open_branch

PAGE_SIZE = 50
MONEY = st.column_config.NumberColumn(format="%,d")


def table(df, columns: dict, key: str, money=(), branches=False):
    """Catalogue headers, money as 12,345, the rule column wide; with branches, a selected row opens its profile."""
    config = {columns[c]: MONEY for c in money} | {columns[c]: st.column_config.TextColumn(width="large")
                                                   for c in ("rule",) if c in columns}
    shown = df[list(columns)].rename(columns=columns)
    if not branches:
        st.dataframe(shown, key=key, hide_index=True, column_config=config, height="content" if len(df) <= 30 else "auto")
        return
    event = st.dataframe(shown, key=key, hide_index=True, column_config=config, on_select="rerun",
                         selection_mode="single-row")
    if event and event.selection.rows:
        open_branch(df.iloc[event.selection.rows[0]]["branch_code"])


def rules_form(default_budget: int, key: str):
    """The inputs; returns (budget, rules) when the leader presses compute, else None."""
    d = alloc.Rules()
    with st.form("allocation_form"):
        c = st.columns(4)
        budget = c[0].number_input(t("allocation.budget"), value=default_budget, step=10_000, key=f"alloc_budget_{key}",
                                   help=t("allocation.budget_help"))
        base = c[1].number_input(t("allocation.base"), value=d.base, step=100, key="alloc_base")
        floor = c[2].number_input(t("allocation.floor"), value=d.floor, step=100, key="alloc_floor")
        cap = c[3].number_input(t("allocation.cap"), value=d.cap, step=1000, key="alloc_cap")
        no_cap = c[3].checkbox(t("allocation.no_cap"), key="alloc_no_cap")
        st.caption(t("allocation.weights"))
        weights = {k: col.number_input(t(f"allocation.weight_{k}"), value=d.weight(k), step=0.5, key=f"alloc_w_{k}")
                   for k, col in zip(alloc.GAP_PARTS, st.columns(4))}
        st.caption(t("allocation.penalties"))
        c = st.columns(4)
        withhold = c[0].toggle(t("allocation.withhold"), key="alloc_withhold", help=t("allocation.withhold_help"))
        cuts = {k: col.number_input(t(f"allocation.{k}"), value=getattr(d, k), step=5.0, key=f"alloc_{k}")
                for k, col in zip(("misuse_cut", "use_threshold", "use_cut"), c[1:])}
        if not st.form_submit_button(t("allocation.compute"), type="primary", key="alloc_compute"):
            return None
    return budget, alloc.Rules(base=base, floor=floor, cap=None if no_cap else cap,
                               misuse_action="withhold" if withhold else "reduce",
                               **{f"weight_{k}": w for k, w in weights.items()}, **cuts)


def show_plan(plan: alloc.Plan, context: dict, lang: str):
    rows = plan.rows
    counts = (plan.budget, plan.allocated, plan.unallocated, len(rows), sum(not r.submitted for r in rows),
              sum(r.withheld or r.misuse_cut > 0 for r in rows), sum(r.use_cut > 0 for r in rows),
              sum(r.bound == "cap" for r in rows))
    keys = ("budget", "allocated", "unallocated", "branches", "not_submitted", "misuse", "low_use", "capped")
    for col, key, value in zip(st.columns(4) + st.columns(4), keys, counts):
        col.metric(t(f"allocation.m.{key}"), f"{value:,}", border=True)
    if plan.unallocated:
        st.warning(t(f"allocation.unallocated.{plan.unallocated_reason}", allocated=f"{plan.allocated:,}",
                     left=f"{plan.unallocated:,}"))
    counties = alloc.county_frame(plan)
    st.subheader(t("allocation.by_county"))
    series = {"amount": t("allocation.amount_label"), "last": t("allocation.last_label")}
    st.plotly_chart(charts.amount_bars(counties, "county_name", series, caption(f, len(rows)),
                                       t("allocation.chart_title"), t("unit.yuan")), key="county_chart")
    table(counties, COUNTY_COLUMNS, "county_table", money=("amount", "last", "change"))
    st.subheader(t("allocation.by_branch"))
    order = st.segmented_control(t("allocation.sort"), ("region", "amount", "change"), default="region",
                                 format_func=lambda o: t(f"allocation.sort.{o}"), key="alloc_sort") or "region"
    listing = alloc.branch_frame(plan, lang)
    if order != "region":
        listing = listing.sort_values([order, "branch_code"], ascending=[order == "change", True], kind="stable")
    page = st.pagination(max(1, -(-len(listing) // PAGE_SIZE)), key="alloc_page")
    st.caption(t("allocation.page_caption", n=f"{len(listing):,}", size=PAGE_SIZE))
    table(listing.iloc[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], BRANCH_COLUMNS, "alloc_branches",
          money=("amount", "last", "change"), branches=True)


def save_and_export(plan: alloc.Plan, context: dict, folder, lang: str):
    st.subheader(t("allocation.save"))
    with st.form("allocation_save"):
        name = st.text_input(t("allocation.save_name"), placeholder=t("allocation.save_placeholder"), key="alloc_name")
        overwrite = st.checkbox(t("allocation.overwrite"), key="alloc_overwrite")
        if st.form_submit_button(t("allocation.save_button"), key="alloc_save"):
            try:
                alloc.save_plan(folder, name, plan, context, overwrite=overwrite)
                st.success(t("allocation.saved", name=name.strip()))
            except alloc.AllocationError as error:
                st.error(error.message(lang))
    label = (name or "").strip() or t("allocation.result")
    st.download_button(t("allocation.export"), data=lambda: to_xlsx(plan, label, context, lang), on_click="ignore",
                       file_name=t("allocation.xlsx.file", name=label), icon=":material/download:", key="alloc_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def compare(folder, lang: str):
    st.subheader(t("allocation.compare"))
    names = alloc.saved_plans(folder)
    if not names:
        st.caption(t("allocation.compare_none"))
        return
    chosen = st.multiselect(t("allocation.compare_pick"), names, max_selections=3, key="alloc_compare")
    if len(chosen) < 2:
        st.caption(t("allocation.compare_hint"))
        return
    plans = {}
    for name in chosen:
        plans[name], context = alloc.load_plan(folder, name)
        st.markdown(t("allocation.compare_plan", name=name, period=alloc.period_text(context.get("period", ""), lang),
                      region=context.get("region") or t("region.all"), budget=f"{plans[name].budget:,}",
                      allocated=f"{plans[name].allocated:,}", saved_at=context.get("saved_at", "")))
    counties = alloc.compare_counties(plans)
    cap = t("allocation.compare_caption", plans=" / ".join(chosen), n=len(counties))
    st.plotly_chart(charts.amount_bars(counties, "county_name", {n: n for n in chosen}, cap,
                                       t("allocation.compare_counties"), t("unit.yuan")), key="compare_chart")
    table(counties, {"county_name": t("col.county_name"), **{n: n for n in chosen}}, "compare_counties", money=chosen)
    differ = alloc.compare_branches(plans, limit=PAGE_SIZE)
    st.markdown(f"**{t('allocation.compare_branches', n=PAGE_SIZE)}**")
    if differ.empty:
        st.caption(t("allocation.compare_same"))
    else:
        table(differ, {"branch_name": t("col.branch_name"), "county_name": t("col.county_name"), **{n: n for n in chosen},
                       "spread": t("allocation.col.spread")}, "compare_branches", money=(*chosen, "spread"), branches=True)


f = frame("nav.allocation")
lang = language()
COUNTY_COLUMNS = {"county_name": t("col.county_name"), "branches": t("allocation.col.branches"),
                  "submitted": t("allocation.col.submitted"), "amount": t("allocation.col.amount"),
                  "last": t("allocation.col.last"), "change": t("allocation.col.change")}
BRANCH_COLUMNS = {"county_name": t("col.county_name"), "township": t("col.township"),
                  "branch_name": t("col.branch_name"), "amount": t("allocation.col.amount"), "last": t("allocation.col.last"),
                  "change": t("allocation.col.change"), "rule": t("allocation.col.rule")}
st.title(t("allocation.title"))
st.caption(t("allocation.intro"))
context = {"period": f.period, "area": f.area, "township": f.township, "org_type": f.org_type, "region": f.region_label}
inputs = run_query("allocation_inputs", f.scope, **f.params(limit=alloc.MAX_BRANCHES + 1))
branches = alloc.branches_from_frame(inputs)
st.info(t("allocation.scope", region=f.region_label, org_type=f" · {f.org_type}" if f.org_type else "",
          n=f"{len(branches):,}", period=period_label(f.period)) + "  \n" + t("allocation.scope_hint"))
with st.expander(t("allocation.how")):
    st.markdown(t("allocation.explain", **alloc.explain_values(alloc.Rules(), lang)))

submitted = rules_form(alloc.suggested_budget(branches), "_".join(context[k] for k in ("period", "area", "township",
                                                                                         "org_type")))
if submitted:
    st.session_state.pop("allocation", None)
    try:
        median = None if inputs.empty else inputs.median_per_member.iloc[0]
        st.session_state["allocation"] = (alloc.plan(branches, submitted[1], submitted[0], median=median), context)
    except alloc.AllocationError as error:
        st.error(t("allocation.refused", reason=error.message(lang)))
folder = alloc.plans_dir(f.scope.prefix)
if "allocation" in st.session_state:
    plan, made_for = st.session_state["allocation"]
    if made_for == context:
        st.header(t("allocation.result"))
        show_plan(plan, context, lang)
        save_and_export(plan, context, folder, lang)
    else:
        st.info(t("allocation.stale"))
elif not submitted:
    st.caption(t("allocation.pick_hint"))
compare(folder, lang)
