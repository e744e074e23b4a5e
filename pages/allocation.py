"""经费分配 (fund allocation planner): the leader sets a budget and rules, the page splits it between the
branches in view (base + need, floor, cap, cuts for misuse and low use), then saves, compares and exports."""
import streamlit as st

from domain import allocation as alloc
from domain.periods import period_label
from ui import allocation as planner
from ui import state
from ui.frame import frame
from ui.session import lang, t
from ui.widgets import caption

f = frame("nav.allocation", needs="plan")
st.title(t("allocation.title"))
st.caption(t("allocation.intro"))
context = {"period": f.period, "area": f.area, "township": f.township, "org_type": f.org_type, "region": f.region_label}
with st.expander(t("allocation.how")):
    st.markdown(t("allocation.explain", **alloc.explain_values(alloc.Rules(), lang())))
view = planner.inputs(f)
submitted = None
if view:
    inputs, branches = view
    st.info(t("allocation.scope", region=f.region_label, org_type=f" · {f.org_type}" if f.org_type else "",
              n=f"{len(branches):,}", period=period_label(f.period, lang())) + "  \n" + t("allocation.scope_hint"))
    form_key = "_".join(context[k] for k in ("period", "area", "township", "org_type"))
    submitted = planner.rules_form(alloc.suggested_budget(branches), form_key)
    if submitted:
        planner.compute(branches, inputs, submitted, context)
if state.ALLOCATION in st.session_state:
    plan, made_for = st.session_state[state.ALLOCATION]
    if made_for == context:
        st.header(t("allocation.result"))
        planner.show_plan(plan, caption(f, len(plan.rows)), f)
        planner.save_and_export(plan, context, f.scope.prefix, f)
    else:
        st.info(t("allocation.stale"))
elif not submitted:
    st.caption(t("allocation.pick_hint"))
planner.compare(f.scope.prefix, f)
