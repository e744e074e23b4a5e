"""Page building blocks: the frame every page shares (navigation, language, filters), KPI cards,
captions, drill-down and branch tables."""

import streamlit as st

from archives import filters as filter_widgets
from archives.data import database_exists, run_query
from archives.filters import Filters, period_label
from archives.i18n import LANGUAGES, t
from archives.indicators import delta_color, fmt, fmt_delta, is_missing
from archives.scope import current_scope

BRANCH_PAGE = "pages/branch.py"
NAVIGATION = (  # (script, catalogue key, icon)
    ("dashboard.py", "nav.overview", ":material/dashboard:"),
    ("pages/completeness.py", "nav.completeness", ":material/folder_open:"),
    ("pages/classification.py", "nav.classification", ":material/category:"),
    ("pages/staff.py", "nav.staff", ":material/school:"),
    ("pages/funds.py", "nav.funds", ":material/payments:"),
    ("pages/branch.py", "nav.branch", ":material/badge:"),
    ("pages/weak.py", "nav.weak", ":material/warning:"),
    ("pages/allocation.py", "nav.allocation", ":material/account_balance:"),
    ("pages/data_desk.py", "nav.data_desk", ":material/upload_file:"),
)


def frame(title_key: str, needs_data: bool = True) -> Filters | None:
    """Set up a page: title, demo database on first start, language, navigation and filters.

    Returns the filters; with needs_data, explains what to do and stops when nothing is loaded yet.
    """
    st.set_page_config(page_title=f"{t(title_key)} · {t('app.title')}", page_icon="📁", layout="wide")
    ensure_database()
    with st.sidebar:
        st.segmented_control(t("app.language"), list(LANGUAGES), format_func=LANGUAGES.get, default="zh",
                             key="lang", bind="query-params")
        for script, key, icon in NAVIGATION:
            st.page_link(script, label=t(key), icon=icon)
        st.divider()
        scope = current_scope()
        if scope.prefix:
            st.caption(t("filter.scope", label=scope.label))
        filters = filter_widgets.sidebar(scope)
    if filters is None and needs_data:
        st.title(t(title_key))
        st.info(t("app.no_data"))
        st.markdown(t("app.no_data_hint"))
        st.stop()
    return filters


def ensure_database():
    """First start on a fresh checkout: build the demo database through the real ETL."""
    if database_exists():
        return
    from etl.db import db_path
    from etl.demo import build_demo
    with st.spinner(t("app.building_demo")):
        build_demo(db_path())


def caption(filters: Filters, n) -> str:
    """Which quarter and region a chart shows, and how many branches are behind it."""
    n = 0 if is_missing(n) else int(n)
    if filters.org_type:
        return t("caption.chart_types", period=period_label(filters.period), region=filters.region_label,
                 org_type=filters.org_type, n=f"{n:,}")
    return t("caption.chart", period=period_label(filters.period), region=filters.region_label, n=f"{n:,}")


def kpi_cards(indicators, current, previous, per_row=4):
    """One metric per indicator with its change since the previous quarter; '—' with a hint if undefined."""
    for start in range(0, len(indicators), per_row):
        cols = st.columns(per_row)
        for col, ind in zip(cols, indicators[start:start + per_row]):
            value, before = current.get(ind.key), previous.get(ind.key)
            col.metric(ind.label, fmt(ind, value), fmt_delta(ind, value, before), delta_color=delta_color(ind),
                       help=t("na.hint", why=ind.why_missing) if is_missing(value) else None, border=True)


def first_row(df):
    return None if df.empty else df.iloc[0].to_dict()


def quarter_rows(totals, filters: Filters) -> tuple[dict, dict]:
    """The chosen quarter's row and the previous quarter's row of a per-quarter table ({} when absent)."""
    current = first_row(totals[totals.period == filters.period]) or {}
    previous = (first_row(totals[totals.period == filters.previous]) if filters.previous else None) or {}
    return current, previous


def drill_chart(fig, filters: Filters, key: str):
    """Show a region chart; a click on a region narrows the filters to it."""
    if filter_widgets.drill_key(filters.level) is None:
        st.plotly_chart(fig, key=key)
        return
    st.plotly_chart(fig, key=key, on_select=lambda: _drill_from_selection(key, filters.level),
                    selection_mode="points")


def _drill_from_selection(chart_key: str, level: str):
    """on_select callback: it runs before the rerun, when the filter widgets may still be changed."""
    points = st.session_state[chart_key].selection.points
    if not points:
        return
    code = points[0].get("customdata")
    drill_to(level, code[0] if isinstance(code, list) else code)


def drill_to(level: str, region_code: str):
    """Narrow the filters to one region (called from a callback, before the widgets are drawn)."""
    if level == "township":
        st.session_state["town"] = region_code.split("/", 1)[1]
    else:
        st.session_state[filter_widgets.drill_key(level)] = region_code


def branch_table(df, columns: dict, key: str):
    """A table of branches; selecting a row opens that branch's profile."""
    if df.empty:
        st.caption(t("empty.no_rows"))
        return
    shown = df[list(columns)].rename(columns=columns)
    event = st.dataframe(shown, key=key, hide_index=True, on_select="rerun", selection_mode="single-row",
                         column_config=column_formats(columns), placeholder=t("na"))
    rows = (event or {}).get("selection", {}).get("rows", []) if event else []
    if rows:
        open_branch(df.iloc[rows[0]]["branch_code"])


def paged_branch_table(f: Filters, name: str, columns: dict, key: str, page_size: int = 20, **extra):
    """One page of branches from queries/<name>.sql (which returns `total`), with a page picker below."""
    page = st.session_state.get(f"{key}_page", 1)
    rows = run_query(name, f.scope, **f.params(limit=page_size, offset=(page - 1) * page_size, **extra))
    if rows.empty and page > 1:  # the list shrank since (other filters, new data): back to page 1
        st.session_state[f"{key}_page"] = page = 1
        rows = run_query(name, f.scope, **f.params(limit=page_size, offset=0, **extra))
    total = int(rows.total.iloc[0]) if len(rows) else 0
    if total:
        first = (page - 1) * page_size + 1
        st.caption(t("list.count", total=f"{total:,}", first=first, last=first + len(rows) - 1))
    branch_table(rows, columns, key=key)
    if total > page_size:
        st.number_input(t("list.page"), min_value=1, max_value=-(-total // page_size), key=f"{key}_page")
    return rows


def open_branch(code: str):
    st.session_state["branch"] = code
    st.switch_page(BRANCH_PAGE, query_params={"branch": code})


RATE_COLUMNS = {"completeness", "digitisation", "classification_accuracy", "training_coverage",
                "fund_utilisation", "ringfence_compliance", "scheme_adoption", "room_rate", "submission_rate"}


def column_formats(columns: dict) -> dict:
    """Rates as percentages and money with two decimals, by canonical column name."""
    config = {}
    for name, label in columns.items():
        if name in RATE_COLUMNS:
            config[label] = st.column_config.NumberColumn(label, format="percent")
        elif name.startswith("funds_"):
            config[label] = st.column_config.NumberColumn(label, format="%.2f")
    return config
