"""简报 (briefing pack): one button makes the pack for the current filters as PPTX or PDF: cover, indicator cards,
the four areas with chart, table and findings, what needs attention, a saved plan, the sub-regions. The same pack
comes from `python -m briefing` on the command line."""
import streamlit as st

from exports.provenance import filters_in_words
from ui import briefing
from ui.frame import frame
from ui.session import lang, t

f = frame("nav.briefing")
st.title(t("brief.page.title"))
st.caption(t("brief.page.intro"))
st.info(t("brief.page.covers", filters=filters_in_words(f, lang())))
left, right = st.columns(2)
with left:
    fmt = st.segmented_control(t("brief.page.format"), ("pptx", "pdf"), default="pptx", required=True,
                               format_func=lambda x: t(f"brief.page.format.{x}"), key="brief_format") or "pptx"
with right:
    plan = briefing.plan_choice(f)
briefing.pack_button(f, fmt, plan)
st.caption(t("brief.page.contents"))
st.subheader(t("brief.findings"))
briefing.preview(f)
st.caption(t("brief.page.cli", period=f.period, region=f.area or f.scope.prefix or "…"))
