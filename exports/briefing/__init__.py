"""The briefing pack (简报): one file, PPTX or PDF, for a quarter and region, made from the dashboard's own
questions. The 简报 page and `python -m briefing` both call make(); the command line also names its region by
code (filters_for) and bursts one pack per county (sub_regions)."""
import re

from domain import allocation as alloc
from domain.filters import Filters, choose
from exports.briefing import content, document, slides
from exports.provenance import Provenance, of_filters
from i18n import t
from warehouse import EVERYTHING, run_query
from warehouse.scope import region_scope

FORMATS = {"pptx": slides.MIME, "pdf": document.MIME}
RENDER = {"pptx": slides.render, "pdf": document.render}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


class PackError(RuntimeError):
    """A pack that cannot be made: `code` names why, the message (Chinese by default) says it in words."""

    def __init__(self, code: str, lang: str = "zh", **details):
        self.code, self.details = code, details
        super().__init__(t(f"brief.error.{code}", lang, **details))


def make(f: Filters, fmt: str = "pptx", lang: str = "zh", plan_name: str = "", provenance: Provenance | None = None
         ) -> bytes:
    """The pack's bytes for these filters; `plan_name` adds a saved allocation plan of the user's scope."""
    if fmt not in FORMATS:
        raise PackError("format", lang, fmt=fmt)
    plan = saved_plan(f.scope.prefix, plan_name, lang) if plan_name else None
    pack = content.gather(f, provenance or of_filters(f, lang), lang, plan)
    return RENDER[fmt](pack)


def saved_plan(scope_prefix: str, name: str, lang: str = "zh") -> tuple:
    """(name, Plan, context) of the plan saved under this scope (domain.allocation, in the operational store)."""
    try:
        plan, context = alloc.load_plan(scope_prefix, name)
    except alloc.AllocationError as error:
        if error.code != "no_plan":
            raise PackError("plan_name", lang, reason=error.message(lang)) from error
        saved = "、".join(alloc.saved_plans(scope_prefix)) or t("brief.error.no_plans", lang)
        raise PackError("plan_missing", lang, name=name, saved=saved) from error
    return name, plan, context


def filters_for(region: str, period: str, lang: str = "zh") -> Filters:
    """The filters of a pack for a region code ('' all, 2, 4 or 6 digits) and quarter: the region is the pack's
    scope (warehouse.region_scope), so nothing outside it can be asked."""
    scope = region_scope(region)
    periods = run_query("periods", scope)["period"].tolist()
    regions = run_query("regions", scope)
    if not periods and run_query("periods", EVERYTHING).empty:
        raise PackError("no_data", lang)
    if regions.empty:
        raise PackError("no_region", lang, region=region or t("region.all", lang))
    if period not in periods:
        shown = "、".join(periods[:8])    # not empty: the region has rows, so it has quarters
        raise PackError("no_period", lang, period=period, region=region or t("region.all", lang), periods=shown)
    chosen = {6: "county", 4: "city", 2: "province"}
    picks = {chosen[len(region)]: region} if region else {}
    return choose(scope, period, periods, regions, lang=lang, **picks)


def sub_regions(region: str, level: str = "county") -> list:
    """The codes of the counties (or cities) inside a region, for one pack each."""
    regions = run_query("regions", region_scope(region))
    column = {"county": "county_code", "city": "city_code"}[level]
    return sorted(regions[column].unique())


def file_name(f: Filters, fmt: str, lang: str = "zh") -> str:
    """'2025Q4_滦平县_党建档案简报.pptx': safe on every file system."""
    name = t("brief.file", lang, period=f.period, region=f.region_label or t("region.all", lang),
             org_type=f"_{f.org_type}" if f.org_type else "")
    return f"{_UNSAFE.sub('_', name)}.{fmt}"


__all__ = ["FORMATS", "PackError", "file_name", "filters_for", "make", "saved_plan", "sub_regions"]
