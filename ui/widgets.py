"""Page building blocks: KPI cards, branch tables, the one pager, drill-down charts and the quarter's rows."""
import math

import streamlit as st

import warehouse
from domain.filters import Filters, first_row, quarter_rows  # noqa: F401 (pages import them from here)
from domain.indicators import RATE_COLUMNS, delta_arrow, delta_color, fmt, fmt_delta, is_missing
from domain.money import in_wan
from domain.regions import Level
from exports.tables import EXPORT_CAP
from ui import downloads, state
from ui.data import run_query
from ui.downloads import chart
from ui.filters import DRILL_KEYS
from ui.session import lang, t

BRANCH_PAGE = "pages/branch.py"
PAGE_SIZE = 20


def kpi_cards(indicators, current, previous, per_row=4):
    """One metric per indicator with its change since the previous quarter; '—' with a hint if undefined."""
    language = lang()
    for start in range(0, len(indicators), per_row):
        cols = st.columns(per_row)
        for col, ind in zip(cols, indicators[start:start + per_row]):
            value, before = current.get(ind.key), previous.get(ind.key)
            delta = fmt_delta(ind, value, before, language)
            col.metric(ind.label(language), fmt(ind, value, language), delta,
                       delta_color=delta_color(ind, delta), delta_arrow=delta_arrow(delta), border=True,
                       help=t("na.hint", why=ind.why_missing(language)) if is_missing(value) else None)


def caption(filters: Filters, n, periods=None) -> str:
    """Which quarter (or, for a trend, quarters) and region a chart shows, and how many branches are behind it."""
    return filters.caption(n, lang(), periods)


# ---------------------------------------------------------------- regions

def drill_chart(fig, filters: Filters, key: str):
    """Show a region chart with its downloads; a click on a region narrows the filters to it."""
    if not filters.level.drills:
        chart(fig, filters, key)
        return
    chart(fig, filters, key, on_select=lambda: _drill_from_selection(key, filters.level), selection_mode="points")


def _drill_from_selection(chart_key: str, level: Level):
    """on_select callback: it runs before the rerun, when the filter widgets may still be changed."""
    points = st.session_state[chart_key].selection.points
    if not points:
        return
    code = points[0].get("customdata")
    drill_to(level, code[0] if isinstance(code, list) else code)


def drill_to(level: Level, region_code: str):
    """Narrow the filters to one region (called from a callback, before the widgets are drawn). At the
    township level a region's code is the township's name (queries/build/access.sql: area_sums)."""
    st.session_state[DRILL_KEYS[level]] = region_code


# ---------------------------------------------------------------- tables and the pager

def column_formats(columns: dict) -> dict:
    """Rates as percentages and money (in 万元, domain.money.in_wan) with two decimals, by canonical column name."""
    config = {}
    for name, label in columns.items():
        if name in RATE_COLUMNS:
            config[label] = st.column_config.NumberColumn(label, format="percent")
        elif name.startswith("funds_"):
            config[label] = st.column_config.NumberColumn(label, format="%.2f")
    return config


def branch_table(df, columns: dict, key: str):
    """A table of branches; selecting a row opens that branch's profile."""
    if df.empty:
        st.caption(t("empty.no_rows"))
        return
    shown = in_wan(df)[list(columns)].rename(columns=columns)
    event = st.dataframe(shown, key=key, hide_index=True, on_select="rerun", selection_mode="single-row",
                         column_config=column_formats(columns), placeholder=t("na"))
    rows = (event or {}).get("selection", {}).get("rows", []) if event else []
    if rows:
        open_branch(df.iloc[rows[0]]["branch_code"])


def open_branch(code: str):
    st.session_state[state.BRANCH] = code
    st.switch_page(BRANCH_PAGE, query_params={state.BRANCH: code})


def page_of(name: str, scope, params: dict, key: str, page_size: int = PAGE_SIZE, total: int | None = None):
    """One page of queries/<name>.sql as chosen by the pager `key`, and how many rows there are in all
    (the query's `total` column, unless given). Back to page 1 when the list shrank under the pager."""
    pager_key = state.page(key)
    page = st.session_state.get(pager_key, 1)
    rows = run_query(name, scope, **params, limit=page_size, offset=(page - 1) * page_size)
    if rows.empty and page > 1:
        st.session_state[pager_key] = page = 1
        rows = run_query(name, scope, **params, limit=page_size, offset=0)
    if total is None:
        total = int(rows.total.iloc[0]) if len(rows) else 0
    return rows, total


def current_page(key: str) -> int:
    return st.session_state.get(state.page(key), 1)


def pager(key: str, total: int, page_size: int = PAGE_SIZE):
    """The page picker under a table of `total` rows (nothing when one page holds them all)."""
    if total > page_size:
        st.pagination(math.ceil(total / page_size), key=state.page(key))


def count_caption(key: str, total: int, shown: int, page_size: int = PAGE_SIZE):
    """'共 N 个支部,当前显示第 a–b 个'."""
    if total:
        first = (current_page(key) - 1) * page_size + 1
        st.caption(t("list.count", total=f"{total:,}", first=first, last=first + shown - 1))


@st.fragment
def paged_branch_table(f: Filters, name: str, columns: dict, key: str, page_size: int = PAGE_SIZE, **extra):
    """One page of branches from queries/<name>.sql (which returns `total`), with the pager below and the
    whole list (fetched on click) as xlsx and csv. A fragment: turning its pages reruns this table only."""
    rows, total = page_of(name, f.scope, f.params(**extra), key, page_size)
    count_caption(key, total, len(rows), page_size)
    branch_table(rows, columns, key=key)
    pager(key, total, page_size)
    if total:
        table_downloads(lambda: whole_list(name, f.scope, f.params(**extra)), columns, f, key)


def whole_list(name: str, scope, params: dict):
    """Every row of a paged question, up to the export cap, read past the cache (a download is a one-off)."""
    return warehouse.run_query(name, scope, **params, limit=EXPORT_CAP, offset=0)


def table_downloads(rows, columns: dict, f: Filters, key: str, **options):
    """xlsx and csv of a table, titled from the catalogue (download.title.<key>)."""
    downloads.table(rows, columns, f, key, t(f"download.title.{key}"), **options)


def page_slice(df, key: str, page_size: int):
    """One page of a table already in memory, with the pager below it drawn by pager()."""
    pages = max(1, math.ceil(len(df) / page_size))
    page = min(current_page(key), pages)
    return df.iloc[(page - 1) * page_size:page * page_size]
