"""数据管理 (data desk): load the files branches send through the ETL, the load history, the 退回修改清单,
the 催报名单 and blank templates. Works before any quarter is loaded (all but the 催报名单)."""
import math

import streamlit as st

from archives import desk, template
from archives.data import run_query
from archives.filters import period_label
from archives.i18n import t
from archives.scope import current_scope
from archives.ui import branch_table, frame

ROWS = 20  # rows per page on screen


def page_of(name, key, **params):
    """One page of queries/<name>.sql, chosen by the pager `key`, and how many rows there are in all."""
    page = st.session_state.get(key, 1)
    rows = run_query(name, scope, **params, limit=ROWS, offset=(page - 1) * ROWS)
    if rows.empty and page > 1:  # the list shrank under the pager
        st.session_state[key] = 1
        rows = run_query(name, scope, **params, limit=ROWS, offset=0)
    return rows, int(rows.total.iloc[0]) if len(rows) else 0


def pager(total, key):
    if total > ROWS:
        st.pagination(math.ceil(total / ROWS), key=key)


def choose(label, options, key, format_func):
    """A selectbox whose choice falls back to the first option when the options change under it."""
    if st.session_state.get(key) not in list(options):
        st.session_state[key] = options[0] if len(options) else None
    return st.selectbox(label, options, key=key, format_func=format_func)


def load(kind, files, period=None):
    with st.status(t("data_desk.upload.loading", n=len(files))) as status:
        def done(r):
            status.write(t("data_desk.upload.progress", file=r.path.name, status=t(f"data_desk.status.{r.status}")))
        uploads = [(u.name, u.getvalue()) for u in files]
        st.session_state["desk_results"] = desk.load_uploads(uploads, kind, scope, period, on_result=done)
    st.session_state[f"desk_{kind}_n"] = st.session_state.get(f"desk_{kind}_n", 0) + 1  # a fresh, empty uploader
    st.rerun()  # the sidebar and every query then read the new database generation


def uploader(kind):
    n = st.session_state.get(f"desk_{kind}_n", 0)
    return st.file_uploader(t(f"data_desk.upload.{kind}_files"), type=desk.FILE_TYPES, accept_multiple_files=True,
                            key=f"desk_{kind}_files_{n}")


def show_rejects(kind, label, key, **params):
    """A page of rejected rows as written, with reasons, and the whole list as xlsx."""
    rows, total = page_of("desk_rejects", key, **params)
    if not total:
        return st.caption(t("data_desk.returns.none"))
    capped = t("data_desk.returns.capped", total=f"{total:,}", cap=f"{desk.EXPORT_CAP:,}")
    st.caption(capped if total > desk.EXPORT_CAP else t("data_desk.returns.count", total=f"{total:,}"))
    table = desk.reject_table(rows, kind, with_fixed=params["include_fixed"], reasons_first=True)
    st.dataframe(table, hide_index=True, key=f"{key}_table", placeholder="")
    pager(total, key)
    st.download_button(t("data_desk.returns.download"), lambda: desk.rejects_xlsx(scope, kind, label, **params),
                       file_name=t("data_desk.file.returns", label=desk.stem(label)), mime=desk.XLSX_MIME,
                       key=f"{key}_xlsx")


f = frame("nav.data_desk", needs_data=False)
scope = f.scope if f else current_scope()
st.title(t("nav.data_desk"))
st.caption(t("data_desk.intro"))
tabs = st.tabs([t(f"data_desk.tab.{k}") for k in ("upload", "history", "returns", "missing", "templates")])

with tabs[0]:
    if not desk.can_load(scope):
        st.info(t("data_desk.upload.not_allowed", label=scope.label))
    else:
        st.caption(t("data_desk.upload.limit", mb=st.get_option("server.maxUploadSize")))
        forms, register = st.columns(2)
        with forms:
            st.subheader(t("data_desk.upload.forms"))
            files = uploader("form")
            period = st.selectbox(t("data_desk.upload.period"), desk.recent_quarters(), index=None, key="desk_period",
                                  format_func=period_label, placeholder=t("data_desk.upload.period_none"),
                                  help=t("data_desk.upload.period_help"))
            if st.button(t("data_desk.upload.load_forms"), disabled=not files, type="primary", key="desk_load_forms"):
                load("form", files, period)
        with register:
            st.subheader(t("data_desk.upload.register"))
            files = uploader("register")
            st.caption(t("data_desk.upload.register_hint"))
            if st.button(t("data_desk.upload.load_register"), disabled=not files, key="desk_load_register"):
                load("register", files)
        results = st.session_state.get("desk_results")
        if results:
            st.subheader(t("data_desk.upload.results"))
            counts = desk.summary(results)
            refreshed = t("data_desk.upload.refreshed") if counts["rows"] else ""
            shown = st.warning if counts["failed"] else st.success
            shown(t("data_desk.upload.summary", **counts, refreshed=refreshed))
            st.dataframe(desk.results_table(results), hide_index=True, key="desk_results_table")

