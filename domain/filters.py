"""What a user has chosen to look at: scope, quarter, region and org type, as query parameters."""
from dataclasses import dataclass

from domain.indicators import is_missing
from domain.periods import period_label
from domain.regions import Level
from i18n import DEFAULT_LANGUAGE, t
from warehouse.scope import Scope


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

    def caption(self, n, lang: str = DEFAULT_LANGUAGE) -> str:
        """Which quarter and region a chart shows, and how many branches are behind it."""
        n = 0 if is_missing(n) else int(n)
        values = dict(period=period_label(self.period, lang), region=self.region_label, n=f"{n:,}")
        if self.org_type:
            return t("caption.chart_types", lang, org_type=self.org_type, **values)
        return t("caption.chart", lang, **values)
