"""薄弱支部: where help should go. Resource score (what a branch has) against performance score (what it achieves) in
four quadrants, a ranked list saying why, and non-submitters apart, never scored. Formulas: docs/indicators.md."""
import streamlit as st

from charts import figures as charts
from domain import weak
from domain.periods import period_label
from domain.stats import PRIOR_STRENGTH
from exports import weak_sheet
from exports.writer import XLSX_MIME
from ui.data import run_query
from ui.downloads import chart, download, provenance
from ui.frame import frame
from ui.session import lang, t
from ui.widgets import branch_table, caption, count_caption, open_branch, page_of, pager, table_downloads

SAMPLE = 2000


def settings() -> tuple[dict, dict]:
    """Weights, cut-offs and the training target, editable; the defaults live in domain/weak.py."""
    with st.expander(t("weak.settings"), icon=":material/tune:"), st.form("weak_settings", border=False):
        st.markdown(t("weak.settings.formulas", k=PRIOR_STRENGTH))
        weights = {}
        for heading, group in (("resource", weak.RESOURCE), ("performance", weak.PERFORMANCE)):
            st.markdown(t(f"weak.settings.{heading}"))
            for col, (k, default) in zip(st.columns(len(weak.RESOURCE)), group.items()):
                weights[k] = col.number_input(t(f"weak.w.{k}"), 0.0, 10.0, default, 0.05, key=f"weak_w_{k}")
        st.markdown(t("weak.settings.cuts"))
        cuts = {k: col.number_input(t(f"weak.cut.{k}"), 0.5 if k == "hours_target" else 0.0, 100.0, default, 5.0,
                                    key=f"weak_{k}") for col, (k, default) in zip(st.columns(5), weak.CUTS.items())}
        st.form_submit_button(t("weak.apply"), key="weak_apply")  # one rerun for several changes: each re-scores
    for heading, group in (("resource", weak.RESOURCE), ("performance", weak.PERFORMANCE)):
        if not any(weights[k] for k in group):
            st.error(t("weak.weights_zero", score=t(f"weak.score.{heading}")))
            st.stop()
    return weights, cuts


def paged(group: str, total: int, columns: dict, key: str):
    """One page of a group's branches with the pager and the whole group as csv; a row opens the profile."""
    rows, _ = page_of("weak_list", f.scope, {**params, "group": group}, key, total=total)
    count_caption(key, total, len(rows))
    branch_table(weak.shown(rows, language), columns, key=key)
    pager(key, total)
    table_downloads(lambda: weak.shown(weak_sheet.fetch(f.scope, {**params, "group": group}), language), columns, f,
                    key, formats=("csv",))


f = frame("nav.weak", needs="plan")
language = lang()
st.title(t("weak.title"))
st.caption(t("weak.intro"))
weights, cuts = settings()
median = run_query("funds_median", f.scope, **f.params()).funds_median.iloc[0]
params = f.params(**weak.query_params(weights, cuts, language, median))
counts = run_query("weak_quadrants", f.scope, **params).to_dict("records")[0]  # one row; ints stay ints

for col, group in zip(st.columns(5), (*weak.GROUPS, "unknown")):
    col.metric(t(f"weak.group.{group}"), f"{counts[group]:,}", help=t(f"weak.group_help.{group}"), border=True)
sample = run_query("weak_sample", f.scope, **params, limit=SAMPLE)
event = chart(charts.quadrant_scatter(
    sample, "resource_score", "performance_score", "quadrant", {g: t(f"weak.group.{g}") for g in weak.GROUPS},
    cuts["resource_cut"], cuts["performance_cut"],
    caption(f, counts["scored"]) + t("weak.sample_note", shown=f"{len(sample):,}"), t("weak.chart_title"),
    t("weak.score.resource"), t("weak.score.performance"), text="branch_name", key_col="branch_code"),
    f, key="weak_scatter", on_select="rerun", selection_mode="points")
if event and event.selection.points:
    open_branch(event.selection.points[0]["customdata"])
st.caption(weak.notes(counts, language))

ranked, unknown = st.tabs([t("weak.tab.ranked"), t("weak.tab.unknown")], key="weak_tab", on_change="rerun")
if ranked.open:
    with ranked:
        group = st.segmented_control(t("weak.filter_group"), (*weak.GROUPS, ""), default="under", required=True,
                                     format_func=lambda g: t(f"weak.group.{g or 'all'}"), key="weak_group")
        total = counts[group or "scored"]
        st.caption(t(f"weak.order.{group or 'all'}"))
        paged(group, total, weak.columns(language), "weak_list")
        st.caption(t("weak.export_capped" if total > weak.EXPORT_CAP else "weak.export_note",
                     total=f"{total:,}", cap=f"{weak.EXPORT_CAP:,}"))
        context = {"period": period_label(f.period, language), "region": f.region_label,
                   "group": t(f"weak.group.{group or 'all'}")}
        origin = provenance(f)
        download(t("action.download_xlsx"), lambda: weak_sheet.export(f.scope, {**params, "group": group}, total, context,
                                                                     language, origin),
                 t("weak.xlsx.file", period=f.period), XLSX_MIME, key="weak_xlsx")
if unknown.open:
    with unknown:
        st.caption(t("weak.unknown_count", not_submitted=f"{counts['not_submitted']:,}",
                     unscorable=f"{counts['unscorable']:,}"))
        paged("unknown", counts["unknown"], weak.columns(language, unknown=True), "weak_unknown")