with tabs[1]:
    loads, total = page_of("desk_loads", "desk_history_page")
    if not total:
        st.info(t("data_desk.history.empty"))
    else:
        scoped = "" if desk.can_load(scope) else t("data_desk.history.scoped")
        st.caption(t("data_desk.history.caption", total=f"{total:,}", scoped=scoped))
        event = st.dataframe(desk.history_table(loads), hide_index=True, key="desk_history", on_select="rerun",
                             selection_mode="single-row", placeholder="")
        pager(total, "desk_history_page")
        if event.selection.rows:
            entry = loads.iloc[event.selection.rows[0]]
            st.subheader(t("data_desk.history.detail", file=entry.source_file, time=entry.loaded_at))
            st.markdown(f"**{t('data_desk.history.rejects')}**")
            show_rejects(entry.kind, entry.source_file, "desk_file_rejects", load_id=int(entry.load_id), county="*",
                         include_fixed=True)
            st.markdown(f"**{t('data_desk.history.warnings')}**")
            warned, n = page_of("desk_warnings", "desk_file_warnings", load_id=int(entry.load_id))
            if not n:
                st.caption(t("data_desk.history.no_warnings"))
            else:
                st.dataframe(desk.warnings_table(warned), hide_index=True, key="desk_warnings", placeholder="")
                pager(n, "desk_file_warnings")

with tabs[2]:
    st.caption(t("data_desk.returns.hint"))
    by_col, fixed_col = st.columns(2)
    by = by_col.segmented_control(t("data_desk.returns.by"), ["file", "county"], default="file", key="desk_by",
                                  format_func=lambda k: t(f"data_desk.returns.by_{k}")) or "file"
    include_fixed = fixed_col.toggle(t("data_desk.returns.include_fixed"), key="desk_fixed")
    if by == "file":
        files = run_query("desk_reject_files", scope, include_fixed=include_fixed).set_index("load_id")
        chosen = choose(t("data_desk.returns.file"), files.index, "desk_file", lambda i: t(
            "data_desk.returns.file_option", file=files.source_file[i], time=files.loaded_at[i], n=files.rejects[i]))
        kind, label = files.kind.get(chosen), files.source_file.get(chosen)
        params = dict(load_id=int(chosen or 0), county="*")
    else:
        counties = run_query("desk_reject_counties", scope, include_fixed=include_fixed).set_index("county_code")
        names = counties.county_name.where(counties.index != "-", t("data_desk.returns.invalid_code"))
        chosen = choose(t("data_desk.returns.county"), counties.index, "desk_county", lambda c: t(
            "data_desk.returns.county_option", name=names[c], n=counties.rejects[c]))
        kind, label, params = "form", names.get(chosen), dict(load_id=0, county=chosen)
        if desk.can_load(scope):
            st.caption(t("data_desk.returns.invalid_hint"))
    if chosen is None:
        st.info(t("data_desk.returns.none"))
    else:
        show_rejects(kind, label, "desk_returns", **params, include_fixed=include_fixed)

with tabs[3]:
    if f is None:
        st.info(t("data_desk.missing.no_data"))
    else:
        counts = run_query("desk_missing_counts", scope, **f.params())
        when = period_label(f.period)
        st.caption(t("data_desk.missing.caption", period=when, region=f.region_label,
                     **{k: f"{int(counts[k].sum()):,}" for k in ("registered", "submitted", "missing")}))
        left, right = st.columns([2, 3])
        left.subheader(t("data_desk.missing.by_county"))
        left.dataframe(desk.labelled(counts.drop(columns="county_code")), hide_index=True, key="desk_missing_counts")
        with right:
            st.subheader(t("data_desk.missing.list"))
            rows, total = page_of("desk_missing", "desk_missing_page", **f.params())
            if not total:
                st.success(t("data_desk.missing.none"))
            else:
                branch_table(rows, {c: t(f"col.{c}") for c in desk.MISSING_FIELDS}, key="desk_missing")
                pager(total, "desk_missing_page")
                if total > desk.EXPORT_CAP:
                    st.caption(t("data_desk.missing.capped", total=f"{total:,}", cap=f"{desk.EXPORT_CAP:,}"))
                region = f.region_label
                st.download_button(t("data_desk.missing.download"), key="desk_missing_xlsx", mime=desk.XLSX_MIME,
                                   data=lambda: desk.missing_xlsx(scope, when, region, **f.params()),
                                   file_name=t("data_desk.file.missing", period=f.period))

with tabs[4]:
    st.caption(t("data_desk.template.hint"))
    quarter = st.selectbox(t("data_desk.template.quarter"), desk.recent_quarters(), index=None,
                           format_func=period_label, key="desk_template_quarter",
                           placeholder=t("data_desk.template.quarter_none"))
    county = desk.county_name(f)
    left, right = st.columns(2)
    left.download_button(t("data_desk.template.form"), lambda: template.form_template(quarter, county),
                         file_name=t("data_desk.file.form_template", suffix=f"_{quarter}" if quarter else ""),
                         mime=desk.XLSX_MIME, key="desk_form_template", type="primary")
    right.download_button(t("data_desk.template.register"), lambda: template.register_template(county),
                          file_name=t("data_desk.file.register_template"), mime=desk.XLSX_MIME, key="desk_reg_template")
