"""Every download button of the app, through one function: `download()`. The bytes are made only when the
user clicks, and `made()` is the one place they are made: it records each download (and each briefing) in
the audit log with what it was and its scope. `provenance()` is the one place the user and time that every
export prints come from."""
import re

import streamlit as st

from charts.figures import has_values
from domain.filters import Filters
from exports import charts as chart_files
from exports import tables
from exports.provenance import Provenance, of_filters
from ops import audit
from ui.auth import current_account
from ui.session import current_scope, lang, t

CHART_FORMATS = ("png", "svg", "pdf")


def user() -> str:
    """Who is signed in, for every export's footer and the audit log."""
    return current_account().name


def provenance(f: Filters) -> Provenance:
    """What an export made in this session prints: the filters, the data time, and who made it and when."""
    return of_filters(f, lang(), made_by=user())


def footer() -> str:
    """Who made an export and when, for a file that has no filters (the data desk's returned rows)."""
    return Provenance("", "", None, made_by=user(), lang=lang()).footer()


def made(what: str, make_bytes, file_name: str, who: str, scope: str) -> bytes:
    """Make the bytes of one download and log it. Streamlit calls this when the button is pressed, outside
    the script run, so who and the scope are taken when the button is drawn."""
    data = make_bytes()
    action = "briefing" if what.startswith("briefing") else "download"
    audit.log(who, action, scope, what=what, file=file_name, bytes=len(data))
    return data


def download(label: str, make_bytes, file_name: str, mime: str, key: str, what: str = "", **options) -> bool:
    """A download button whose file is made on click by `make_bytes()`; `what` names the export for the log.
    `make_bytes` runs outside the script run: whatever it needs from the session (the language, the user,
    the provenance) must be read before, when the button is drawn."""
    who, scope = user(), current_scope().prefix
    return st.download_button(label, data=lambda: made(what or key, make_bytes, file_name, who, scope),
                              file_name=file_name,
                              mime=mime, key=key, on_click="ignore", icon=options.pop("icon", ":material/download:"),
                              **options)


def chart(fig, f: Filters, key: str, what: str = "", **plotly_options):
    """Show a Plotly chart with PNG, SVG and PDF downloads of it (footnoted with source, filters, data time);
    a chart with no value to draw (no branch in view has one) says so instead of drawing empty axes."""
    if not has_values(fig):
        st.markdown(f"**{(fig.layout.title.text or '').split('<br>')[0]}**")
        st.caption(t("empty.no_values"))
        return None
    event = st.plotly_chart(fig, key=key, **plotly_options)
    chart_buttons(fig, f, key, what)
    return event


def chart_buttons(fig, f: Filters, key: str, what: str = ""):
    """The chart's three files in a popover, named after its title ('归档完整率_2025Q4.png')."""
    # a file name: no markup, none of the characters Windows refuses, spaces as underscores ("Submission_rate")
    title = re.sub(r"<[^>]+>|[\\/:*?\"<>|]+", "", (fig.layout.title.text or "").split("<br>")[0]).strip()
    title = re.sub(r"\s+", "_", title)
    what = what or title or key
    name = t("download.chart_file", period=f.period, what=what)
    origin = provenance(f)      # now: the file is made outside the script run, where the session is not known
    with st.popover(t("download.chart"), icon=":material/image:", key=f"{key}_files"):
        for fmt in CHART_FORMATS:
            download(t(f"download.chart_{fmt}"), lambda fmt=fmt: chart_files.image(fig, fmt, origin),
                     f"{name}.{fmt}", chart_files.FORMATS[fmt], key=f"{key}_{fmt}", what=f"{what}.{fmt}")


def table(rows, headers: dict, f: Filters, key: str, title: str, formats=tuple(tables.MIMES)):
    """xlsx and csv downloads of a table: `rows` is the DataFrame or a function returning it (the whole list,
    fetched on click, for a table shown a page at a time); `headers` ({column: header}) as on the page;
    `formats` leaves one out where the page has a richer file of its own (薄弱支部's workbook)."""
    origin = provenance(f)      # now: the file is made outside the script run, where the session is not known
    code_header = t("col.branch_code")

    def make(fmt):
        data = rows() if callable(rows) else rows
        # a branch list handed out for follow-up carries the code: names like 中共XX村支部委员会 repeat
        columns = headers if "branch_code" in headers or "branch_code" not in data.columns else \
            {"branch_code": code_header, **headers}
        return tables.file_bytes(fmt, data, columns, title, origin)
    name = t("download.table_file", period=f.period, what=title)
    with st.container(horizontal=True):
        for fmt in formats:
            download(t(f"download.{fmt}"), lambda fmt=fmt: make(fmt), f"{name}.{fmt}", tables.MIMES[fmt],
                     key=f"{key}_{fmt}", what=f"{title}.{fmt}")
