"""Where an exported file comes from, printed on every chart, sheet, slide and page: the filters in words and the
data time (the last load), and in the footer who made it and when. Login (the next issue) fills `made_by`."""
import datetime
from dataclasses import dataclass, field

from domain.filters import Filters
from domain.periods import period_label
from i18n import DEFAULT_LANGUAGE, t
from warehouse.status import database_status

SOURCE_KEY = "provenance.source"     # 党建工作档案统计表: the form every number comes from


def _now() -> datetime.datetime:
    return datetime.datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class Provenance:
    scope_label: str                          # the region the export covers, e.g. 滦平县
    filters: str                              # the filters in words: quarter, region, township, org type
    data_time: datetime.datetime | None       # the last file loaded
    made_by: str = ""                         # the signed-in user; "" until login exists
    made_at: datetime.datetime = field(default_factory=_now)
    lang: str = DEFAULT_LANGUAGE

    def lines(self) -> list[str]:
        """What is printed above a table and on every slide and page: the filters, then the data time."""
        return [t("provenance.filters", self.lang, filters=self.filters), self.data_line()]

    def data_line(self) -> str:
        when = f"{self.data_time:%Y-%m-%d %H:%M}" if self.data_time else t("na", self.lang)
        return t("provenance.data_time", self.lang, time=when)

    def source_line(self) -> str:
        """The footnote of an exported chart: the source form, the filters, the data time, who made it and when."""
        return t("provenance.chart_note", self.lang, source=t(SOURCE_KEY, self.lang), filters=self.filters,
                 data=self.data_line(), footer=self.footer())

    def footer(self) -> str:
        """Who made the file and when: the footer of every sheet, slide and page."""
        when = f"{self.made_at:%Y-%m-%d %H:%M}"
        if self.made_by:
            return t("provenance.made_by", self.lang, user=self.made_by, time=when)
        return t("provenance.made_at", self.lang, time=when)


def filters_in_words(f: Filters, lang: str = DEFAULT_LANGUAGE) -> str:
    """'2025年第四季度 · 滦平县 · 全部组织类型': the quarter, the region (with its township) and the org type."""
    parts = [period_label(f.period, lang), f.region_label or t("region.all", lang),
             f.org_type or t("provenance.all_types", lang)]
    return " · ".join(parts)


def of_filters(f: Filters, lang: str = DEFAULT_LANGUAGE, made_by: str = "", db=None) -> Provenance:
    """The provenance of an export made now from these filters; the data time is read from the database."""
    return Provenance(scope_label=f.region_label or t("region.all", lang), filters=filters_in_words(f, lang),
                      data_time=database_status(db).loaded_at, made_by=made_by, lang=lang)
