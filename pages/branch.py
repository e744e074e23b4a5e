"""支部档案 (branch profile): one branch's register entry, its quarterly forms and trends, where it stands
against its county and the whole scope this quarter, and which files its numbers came from."""
import pandas as pd
import streamlit as st

from charts import figures as charts
from domain import indicators as ind
from domain.desk import file_label
from domain.money import in_wan
from domain.periods import period_label
from ui import state
from ui.data import run_query
from ui.downloads import chart
from ui.frame import frame
from ui.session import lang, t
from ui.widgets import column_formats, first_row, table_downloads

RATES = (ind.COMPLETENESS, ind.DIGITISATION, ind.ACCURACY, ind.TRAINING, ind.UTILISATION, ind.RINGFENCE)
TRENDS = (ind.COMPLETENESS, ind.ACCURACY, ind.TRAINING, ind.UTILISATION)


def labelled(df, prefix):
    """The table with catalogue labels as headers, and how to show its rates and money."""
    names = {c: ind.BY_KEY[c].label(language) if c in ind.RATE_COLUMNS else t(f"{prefix}.{c}") for c in df}
    return in_wan(df).rename(columns=names), column_formats(names)


f = frame("nav.branch")
language = lang()
when = period_label(f.period, language)
st.title(t("branch.title"))
by_code, by_name = st.columns(2)
code = by_code.text_input(t("branch.code"), key=state.BRANCH, bind="query-params",
                          placeholder=t("branch.code_placeholder")).strip()
name = by_name.text_input(t("branch.search"), key=state.BRANCH_SEARCH, placeholder=t("branch.search_placeholder")).strip()
found = run_query("branch_search", f.scope, **f.params(text=name)).set_index("branch_code") if name else None
if found is not None and found.empty:
    by_name.caption(t("branch.no_match"))
elif found is not None:  # choosing a match puts its code in the code box (and the URL)
    by_name.selectbox(t("branch.matches", n=len(found)), found.index, index=None, key=state.BRANCH_PICK,
                      format_func=lambda c: t("branch.match_label", code=c, **found.loc[c]),
                      on_change=lambda: st.session_state.update({state.BRANCH: st.session_state[state.BRANCH_PICK]}))
if not code:
    st.info(t("branch.pick_hint"))
    st.stop()
entry = first_row(run_query("branch_register", f.scope, code=code))
if entry is not None:
    entry["register_file"] = file_label(entry["register_file"], language)
if entry is None:
    st.warning(t("branch.not_found", code=code))
    st.stop()

st.header(entry["branch_name"])
register, position = st.columns([2, 3])
with register:
    st.subheader(t("branch.register"))
    st.table(pd.DataFrame({t("branch.field"): [t(f"branch.reg.{c}") for c in entry],
                           t("branch.value"): [t("na") if ind.is_missing(v) else str(v) for v in entry.values()]}),
             hide_index=True, border="horizontal")
with position:
    st.subheader(t("branch.position", period=when))
    pos = run_query("branch_position", f.scope, code=code, county=entry["county_code"], period=f.period)
    pos["name"] = pos.level.map({"branch": t("branch.this_branch")}).fillna(pos["name"]).fillna(t("region.all"))
    own = first_row(pos[pos.level == "branch"]) or {}
    if not own.get("has_row"):
        st.info(t("branch.not_submitted", period=when))
    ranked = not ind.is_missing(own.get("completeness_rank"))
    rank, share = st.columns(2)
    rank.metric(t("branch.rank"), t("branch.rank_value", rank=own["completeness_rank"], n=own["ranked_branches"])
                if ranked else t("na"), help=t("branch.rank_hint"), border=True)
    share.metric(t("branch.percentile"), ind.fmt(ind.COMPLETENESS, own.get("completeness_percentile"), language),
                 help=t("branch.rank_hint"), border=True)
    others = pos[pos.level != "branch"].set_index("level")
    cap = t("branch.position_caption", period=when, county=others.name.get("county", ""),
            n_county=f"{int(others.registered.get('county', 0)):,}", scope=others.name.get("scope", ""),
            n_scope=f"{int(others.registered.get('scope', 0)):,}")
    chart(charts.level_bars(pos, RATES, cap, t("branch.position_chart"), lang=language), f, key="position")
    st.table(pd.DataFrame({t("branch.indicator"): [i.label(language) for i in RATES],
                           **{r["name"]: [ind.fmt(i, r[i.key], language) for i in RATES] for _, r in pos.iterrows()}}),
             hide_index=True, border="horizontal")

quarters = run_query("branch_quarters", f.scope, code=code)
if quarters.empty:
    st.caption(t("branch.no_quarters"))
else:
    span = dict(first=quarters.period.iloc[0], last=quarters.period.iloc[-1], name=entry["branch_name"])
    chart(charts.small_trends(quarters, TRENDS, t("branch.trend_caption", **span), t("branch.trends"),
                              lang=language), f, key="trends")
    st.subheader(t("branch.quarters"))
    quarters["source_file"] = [file_label(x, language) if has else None
                               for x, has in zip(quarters.source_file, quarters.has_row)]
    table, config = labelled(quarters, "branch.form")
    st.dataframe(table, column_config=config, hide_index=True, placeholder=t("na"), key="quarters")
    table_downloads(quarters, dict(zip(quarters.columns, table.columns)), f, "quarters")

st.subheader(t("branch.loads"))
st.caption(t("branch.loads_hint"))
loads = run_query("branch_loads", f.scope, code=code)
loads["outcome"] = loads.outcome.map(lambda o: t(f"branch.outcome.{o}"))
loads["source_file"] = [file_label(x, language) for x in loads.source_file]
table, config = labelled(loads, "branch.load")
if loads.empty:
    st.caption(t("branch.no_loads"))
else:
    st.dataframe(table, column_config=config, hide_index=True, placeholder=t("na"), key="loads")
    table_downloads(loads, dict(zip(loads.columns, table.columns)), f, "loads")
