"""The sidebar filters shared by every page: quarter, region (province → city → county → township)
and org type. Each widget is bound to the URL, so a link reproduces the view and the choice
survives switching pages."""
from collections import Counter

import streamlit as st

from domain.filters import Filters, choose
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
    (two 和平区 in different cities) is shown with its code to keep every option distinct.
    """
    if st.session_state.get(key, "") not in options:
        st.session_state[key] = ""
    counts = Counter(names.get(code) for code in options)
    shown = {code: names[code] if counts[names[code]] == 1 else f"{names[code]}({code})"
             for code in options if code}
    return st.selectbox(label, options, key=key, bind="query-params",
                        format_func=lambda code: shown.get(code, t("filter.all")))


def sidebar(scope: Scope) -> Filters | None:
    """Draw the filters; None when there is no data yet."""
    periods = run_query("periods", scope)["period"].tolist()
    if not periods:
        return None
    if st.session_state.get(state.PERIOD) not in periods:
        st.session_state[state.PERIOD] = periods[0]
    language = lang()
    period = st.selectbox(t("filter.period"), periods, key=state.PERIOD, bind="query-params",
                          format_func=lambda p: period_label(p, language))
    regions = run_query("regions", scope)
    province, city, county, township = _region_widgets(scope, regions)
    types = [""] + run_query("org_types", scope)["org_type"].tolist()
    org_type = _choose(state.ORG_TYPE, t("filter.org_type"), types, {x: x for x in types})
    return choose(scope, period, periods, regions, province, city, county, township, org_type, language)


def _region_widgets(scope, regions):
    province = city = county = township = ""
    provinces = dict(zip(regions.province_code, regions.province_name))
    if len(provinces) > 1:
        province = _choose(state.PROVINCE, t("filter.province"), [""] + sorted(provinces), provinces)
    rows = regions[regions.province_code == province] if province else regions
    cities = dict(zip(rows.city_code, rows.city_name))
    if len(cities) > 1:
        city = _choose(state.CITY, t("filter.city"), [""] + sorted(cities), cities)
    rows = rows[rows.city_code == city] if city else rows
    counties = dict(zip(rows.county_code, rows.county_name))
    county = _choose(state.COUNTY, t("filter.county"), [""] + sorted(counties), counties)
    if county:
        towns = run_query("townships", scope, county=county)["township"].tolist()
        township = _choose(state.TOWNSHIP, t("filter.township"), [""] + towns, {x: x for x in towns})
    return province, city, county, township
