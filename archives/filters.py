"""The sidebar filters shared by every page: quarter, region (province → city → county → township)
and org type. Each widget is bound to the URL, so a link reproduces the view and the choice
survives switching pages."""
from collections import Counter
from dataclasses import dataclass

import streamlit as st

from archives.data import run_query
from archives.i18n import t
from archives.scope import Scope

KEYS = ("q", "prov", "city", "county", "town", "type")


@dataclass(frozen=True)
class Filters:
    scope: Scope
    period: str
    province: str = ""
    city: str = ""
    county: str = ""
    township: str = ""
    org_type: str = ""
    region_label: str = ""
    level: str = "county"      # the level one step down, for comparisons
    previous: str | None = None

    @property
    def area(self) -> str:
        """The code prefix of the chosen region ('' = everything in scope)."""
        return self.county or self.city or self.province

    def params(self, **extra) -> dict:
        """The named parameters every page query takes."""
        return {"period": self.period, "area": self.area, "township": self.township,
                "org_type": self.org_type, **extra}


def period_label(period: str) -> str:
    """'2025Q4' -> '2025年第四季度' (or '2025 Q4')."""
    return t("period.label", year=period[:4], q=period[-1], q_cn="一二三四"[int(period[-1]) - 1])


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
    if st.session_state.get("q") not in periods:
        st.session_state["q"] = periods[0]
    period = st.selectbox(t("filter.period"), periods, key="q", bind="query-params", format_func=period_label)
    regions = run_query("regions", scope)
    province, city, county, township = _region_widgets(scope, regions)
    types = [""] + run_query("org_types", scope)["org_type"].tolist()
    org_type = _choose("type", t("filter.org_type"), types, {x: x for x in types})
    older = [p for p in periods if p < period]
    return Filters(scope=scope, period=period, province=province, city=city, county=county, township=township,
                   org_type=org_type, region_label=_label(regions, province, city, county, township),
                   level=_level(regions, province, city, county, township), previous=older[0] if older else None)


def _region_widgets(scope, regions):
    province = city = county = township = ""
    provinces = dict(zip(regions.province_code, regions.province_name))
    if len(provinces) > 1:
        province = _choose("prov", t("filter.province"), [""] + sorted(provinces), provinces)
    rows = regions[regions.province_code == province] if province else regions
    cities = dict(zip(rows.city_code, rows.city_name))
    if len(cities) > 1:
        city = _choose("city", t("filter.city"), [""] + sorted(cities), cities)
    rows = rows[rows.city_code == city] if city else rows
    counties = dict(zip(rows.county_code, rows.county_name))
    county = _choose("county", t("filter.county"), [""] + sorted(counties), counties)
    if county:
        towns = run_query("townships", scope, county=county)["township"].tolist()
        township = _choose("town", t("filter.township"), [""] + towns, {x: x for x in towns})
    return province, city, county, township


def _label(regions, province, city, county, township):
    if county:
        name = regions.loc[regions.county_code == county, "county_name"].iloc[0]
        return f"{name} {township}".strip()
    if city:
        return regions.loc[regions.city_code == city, "city_name"].iloc[0]
    if province:
        return regions.loc[regions.province_code == province, "province_name"].iloc[0]
    cities = regions.city_name.unique()
    return cities[0] if len(cities) == 1 else t("region.all")


def _level(regions, province, city, county, township):
    """Compare the regions one level down, skipping levels with a single region."""
    if township:
        return "branch"
    if county:
        return "township"
    if city:
        return "county"
    rows = regions[regions.province_code == province] if province else regions
    if not province and rows.province_code.nunique() > 1:
        return "province"
    return "city" if rows.city_code.nunique() > 1 else "county"


def drill_key(level: str) -> str | None:
    """The filter a click on a region at this level sets."""
    return {"province": "prov", "city": "city", "county": "county", "township": "town"}.get(level)
