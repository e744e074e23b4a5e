"""分类质量: spot-check classification accuracy and scheme adoption with 95% intervals for small samples,
whether trained archive staff classify better, and branches ranked fairly (shrunk estimates)."""
import streamlit as st

from charts import figures as charts
from domain import indicators as ind
from domain.regions import Level
from domain.stats import PRIOR_STRENGTH
from ui.data import run_query
from ui.downloads import chart
from ui.frame import frame
from ui.session import lang, t
from ui.widgets import branch_table, caption, drill_chart, kpi_cards, page_of, pager, quarter_rows, table_downloads, whole_list

SAMPLE = 2000
BOUNDS = {ind.ACCURACY: ("accuracy_low", "accuracy_high"), ind.SCHEME: ("scheme_low", "scheme_high")}
f = frame("nav.classification")
language = lang()
st.title(t("classification.title"))

totals = run_query("classification_trend", f.scope, **f.params())
current, previous = quarter_rows(totals, f)
registered = current.get("registered", 0)
st.caption(caption(f, registered))
kpi_cards(list(BOUNDS), current, previous)
if current:
    st.caption(t("classification.kpi_interval", sampled=f"{current['docs_sampled']:,.0f}",
                 answered=f"{current['scheme_answered']:,.0f}",
                 accuracy=charts.interval_text(ind.ACCURACY, current["accuracy_low"], current["accuracy_high"], language),
                 scheme=charts.interval_text(ind.SCHEME, current["scheme_low"], current["scheme_high"], language)))

if f.level is not Level.BRANCH:
    st.subheader(t("classification.by_region"))
    regions = run_query("classification_by_region", f.scope, **f.params(level=f.level))
    for column, (rate, (low, high)) in zip(st.columns(2), BOUNDS.items()):
        with column:
            drill_chart(charts.region_interval_bars(regions, rate, low, high, caption(f, regions.registered.sum()),
                                                    t("classification.interval"), lang=language), f,
                        key=f"regions_{rate.key}")
    st.caption(t("classification.region_hint"))
chart(charts.trend(totals, list(BOUNDS), caption(f, registered, totals.period.tolist()), t("classification.trend"),
                   lang=language), f, key="trend")

st.subheader(t("classification.training"))
groups = run_query("classification_by_training", f.scope, **f.params()).set_index("key")
gap = ind.fmt_delta(ind.ACCURACY, groups.classification_accuracy["trained"],
                    groups.classification_accuracy["untrained"], language)
for column, name in zip(st.columns(2), ("trained", "untrained")):
    group = groups.loc[name]
    column.metric(t(f"classification.{name}"), ind.fmt(ind.ACCURACY, group.classification_accuracy, language),
                  t("classification.vs_untrained", delta=gap) if gap and name == "trained" else None, border=True,
                  help=t("classification.group_help", branches=f"{group.branches:,}", checked=f"{group.checked:,}",
                         sampled=f"{group.docs_sampled:,.0f}",
                         interval=charts.interval_text(ind.ACCURACY, group.accuracy_low, group.accuracy_high, language)))
bands = groups[groups.kind == "band"].reset_index()
bands["band"] = [t(f"classification.band.{key}") for key in bands.key]
sample = run_query("classification_scatter", f.scope, **f.params(limit=SAMPLE))
left, right = st.columns(2)
with left:
    chart(charts.interval_bars(
    bands, "band", ind.ACCURACY, "accuracy_low", "accuracy_high", caption(f, bands.branches.sum()),
    t("classification.by_band"), t("classification.interval"),
    details={c: t(f"classification.detail.{c}") for c in ("branches", "checked", "docs_sampled")}, lang=language),
          f, key="bands")
with right:
    chart(charts.jitter_scatter(
    sample, "training_coverage", "classification_accuracy", "docs_sampled",
    caption(f, sample.total.max() if len(sample) else 0) + t("classification.sample_note", shown=f"{len(sample):,}"),
    t("classification.scatter"), t("classification.axis.coverage"), t("classification.axis.accuracy"),
    t("classification.axis.sampled"), text="branch_name"), f, key="scatter")
st.caption(t("classification.association_note"))

st.subheader(t("classification.ranking"))
ranked = int(bands.checked.sum())  # = branches with docs_sampled > 0, the ones the ranking holds
worst_first = st.toggle(t("classification.worst_first"), value=True, key="ranking_worst_first")
st.caption(t("classification.ranking_count", ranked=f"{ranked:,}", not_checked=f"{int(bands.branches.sum()) - ranked:,}"))
params = f.params(worst_first=worst_first)
rows, _ = page_of("classification_ranking", f.scope, params, "ranking", total=ranked)
columns = {"rank": t("classification.col.rank"), "branch_name": t("col.branch_name"), "county_name": t("col.county_name"),
           "township": t("col.township"), "docs_sampled": t("classification.col.docs_sampled"),
           "docs_correct": t("classification.col.docs_correct"), "classification_accuracy": t("classification.col.accuracy"),
           "interval": t("classification.col.interval"), "accuracy_shrunk": t("classification.col.shrunk"),
           "prior_mean": t("classification.col.prior"), "uses_standard_scheme": t("classification.col.scheme")}
branch_table(charts.ranking_as_shown(rows, language), columns, key="ranking")
pager("ranking", ranked)
table_downloads(lambda: charts.ranking_as_shown(whole_list("classification_ranking", f.scope, params), language),
                columns, f, "ranking")
st.caption(t("classification.ranking_method", k=PRIOR_STRENGTH))
