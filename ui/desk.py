"""The pieces of the 数据管理 page: uploads through the ETL, the load history, the 退回修改清单, the 催报名单
and the blank templates."""
import streamlit as st

from domain import desk
from etl import limits
from domain.periods import period_label, recent_quarters
from exports import desk_lists, template
from exports.writer import XLSX_MIME
from ops import audit
from ui import state
from ui.auth import current_account
from ui.data import run_query
from ui.downloads import download, footer, provenance
from ui.session import lang, t
from ui.widgets import branch_table, page_of, pager, table_downloads


def choose(label, options, key, format_func):
    """A selectbox whose choice falls back to the first option when the options change under it."""
    if st.session_state.get(key) not in list(options):
        st.session_state[key] = options[0] if len(options) else None
    return st.selectbox(label, options, key=key, format_func=format_func)


def load(kind, files, scope, period=None):
    with st.status(t("data_desk.upload.loading", n=len(files))) as status:
        def done(r):
            status.write(t("data_desk.upload.progress", file=r.name, status=t(f"data_desk.status.{r.status}")))
        uploads = [(u.name, u.getvalue()) for u in files]
        results = desk.load_uploads(uploads, kind, scope, period, on_result=done, on_progress=done)
        st.session_state[state.DESK_RESULTS] = results
    for r in results:
        audit.log(current_account().name, "upload", scope.prefix, ok=r.ok, file=r.name, sha256=r.sha256,
                  kind=kind, status=r.status, loaded=r.loaded, rejected=r.rejected)
    made = state.uploads_made(kind)
    st.session_state[made] = st.session_state.get(made, 0) + 1   # a fresh, empty uploader
    st.rerun()  # the sidebar and every query then read the new database generation


def uploader(kind):
    n = st.session_state.get(state.uploads_made(kind), 0)
    return st.file_uploader(t(f"data_desk.upload.{kind}_files"), type=desk.FILE_TYPES, accept_multiple_files=True,
                            key=state.uploader(kind, n))


