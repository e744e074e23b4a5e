"""The pieces of the 简报 page: what the pack will say (its findings, cached per filters and data generation) and
the one button that makes it."""
import streamlit as st

from domain import allocation as alloc
from domain.filters import Filters
from exports import briefing
from exports.briefing import content
from ui.downloads import download, provenance
from ui.session import lang, t
from warehouse.status import database_status


@st.cache_data(show_spinner=False, max_entries=50, ttl=3600)
def _findings(f: Filters, language: str, data_time) -> list:
    """(area title, findings) of the pack for these filters; keyed on the data time, so a load refreshes it."""
    pack = content.gather(f, provenance(f), language)
    return [(area.title, area.findings) for area in pack.areas]


def preview(f: Filters):
    """The findings the pack will carry, area by area."""
    for title, lines in _findings(f, lang(), database_status().loaded_at):
        st.markdown(f"**{title}**")
        st.markdown("\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1)) or t("brief.findings.none"))


def plan_choice(f: Filters) -> str:
    """A saved allocation plan of this scope to add to the pack ('' for none)."""
    names = alloc.saved_plans(f.scope.prefix)
    return st.selectbox(t("brief.page.plan"), ["", *names], key="brief_plan",
                        format_func=lambda n: n or t("brief.page.no_plan")) or ""


def pack_button(f: Filters, fmt: str, plan: str):
    """The one button: the pack for the current filters, made when it is pressed."""
    language, origin = lang(), provenance(f)
    download(t("brief.page.button", fmt=fmt.upper()),
             lambda: briefing.make(f, fmt, language, plan_name=plan, provenance=origin),
             briefing.file_name(f, fmt, language), briefing.FORMATS[fmt], key="brief_pack", what=f"briefing.{fmt}",
             type="primary", icon=":material/slideshow:")
