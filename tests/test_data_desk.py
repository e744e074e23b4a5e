"""The data desk: uploads through the real ETL (in the browser and through domain/desk.py), the load
history, the 退回修改清单 and its xlsx, the 催报名单, and the blank template's round trip."""
import csv
import datetime
import io
import math
from collections import Counter

import openpyxl
import pytest

from conftest import FIXTURES, ROOT, VARIANTS, query
from domain import desk
from exports import desk_lists, template
from warehouse import run_query
from i18n import t
from warehouse import EVERYTHING, Scope
from etl.spec import FORM_FIELDS, REGISTER_FIELDS

PAGE = "pages/data_desk.py"
CORRUPT = ("x.xlsx", b"these bytes are not a workbook", "application/octet-stream")


def upload(name):
    path = FIXTURES / name
    return (path.name, path.read_bytes(), "text/csv")


def defects_outcomes():
    """Per outcome, how many lines of defects.csv; and how many loaded lines carry a warning."""
    with open(FIXTURES / "defects_expected.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    outcomes = {int(r["line_number"]): r["outcome"] for r in rows}
    warned = {int(r["line_number"]) for r in rows if r["outcome"] == "loaded" and r["check"]}
    return Counter(outcomes.values()), len(warned), outcomes


def table_with(at, label):
    """The first dataframe on the page that has a column labelled `label`."""
    return next(d.value for d in at.dataframe if label in d.value.columns)


def active_without_submission(db, period, prefix=""):
    """The 催报名单 worked out from the raw tables: (county, township, code) of active branches without a row."""
    return query(db, """select county_code, township, branch_code from branches b
                        where status = '正常' and county_code like ? || '%' and not exists (
                            select 1 from submissions s where s.branch_code = b.branch_code and s.period = ?)
                        order by 1, 2, 3""", [prefix, period])


@pytest.fixture
def use_db(monkeypatch):
    """Point run_query (and desk's downloads) at a database, as the page's process would be."""
    def use(db):
        monkeypatch.setenv("ARCHIVES_DB", str(db))
        return db
    return use


# ---------------------------------------------------------------- the page

def test_page_on_demo(app, demo_db):
    at = app(demo_db, PAGE)
    assert not at.exception
    assert len(at.tabs) == 5 and len(at.file_uploader) == 2
    # the history: every load, newest first, one page of 20
    loads = query(demo_db, "select source_file from loads order by loaded_at desc, load_id desc")
    history = table_with(at, t("data_desk.col.sha256"))
    assert len(history) == min(20, len(loads))
    assert history[t("data_desk.col.source_file")].tolist() == [r[0] for r in loads[:len(history)]]
    pagers = {p.key: p.num_pages for p in at.get("pagination")}
    assert pagers["desk_history_page"] == math.ceil(len(loads) / 20)
    # 催报名单 counts for one county of the latest quarter, against the raw tables
    period = query(demo_db, "select max(period) from submissions")[0][0]
    missing = len(active_without_submission(demo_db, period, "130824"))
    registered = query(demo_db, "select count(*) from branches where status = '正常' and county_code = '130824'")[0][0]
    counts = table_with(at, t("data_desk.col.missing")).set_index(t("data_desk.col.county_name"))
    assert counts.loc["滦平县", t("data_desk.col.missing")] == missing
    assert counts.loc["滦平县", t("data_desk.col.registered")] == registered


def test_selecting_a_load_shows_its_rejects(app, demo_db):
    at = app(demo_db, PAGE)
    history = table_with(at, t("data_desk.col.sha256"))
    row = int((history[t("data_desk.col.rows_rejected")] > 0).to_numpy().argmax())
    at.session_state["desk_history"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    file = history[t("data_desk.col.source_file")].iloc[row]
    rejected = query(demo_db, """select count(*) from rejects r join loads l using (load_id)
                                 where l.source_file = ? and l.status = 'loaded'""", [file])[0][0]
    assert any(file in h.value for h in at.subheader)
    reason_tables = [d.value for d in at.dataframe if t("data_desk.col.fixed") in d.value.columns]
    assert len(reason_tables[0]) == min(rejected, 20)


def test_page_without_submissions(app, empty_db):
    at = app(empty_db, PAGE)
    assert not at.exception
    assert len(at.file_uploader) == 2
    assert any(i.value == t("data_desk.missing.no_data") for i in at.info)
    labels = [b.label for b in at.get("download_button")]
    assert t("data_desk.template.form") in labels and t("data_desk.template.register") in labels
    history = table_with(at, t("data_desk.col.sha256"))
    assert history[t("data_desk.col.kind")].tolist() == [t("data_desk.kind.register")]


def test_a_leader_cannot_load_and_an_officer_loads_only_their_region(app, db, use_db):
    leader = app(db, PAGE, scope=Scope("130824"), role="leader")
    assert not leader.exception and not leader.file_uploader
    assert any("无权使用此页面" in e.value for e in leader.error)
    officer = app(db, PAGE, scope=Scope("130824"), role="officer")
    assert not officer.exception and officer.file_uploader and any("不在本账号管辖范围" in c.value for c in officer.caption)
    use_db(db)
    [result] = desk.load_uploads([upload("defects.csv")[:2]], "form", Scope("130824"), db=db)
    outside = query(db, "select count(*) from rejects where load_id = ? and list_contains(checks, 'out_of_region')",
                    [result.load_id])[0][0]
    loaded = query(db, "select distinct left(branch_code, 6) from submission_history where load_id = ?",
                   [result.load_id])
    assert outside > 0 and loaded == [("130824",)]
    reasons = query(db, "select reasons from rejects where load_id = ? and list_contains(checks, 'out_of_region')",
                    [result.load_id])
    assert all("不在本账号管辖范围" in r for (r,) in reasons)


def test_a_scoped_history_counts_only_its_rows(demo_db, use_db):
    use_db(demo_db)
    touched = query(demo_db, """select load_id, count(*) from submission_history
                                where branch_code like '130824%' group by 1 order by 1""")
    history = run_query("desk_loads", Scope("130824"), limit=1000, offset=0)
    assert int(history.total.iloc[0]) >= len(touched)
    loaded = dict(zip(history.load_id, history.rows_loaded))
    assert all(loaded[load_id] == n for load_id, n in touched)
    assert history.rows_skipped.isna().all()
    everything = run_query("desk_loads", EVERYTHING, limit=1000, offset=0)
    assert int(everything.total.iloc[0]) == query(demo_db, "select count(*) from loads")[0][0]


# ---------------------------------------------------------------- uploads

def test_upload_in_the_browser_loads_and_the_dashboard_follows(app, db):
    at = app(db, PAGE)
    assert "q" not in [s.key for s in at.selectbox]          # no quarter loaded yet
    good = (VARIANTS / "gbk.csv").name, (VARIANTS / "gbk.csv").read_bytes(), "text/csv"
    at.file_uploader[0].set_value([good, upload("defects.csv"), CORRUPT]).run()
    at.button(key="desk_load_forms").click().run()
    assert not at.exception

    results = table_with(at, t("data_desk.col.message"))
    col = lambda key: results[t(f"data_desk.col.{key}")].tolist()  # noqa: E731
    assert col("file") == ["gbk.csv", "defects.csv", "x.xlsx"]
    assert col("status") == [t(f"data_desk.status.{s}") for s in ("loaded", "loaded", "failed")]
    outcomes, warned, _ = defects_outcomes()
    with open(VARIANTS / "expected.csv", encoding="utf-8") as fh:
        good_rows = sum(1 for _ in csv.DictReader(fh))
    assert col("loaded") == [good_rows, outcomes["loaded"], 0]
    assert col("rejected") == [0, outcomes["rejected"], 0]
    assert col("warned") == [0, warned, 0]
    assert col("skipped")[1] == outcomes["skipped"] and col("duplicate")[1] == outcomes["duplicate"]
    assert col("period")[:2] == ["2025Q4", "2025Q4"] and col("message")[2]
    assert [len(u.value or []) for u in at.file_uploader] == [0, 0]    # emptied for the next batch
    assert query(db, "select status from loads where source_file = 'x.xlsx'") == [("failed",)]
    returned = t("data_desk.upload.returned", returned=f"{outcomes['rejected']:,}")
    assert outcomes["rejected"] and returned in [w.value for w in at.warning]   # said at once, not only counted

    # the rerun after the load already reads the new database: the quarter appears in the filters
    assert at.selectbox(key="q").value == "2025Q4"
    at.switch_page("dashboard.py").run()
    registered, submitted = query(db, """select count(*), count(*) filter (where branch_code in
        (select branch_code from submissions where period = '2025Q4')) from branches where status = '正常'""")[0]
    assert f"{registered:,} 个支部" in at.caption[0].value
    rate = next(m.value for m in at.metric if m.label == t("ind.submission_rate"))
    assert rate == f"{submitted / registered:.1%}"


def test_desk_loads_the_same_bytes_as_the_command_line(db, use_db):
    use_db(db)
    files = [((VARIANTS / "gbk.csv").name, (VARIANTS / "gbk.csv").read_bytes()), upload("defects.csv")[:2], CORRUPT[:2]]
    results = desk.load_uploads(files, "form", EVERYTHING, db=db)
    assert [r.status for r in results] == ["loaded", "loaded", "failed"]
    assert [r.path.name for r in results] == ["gbk.csv", "defects.csv", "x.xlsx"]
    again = desk.load_uploads(files[:1], "form", EVERYTHING, db=db)
    assert again[0].status == "unchanged"


def test_register_upload(db, use_db):
    use_db(db)
    [result] = desk.load_uploads([upload("register_defects.csv")[:2]], "register", EVERYTHING, db=db)
    with open(FIXTURES / "register_defects_expected.csv", encoding="utf-8") as fh:
        outcomes = {r["line_number"]: r["outcome"] for r in csv.DictReader(fh)}
    assert result.status == "loaded" and result.loaded == sum(o == "loaded" for o in outcomes.values())


# ---------------------------------------------------------------- 退回修改清单

@pytest.fixture
def defects(db, use_db):
    use_db(db)
    [result] = desk.load_uploads([upload("defects.csv")[:2]], "form", EVERYTHING, db=db)
    return db, result


def test_returns_xlsx_has_every_reject_as_written(defects):
    db, result = defects
    data = desk_lists.rejects_xlsx(EVERYTHING, "form", "defects.csv", load_id=result.load_id, county="*", include_fixed=True)
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    title, header, body = rows[0], rows[1], rows[2:]
    assert "defects.csv" in title[0]
    extra = [t(f"data_desk.col.{k}", lang="zh") for k in ("reasons", "file", "row")]
    assert list(header) == [f.header for f in FORM_FIELDS] + extra

    outcomes = defects_outcomes()[2]
    with open(FIXTURES / "defects.csv", encoding="utf-8") as fh:
        lines = dict(enumerate(csv.reader(fh), start=1))          # one record per line in this file
    assert sorted(r[-1] for r in body) == sorted(n for n, o in outcomes.items() if o == "rejected")
    for row in body:
        written = [v if v != "" else None for v in lines[row[-1]]]
        assert list(row[:len(FORM_FIELDS)]) == written, row[-1]
        assert row[-3] and row[-2] == "defects.csv"
    reasons = openpyxl.load_workbook(io.BytesIO(data)).active.cell(3, len(header) - 2)
    assert reasons.alignment.wrap_text


def test_returns_by_county_follow_the_scope(defects):
    db, _ = defects
    invalid = query(db, """select count(*) from rejects
                           where branch_code is null or branch_code not in (select branch_code from branches)""")[0][0]
    per_county = dict(query(db, """select b.county_code, count(*) from rejects r join branches b using (branch_code)
                                   group by 1"""))
    everything = run_query("desk_reject_counties", EVERYTHING, include_fixed=True).set_index("county_code").rejects
    assert everything.to_dict() == {**per_county, "-": invalid}
    county = run_query("desk_reject_counties", Scope("130824"), include_fixed=True)
    assert county.county_code.tolist() == ["130824"]
    rows = run_query("desk_rejects", Scope("130828"), load_id=0, county="*", include_fixed=True, limit=100, offset=0)
    assert len(rows) == per_county["130828"] and set(rows.county_code) == {"130828"}
    invalid_rows = run_query("desk_rejects", EVERYTHING, load_id=0, county="-", include_fixed=True, limit=100, offset=0)
    assert len(invalid_rows) == invalid and invalid_rows.county_code.isna().all()


def test_rows_corrected_by_a_later_file_drop_off_the_list(defects, tmp_path):
    db, first = defects
    with open(FIXTURES / "defects.csv", encoding="utf-8") as fh:
        header, *records = list(csv.reader(fh))
    fixed = next(r for r in records if r[1] == "130824001008")      # member_count 12.5 on the first pass
    fixed[3] = "12"
    text = "\n".join(",".join(r) for r in (header, fixed)) + "\n"
    [second] = desk.load_uploads([("更正.csv", text.encode())], "form", EVERYTHING, db=db)
    assert (second.loaded, second.rejected) == (1, 0)
    params = dict(load_id=first.load_id, county="*", limit=100, offset=0)
    open_rows = run_query("desk_rejects", EVERYTHING, include_fixed=False, **params)
    all_rows = run_query("desk_rejects", EVERYTHING, include_fixed=True, **params)
    assert "130824001008" not in open_rows.branch_code.tolist()
    assert all_rows.set_index("branch_code").is_fixed["130824001008"]
    assert len(all_rows) - len(open_rows) == 1


# ---------------------------------------------------------------- 催报名单

def test_missing_list_is_every_active_branch_without_a_row(app, db, use_db):
    use_db(db)
    desk.load_uploads([((VARIANTS / "gbk.csv").name, (VARIANTS / "gbk.csv").read_bytes())], "form", EVERYTHING, db=db)
    expected = [r[2] for r in active_without_submission(db, "2025Q4")]
    at = app(db, PAGE)
    code = t("col.branch_code")
    shown = table_with(at, t("col.phone"))[code].tolist()
    pager = next(p for p in at.get("pagination") if p.key == "desk_missing_page")
    pager.set_value(2).run()
    shown += table_with(at, t("col.phone"))[code].tolist()
    assert pager.num_pages == math.ceil(len(expected) / 20) == 2
    assert shown == expected

    data = desk_lists.missing_xlsx(EVERYTHING, "2025年第四季度", "承德市", period="2025Q4", area="", township="", org_type="")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    codes = [c.value for c in sheet["A"][2:]]
    assert codes == expected and all(isinstance(c, str) for c in codes)
    scoped = run_query("desk_missing", Scope("130824"), period="2025Q4", area="", township="", org_type="",
                       limit=100, offset=0)
    assert scoped.branch_code.tolist() == [r[2] for r in active_without_submission(db, "2025Q4", "130824")]


# ---------------------------------------------------------------- the blank template

def register_rows(n):
    with open(FIXTURES / "register.csv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["状态"] != "撤销"][:n]


def fill(data: bytes, branches) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[template.FORM_SHEET]
    values = (20, 40, 36, 20, 8, 1, "是", 2, 1, 1, 4, "否", 3000, 2500, 2400, 0, datetime.date(2026, 1, 9), "刘敏")
    for i, branch in enumerate(branches):
        for j, value in enumerate((branch["组织代码"], branch["党组织名称"]) + values, start=1):
            ws.cell(template.HEADER_ROW + 1 + i, j, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_layout():
    book = openpyxl.load_workbook(io.BytesIO(template.form_template("2025Q4")))
    ws = book[template.FORM_SHEET]
    assert ws["A1"].value == "XX县基层党组织党建工作档案统计表(2025年第四季度)"
    last = openpyxl.utils.get_column_letter(ws.max_column)
    assert [str(r) for r in ws.merged_cells.ranges] == [f"A1:{last}1", f"A2:{last}2"]    # the title and units rows
    assert ws["A2"].value == "金额单位:元"
    fields = [f for f in FORM_FIELDS if f.name != "period"]
    headers = [c.value for c in ws[template.HEADER_ROW]]
    assert [h.split("(")[0] for h in headers] == [f.header for f in fields]
    assert all(h.endswith("(元)") for h, f in zip(headers, fields) if f.kind == "money")
    assert ws.column_dimensions["A"].number_format == "@"
    kinds = {}
    for dv in ws.data_validations.dataValidation:
        column = str(dv.sqref).split(":")[0].rstrip("0123456789")
        kinds[fields[openpyxl.utils.column_index_from_string(column) - 1].kind] = (dv.type, dv.formula1)
    assert kinds["bool"] == ("list", '"是,否"')
    assert kinds["count"] == ("whole", "0") and kinds["money"] == ("decimal", "0")
    notes = [r[0] for r in book[template.NOTES_SHEET].iter_rows(values_only=True)]
    assert all(f.header in "".join(str(n) for n in notes) for f in fields)
    assert "____年第__季度" in template.form_title()


def test_template_round_trip(db, use_db):
    use_db(db)
    branches = register_rows(3)
    data = fill(template.form_template("2025Q4"), branches)
    [result] = desk.load_uploads([("统计表.xlsx", data)], "form", EVERYTHING, db=db)
    assert (result.status, result.loaded, result.rejected, result.warned) == ("loaded", 3, 0, 0)
    assert result.periods == ["2025Q4"] and result.period_source == "标题行"
    rows = query(db, "select branch_code, funds_allocated, uses_standard_scheme, has_archive_room, submitted_on "
                     "from submissions order by 1")
    assert rows == [(b["组织代码"], 3000, True, False, datetime.date(2026, 1, 9)) for b in branches]


def test_blank_quarter_needs_the_fallback(db, use_db):
    use_db(db)
    data = fill(template.form_template(), register_rows(1))
    [failed] = desk.load_uploads([("统计表.xlsx", data)], "form", EVERYTHING, db=db)
    assert failed.status == "failed" and "统计期" in failed.message
    [loaded] = desk.load_uploads([("统计表.xlsx", data)], "form", EVERYTHING, period="2025Q3", db=db)
    assert (loaded.status, loaded.loaded, loaded.periods) == ("loaded", 1, ["2025Q3"])


def test_register_template_round_trip(tmp_path, use_db):
    db = use_db(tmp_path / "reg.duckdb")
    book = openpyxl.load_workbook(io.BytesIO(template.register_template()))
    ws = book[template.REGISTER_SHEET]
    assert [c.value for c in ws[template.HEADER_ROW]] == [f.header for f in REGISTER_FIELDS]
    for j, value in enumerate(("130824009001", "测试党支部", "130824", "滦平县", "滦平镇", "农村"), start=1):
        ws.cell(template.HEADER_ROW + 1, j, value)
    out = io.BytesIO()
    book.save(out)
    [result] = desk.load_uploads([("台账.xlsx", out.getvalue())], "register", EVERYTHING, db=db)
    assert (result.status, result.loaded, result.rejected) == ("loaded", 1, 0)


def test_the_upload_limit_is_the_loaders_and_is_stated_before_an_upload(app, db):
    from etl import limits
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert f"maxUploadSize = {limits.MAX_UPLOAD_MB}" in config
    at = app(db, PAGE)
    stated = " ".join(c.value for c in at.caption)
    assert f"{limits.MAX_UPLOAD_MB} MB" in stated and f"{limits.MAX_UNPACKED_MB} MB" in stated


def test_an_officers_own_file_keeps_its_name_and_every_row_of_theirs(db, use_db, tmp_path):
    """A 滦平县 officer's upload holding a 围场县 row and a code Excel mangled: 滦平县 sees the file by name and
    both its own returned rows (the mangled one included); 围场县 sees neither the name nor 滦平县's rows."""
    use_db(db)
    text = (VARIANTS / "utf8.csv").read_text(encoding="utf-8").replace("130824001002,", "1.30824E+11,", 1)
    [result] = desk.load_uploads([("滦平县四季度.csv", text.encode())], "form", Scope("130824"), db=db)
    mine = run_query("desk_loads", Scope("130824"), limit=100, offset=0)
    row = mine[mine.load_id == result.load_id].iloc[0]
    assert row.source_file == "滦平县四季度.csv"
    returned = run_query("desk_rejects", Scope("130824"), load_id=result.load_id, county="*", include_fixed=True,
                         limit=100, offset=0)
    assert len(returned) == row.rows_rejected == 1 and returned.row_number.tolist() == [3]  # the mangled code
    assert query(db, "select count(*) from rejects where load_id = ?", [result.load_id]) == [(3,)]
    theirs = run_query("desk_loads", Scope("130828"), limit=100, offset=0)
    assert theirs[theirs.load_id == result.load_id].source_file.isna().all()
    assert run_query("desk_rejects", Scope("130828"), load_id=result.load_id, county="*", include_fixed=True,
                     limit=100, offset=0).row_number.tolist() == [4, 5]