def upload_tab(scope, account):
    if not account.can("load"):
        st.info(t("data_desk.upload.not_allowed"))
        return
    if not scope.is_everything:
        st.caption(t("data_desk.upload.region_only", region=scope.label))
    st.caption(t("data_desk.upload.limit", mb=limits.MAX_UPLOAD_MB, unpacked=limits.MAX_UNPACKED_MB,
                 memory=limits.UPLOAD_MEMORY_MB, minutes=limits.UPLOAD_SECONDS // 60))
    forms, register = st.columns(2)
    with forms:
        st.subheader(t("data_desk.upload.forms"))
        files = uploader("form")
        period = st.selectbox(t("data_desk.upload.period"), recent_quarters(), index=None, key="desk_period",
                              format_func=lambda p: period_label(p, lang()), placeholder=t("data_desk.upload.period_none"),
                              help=t("data_desk.upload.period_help"))
        if st.button(t("data_desk.upload.load_forms"), disabled=not files, type="primary", key="desk_load_forms"):
            load("form", files, scope, period)
    with register:
        st.subheader(t("data_desk.upload.register"))
        files = uploader("register")
        st.caption(t("data_desk.upload.register_hint"))
        if st.button(t("data_desk.upload.load_register"), disabled=not files, key="desk_load_register"):
            load("register", files, scope)
    results = st.session_state.get(state.DESK_RESULTS)
    if results:
        st.subheader(t("data_desk.upload.results"))
        counts = desk.summary(results)
        refreshed = t("data_desk.upload.refreshed") if counts["rows"] else ""
        shown = st.warning if counts["failed"] or counts["returned"] else st.success
        shown(t("data_desk.upload.summary", **counts, refreshed=refreshed))
        if counts["returned"]:
            st.warning(t("data_desk.upload.returned", returned=f"{counts['returned']:,}"), icon=":material/undo:")
        st.dataframe(desk.results_table(results, lang()), hide_index=True, key="desk_results_table")


def show_rejects(scope, kind, label, key, **params):
    """A page of rejected rows as written, with reasons, and the whole list as xlsx."""
    rows, total = page_of("desk_rejects", scope, params, key)
    if not total:
        return st.caption(t("data_desk.returns.none"))
    capped = t("data_desk.returns.capped", total=f"{total:,}", cap=f"{desk.EXPORT_CAP:,}")
    st.caption(capped if total > desk.EXPORT_CAP else t("data_desk.returns.count", total=f"{total:,}"))
    table = desk.reject_table(rows, kind, with_fixed=params["include_fixed"], reasons_first=True, lang=lang())
    st.dataframe(table, hide_index=True, key=f"{key}_table", placeholder="")
    pager(key, total)
    stamp = footer()
    download(t("data_desk.returns.download"), lambda: desk_lists.rejects_xlsx(scope, kind, label, stamp, **params),
             t("data_desk.file.returns", label=desk.stem(label)), XLSX_MIME, key=f"{key}_xlsx", what="returns")


def history_tab(scope):
    loads, total = page_of("desk_loads", scope, {}, "desk_history")
    if not total:
        st.info(t("data_desk.history.empty"))
        return
    scoped = "" if scope.is_everything else t("data_desk.history.scoped")
    st.caption(t("data_desk.history.caption", total=f"{total:,}", scoped=scoped))
    event = st.dataframe(desk.history_table(loads, lang()), hide_index=True, key="desk_history", on_select="rerun",
                         selection_mode="single-row", placeholder="")
    pager("desk_history", total)
    if not event.selection.rows:
        return
    entry = loads.iloc[event.selection.rows[0]]
    label = desk.file_label(entry.source_file, lang())
    st.subheader(t("data_desk.history.detail", file=label, time=entry.loaded_at))
    st.markdown(f"**{t('data_desk.history.rejects')}**")
    show_rejects(scope, entry.kind, label, "desk_file_rejects", load_id=int(entry.load_id), county="*",
                 include_fixed=True)
    st.markdown(f"**{t('data_desk.history.warnings')}**")
    warned, n = page_of("desk_warnings", scope, {"load_id": int(entry.load_id)}, "desk_file_warnings")
    if not n:
        st.caption(t("data_desk.history.no_warnings"))
    else:
        st.dataframe(desk.warnings_table(warned, lang()), hide_index=True, key="desk_warnings", placeholder="")
        pager("desk_file_warnings", n)


def returns_tab(scope):
    st.caption(t("data_desk.returns.hint"))
    by_col, fixed_col = st.columns(2)
    by = by_col.segmented_control(t("data_desk.returns.by"), ["file", "county"], default="file", key="desk_by",
                                  format_func=lambda k: t(f"data_desk.returns.by_{k}")) or "file"
    include_fixed = fixed_col.toggle(t("data_desk.returns.include_fixed"), key="desk_fixed")
    if by == "file":
        files = run_query("desk_reject_files", scope, include_fixed=include_fixed).set_index("load_id")
        chosen = choose(t("data_desk.returns.file"), files.index, "desk_file", lambda i: t(
            "data_desk.returns.file_option", file=desk.file_label(files.source_file[i], lang()), time=files.loaded_at[i],
            n=files.rejects[i]))
        kind, label = files.kind.get(chosen), desk.file_label(files.source_file.get(chosen), lang())
        params = dict(load_id=int(chosen or 0), county="*")
    else:
        counties = run_query("desk_reject_counties", scope, include_fixed=include_fixed).set_index("county_code")
        names = counties.county_name.where(counties.index != "-", t("data_desk.returns.invalid_code"))
        chosen = choose(t("data_desk.returns.county"), counties.index, "desk_county", lambda c: t(
            "data_desk.returns.county_option", name=names[c], n=counties.rejects[c]))
        kind, label, params = "form", names.get(chosen), dict(load_id=0, county=chosen)
        if scope.is_everything:
            st.caption(t("data_desk.returns.invalid_hint"))
    if chosen is None:
        st.info(t("data_desk.returns.none"))
    else:
        show_rejects(scope, kind, label, "desk_returns", **params, include_fixed=include_fixed)


def missing_tab(f):
    if f is None:
        st.info(t("data_desk.missing.no_data"))
        return
    counts = run_query("desk_missing_counts", f.scope, **f.params())
    when = period_label(f.period, "zh")
    st.caption(t("data_desk.missing.caption", period=period_label(f.period, lang()), region=f.region_label,
                 **{k: f"{int(counts[k].sum()):,}" for k in ("registered", "submitted", "missing")}))
    left, right = st.columns([2, 3])
    left.subheader(t("data_desk.missing.by_county"))
    left.dataframe(desk.labelled(counts.drop(columns="county_code"), lang()), hide_index=True,
                   key="desk_missing_counts")
    with left:
        table_downloads(counts, {c: t(f"data_desk.col.{c}") for c in ("county_name", "registered", "submitted", "missing")},
                        f, "desk_missing_counts")
    with right:
        st.subheader(t("data_desk.missing.list"))
        rows, total = page_of("desk_missing", f.scope, f.params(), "desk_missing")
        if not total:
            st.success(t("data_desk.missing.none"))
            return
        branch_table(rows, {c: t(f"col.{c}") for c in desk.MISSING_FIELDS}, key="desk_missing")
        pager("desk_missing", total)
        if total > desk.EXPORT_CAP:
            st.caption(t("data_desk.missing.capped", total=f"{total:,}", cap=f"{desk.EXPORT_CAP:,}"))
        stamp = provenance(f).footer()
        download(t("data_desk.missing.download"),
                 lambda: desk_lists.missing_xlsx(f.scope, when, f.region_label, stamp, **f.params()),
                 t("data_desk.file.missing", period=f.period), XLSX_MIME, key="desk_missing_xlsx", what="missing")


def templates_tab(f):
    st.caption(t("data_desk.template.hint"))
    quarter = st.selectbox(t("data_desk.template.quarter"), recent_quarters(), index=None,
                           format_func=lambda p: period_label(p, lang()), key="desk_template_quarter",
                           placeholder=t("data_desk.template.quarter_none"))
    county = desk.county_name(f)
    left, right = st.columns(2)
    with left:
        download(t("data_desk.template.form"), lambda: template.form_template(quarter, county),
                 t("data_desk.file.form_template", suffix=f"_{quarter}" if quarter else ""), XLSX_MIME,
                 key="desk_form_template", what="form_template", type="primary")
    with right:
        download(t("data_desk.template.register"), lambda: template.register_template(county),
                 t("data_desk.file.register_template"), XLSX_MIME, key="desk_reg_template", what="register_template")
