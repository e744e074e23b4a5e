"""What a user has chosen to look at: scope, quarter, region and org type, as query parameters."""
from dataclasses import dataclass

from domain.indicators import is_missing
from domain.periods import period_label
from domain.regions import Level, comparison_level
from i18n import DEFAULT_LANGUAGE, t
from warehouse.scope import Scope

EXPORT_CAP = 200_000            # rows of one downloaded list (薄弱支部, the data desk, any page's table)


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
    level: Level = Level.COUNTY     # the level one step down, for comparisons
    previous: str | None = None

    @property
    def area(self) -> str:
        """The code prefix of the chosen region ('' = everything in scope)."""
        return self.county or self.city or self.province

    def params(self, **extra) -> dict:
        """The named parameters every page query takes."""
        return {"period": self.period, "area": self.area, "township": self.township,
                "org_type": self.org_type, **extra}

    def caption(self, n, lang: str = DEFAULT_LANGUAGE, periods=None) -> str:
        """Which quarter and region a chart shows, and how many branches are behind it; a trend over `periods`
        names the quarters it spans (a chart taken into a meeting must not claim one quarter)."""
        n = 0 if is_missing(n) else int(n)
        quarters = sorted(p for p in (periods if periods is not None else []) if isinstance(p, str))
        shown = period_label(self.period, lang) if len(quarters) < 2 else t(
            "caption.span", lang, first=period_label(quarters[0], lang), last=period_label(quarters[-1], lang))
        values = dict(period=shown, region=self.region_label, n=f"{n:,}")
        if self.org_type:
            return t("caption.chart_types", lang, org_type=self.org_type, **values)
        return t("caption.chart", lang, **values)


def choose(scope: Scope, period: str, periods, regions, province: str = "", city: str = "", county: str = "",
           township: str = "", org_type: str = "", lang: str = DEFAULT_LANGUAGE) -> Filters:
    """The Filters of a choice of quarter, region and org type, given the quarters on file (`periods`) and
    the counties in scope (the rows of queries/regions.sql): the region's name, the level one step down
    and the previous quarter. The sidebar and the briefing's command line both make their filters here."""
    older = [p for p in periods if p < period]
    in_view = regions[regions.province_code == province] if province else regions
    county = county or sole_county(in_view[in_view.city_code == city] if city else in_view)
    chosen = dict(province=province, city=city, county=county, township=township)
    level = comparison_level(chosen, provinces=in_view.province_code.nunique(), cities=in_view.city_code.nunique())
    return Filters(scope=scope, period=period, org_type=org_type, region_label=region_label(regions, lang=lang, **chosen),
                   level=level, previous=max(older) if older else None, **chosen)


def sole_county(regions) -> str:
    """The county of a view that holds only one (a county leader's whole scope), else '': such a view is that
    county, named so and compared by township, as if it had been chosen."""
    counties = regions.county_code.unique()
    return counties[0] if len(counties) == 1 else ""


def region_label(regions, province="", city="", county="", township="", lang: str = DEFAULT_LANGUAGE) -> str:
    """The chosen region in words: the county (and township), city or province; the city when the scope
    holds one city; else 全部地区."""
    if county:
        name = regions.loc[regions.county_code == county, "county_name"].iloc[0]
        return f"{name} {township}".strip()
    if city:
        return regions.loc[regions.city_code == city, "city_name"].iloc[0]
    if province:
        return regions.loc[regions.province_code == province, "province_name"].iloc[0]
    cities = regions.city_name.unique()
    return cities[0] if len(cities) == 1 else t("region.all", lang)


def first_row(df):
    return None if df.empty else df.iloc[0].to_dict()


def quarter_rows(totals, filters: Filters) -> tuple[dict, dict]:
    """The chosen quarter's row and the previous quarter's row of a per-quarter table ({} when absent)."""
    current = first_row(totals[totals.period == filters.period]) or {}
    previous = (first_row(totals[totals.period == filters.previous]) if filters.previous else None) or {}
    return current, previous
