"""The sidebar filters shared by every page: quarter, region (province → city → county → township)
and org type. Each widget is bound to the URL, so a link reproduces the view and the choice
survives switching pages."""
from collections import Counter

import streamlit as st

from domain.filters import Filters, choose, sole_county
from domain.periods import period_label
from domain.regions import Level
from ui import state
from ui.data import run_query
from ui.session import lang, t
from warehouse.scope import Scope

# The filter a click on a region shown at a level sets.
DRILL_KEYS = {Level.PROVINCE: state.PROVINCE, Level.CITY: state.CITY, Level.COUNTY: state.COUNTY,
              Level.TOWNSHIP: state.TOWNSHIP}


def _choose(key, label, options, names):
    """A selectbox bound to the URL whose first option '' means all.

    The URL carries the option as displayed (a readable name), so a name shared by two regions
    (two 和平区 in different cities) is shown with its code to keep every option distinct. A link may
    also name a region by its code.
    """
    counts = Counter(names.get(code) for code in options)
    shown = {code: names[code] if counts[names[code]] == 1 else f"{names[code]}({code})"
             for code in options if code}
    linked = st.query_params.get(key)
    if linked and linked in options:                   # a code instead of a name
        st.session_state[key] = linked
    if st.session_state.get(key, "") not in options:
        st.session_state[key] = ""
    everything = t("filter.all")     # once: a national list has thousands of options
    return st.selectbox(label, options, key=key, bind="query-params",
                        format_func=lambda code: shown.get(code, everything))


def _outside_scope(key, allowed: dict) -> bool:
    """Whether the link, or what the session still holds, names a region at this level that is not in the
    user's scope (`allowed`: code → name of every region there). It is then forgotten."""
    linked, held = st.query_params.get(key), st.session_state.get(key, "")
    known = set(allowed) | set(allowed.values()) | {f"{n}({c})" for c, n in allowed.items()} | {t("filter.all")}
    outside = bool(linked and linked not in known) or bool(held and held not in allowed)
    if outside:
        st.session_state[key] = ""      # the widget then writes its own value back into the URL
    return outside


def sidebar(scope: Scope) -> Filters | None:
    """Draw the filters; None when there is no data yet."""
    periods = run_query("periods", scope)["period"].tolist()
    if not periods:
        return None
    language = lang()
    linked = st.query_params.get(state.PERIOD)
    if linked and linked not in periods and linked not in [period_label(p, language) for p in periods]:
        st.warning(t("auth.url_ignored", what=t("filter.period")), icon=":material/block:")
    if st.session_state.get(state.PERIOD) not in periods:
        st.session_state[state.PERIOD] = periods[0]
    period = st.selectbox(t("filter.period"), periods, key=state.PERIOD, bind="query-params",
                          format_func=lambda p: period_label(p, language))
    regions = run_query("regions", scope)
    province, city, county, township = _region_widgets(scope, regions)
    types = [""] + run_query("org_types", scope)["org_type"].tolist()
    org_type = _choose(state.ORG_TYPE, t("filter.org_type"), types, {x: x for x in types})
    return choose(scope, period, periods, regions, province, city, county, township, org_type, language)


def names(rows, code: str, name: str) -> dict:
    """{code: name} of a regions table (lists first: iterating Arrow strings one by one is slow)."""
    return dict(zip(rows[code].tolist(), rows[name].tolist()))


def _region_widgets(scope, regions):
    """The region selectboxes, one level below the other; levels with a single region are not drawn. A link
    naming a region outside the scope, at any level, by name or by code, is ignored with one notice."""
    levels = {state.PROVINCE: ("province_code", "province_name"), state.CITY: ("city_code", "city_name"),
              state.COUNTY: ("county_code", "county_name")}
    everywhere = {key: names(regions, code, name) for key, (code, name) in levels.items()}
    ignored = [key for key, allowed in everywhere.items() if _outside_scope(key, allowed)]
    province = city = county = township = ""
    provinces = everywhere[state.PROVINCE]
    if len(provinces) > 1:
        province = _choose(state.PROVINCE, t("filter.province"), [""] + sorted(provinces), provinces)
    rows = regions[regions.province_code == province] if province else regions
    cities = names(rows, "city_code", "city_name")
    if len(cities) > 1:
        city = _choose(state.CITY, t("filter.city"), [""] + sorted(cities), cities)
    rows = rows[rows.city_code == city] if city else rows
    counties = names(rows, "county_code", "county_name")
    county = _choose(state.COUNTY, t("filter.county"), [""] + sorted(counties), counties) or sole_county(rows)
    if county:
        towns = run_query("townships", scope, county=county)["township"].tolist()
        if _outside_scope(state.TOWNSHIP, {x: x for x in towns}):
            ignored.append(state.TOWNSHIP)
        township = _choose(state.TOWNSHIP, t("filter.township"), [""] + towns, {x: x for x in towns})
    if ignored:
        st.warning(t("auth.url_ignored", what=t("filter.region")), icon=":material/block:")
    return province, city, county, township
