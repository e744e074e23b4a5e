"""The pieces of the 经费分配 page: the rules form, the plan's figures and tables, saving, export, comparison."""
import streamlit as st

from charts import figures as charts
from domain import allocation as alloc
from domain.periods import period_label
from exports.allocation_sheet import to_xlsx
from exports.writer import XLSX_MIME
from ui import state
from ui.auth import current_account
from ui.data import run_query
from ui.downloads import chart, download, provenance
from ui.session import lang, t
from ui.widgets import open_branch, page_slice, pager

PAGE_SIZE = 50
MONEY = st.column_config.NumberColumn(format="%,d")


def county_columns() -> dict:
    return {"county_name": t("col.county_name"), "branches": t("allocation.col.branches"),
            "submitted": t("allocation.col.submitted"), "amount": t("allocation.col.amount"),
            "last": t("allocation.col.last"), "change": t("allocation.col.change")}


def branch_columns() -> dict:
    return {"county_name": t("col.county_name"), "township": t("col.township"), "branch_name": t("col.branch_name"),
            "amount": t("allocation.col.amount"), "last": t("allocation.col.last"),
            "change": t("allocation.col.change"), "rule": t("allocation.col.rule")}


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


def inputs(f):
    """The planner's inputs for the view as (rows, branches), or None, with the refusal shown, when the view
    holds more branches than one plan may: counted from the rollup first, so a national view never fetches
    millions of rows only to refuse them."""
    totals = run_query("overview_totals", f.scope, **f.params())
    registered = int(totals.loc[totals.period == f.period, "registered"].sum())
    if registered > alloc.MAX_BRANCHES:
        refusal = alloc.AllocationError("too_many_branches", n=registered, limit=alloc.MAX_BRANCHES)
        st.warning(t("allocation.refused", reason=refusal.message(lang())))
        return None
    rows = run_query("allocation_inputs", f.scope, **f.params(limit=alloc.MAX_BRANCHES + 1))
    return rows, alloc.branches_from_frame(rows)


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


def compute(branches, inputs, submitted, context):
    """Make the plan the leader asked for and keep it with the filters it was made for; refusals in words."""
    st.session_state.pop(state.ALLOCATION, None)
    try:
        median = None if inputs.empty else inputs.median_per_member.iloc[0]
        plan = alloc.plan(branches, submitted[1], submitted[0], median=median)
        st.session_state[state.ALLOCATION] = (plan, context)
    except alloc.AllocationError as error:
        st.error(t("allocation.refused", reason=error.message(lang())))


def show_plan(plan: alloc.Plan, caption_text: str, f):
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
    chart(charts.amount_bars(counties, "county_name", series, caption_text, t("allocation.chart_title"), t("unit.yuan")),
          f, key="county_chart")
    table(counties, county_columns(), "county_table", money=("amount", "last", "change"))
    st.subheader(t("allocation.by_branch"))
    order = st.segmented_control(t("allocation.sort"), ("region", "amount", "change"), default="region",
                                 format_func=lambda o: t(f"allocation.sort.{o}"), key="alloc_sort") or "region"
    listing = alloc.branch_frame(plan, lang())
    if order != "region":
        listing = listing.sort_values([order, "branch_code"], ascending=[order == "change", True], kind="stable")
    st.caption(t("allocation.page_caption", n=f"{len(listing):,}", size=PAGE_SIZE))
    table(page_slice(listing, "alloc", PAGE_SIZE), branch_columns(), "alloc_branches",
          money=("amount", "last", "change"), branches=True)
    pager("alloc", len(listing), PAGE_SIZE)


def save_and_export(plan: alloc.Plan, context: dict, scope: str, f):
    st.subheader(t("allocation.save"))
    language = lang()
    with st.form("allocation_save"):
        name = st.text_input(t("allocation.save_name"), placeholder=t("allocation.save_placeholder"), key="alloc_name")
        overwrite = st.checkbox(t("allocation.overwrite"), key="alloc_overwrite")
        if st.form_submit_button(t("allocation.save_button"), key="alloc_save"):
            # what was just saved, so that a second click (Enter in the name field already submits) is not
            # met with "a plan of that name exists", as if the save had failed
            this = (scope, (name or "").strip(), tuple((r.code, r.amount) for r in plan.rows))
            try:
                alloc.save_plan(scope, name, plan, context, overwrite=overwrite, by=current_account().name)
                st.session_state[state.PLAN_SAVED] = this
                st.success(t("allocation.saved", name=name.strip()))
            except alloc.AllocationError as error:
                if error.code == "plan_exists" and st.session_state.get(state.PLAN_SAVED) == this:
                    st.success(t("allocation.saved", name=name.strip()))
                else:
                    st.error(error.message(language))
    label = (name or "").strip() or t("allocation.result")
    stamp = provenance(f).footer()
    download(t("allocation.export"), lambda: to_xlsx(plan, label, context, language, footer=stamp),
             t("allocation.xlsx.file", name=label), XLSX_MIME, key="alloc_xlsx", what="allocation_plan")


def compare(scope: str, f):
    st.subheader(t("allocation.compare"))
    names = alloc.saved_plans(scope)
    if not names:
        st.caption(t("allocation.compare_none"))
        return
    chosen = st.multiselect(t("allocation.compare_pick"), names, max_selections=3, key="alloc_compare")
    delete(scope, names)
    if len(chosen) < 2:
        st.caption(t("allocation.compare_hint"))
        return
    plans = {}
    for name in chosen:
        plans[name], context = alloc.load_plan(scope, name)
        st.markdown(t("allocation.compare_plan", name=name, period=period_label(context.get("period", ""), lang()),
                      region=context.get("region") or t("region.all"), budget=f"{plans[name].budget:,}",
                      allocated=f"{plans[name].allocated:,}", saved_at=context.get("saved_at", "")))
    counties = alloc.compare_counties(plans)
    cap = t("allocation.compare_caption", plans=" / ".join(chosen), n=len(counties))
    chart(charts.amount_bars(counties, "county_name", {n: n for n in chosen}, cap, t("allocation.compare_counties"),
                             t("unit.yuan")), f, key="compare_chart")
    table(counties, {"county_name": t("col.county_name"), **{n: n for n in chosen}}, "compare_counties", money=chosen)
    differ = alloc.compare_branches(plans, limit=PAGE_SIZE)
    st.markdown(f"**{t('allocation.compare_branches', n=PAGE_SIZE)}**")
    if differ.empty:
        st.caption(t("allocation.compare_same"))
    else:
        table(differ, {"branch_name": t("col.branch_name"), "county_name": t("col.county_name"), **{n: n for n in chosen},
                       "spread": t("allocation.col.spread")}, "compare_branches", money=(*chosen, "spread"), branches=True)


def delete(scope: str, names):
    """Delete a saved plan (asked twice: the name is chosen, then confirmed)."""
    with st.expander(t("allocation.delete")):
        name = st.selectbox(t("allocation.delete_pick"), names, index=None, key="alloc_delete_name")
        if name and st.button(t("allocation.delete_button", name=name), key="alloc_delete", type="secondary"):
            alloc.delete_plan(scope, name, by=current_account().name)
            st.session_state.pop("alloc_delete_name", None)
            st.rerun()
