"""Revisions, duplicates and idempotence, as section 3 of the spec says."""
import shutil

from conftest import VARIANTS, query
from etl.load import load_register, load_submissions

CODE = "130824001001"


def revise(src, dst, old, new):
    """A resubmission: the same CSV with one value changed."""
    text = src.read_text(encoding="utf-8")
    assert old in text
    dst.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dst


def assert_same_as_a_full_rebuild(db, tmp_path):
    """The rollups as the loads left them equal those a full rebuild makes from the same tables."""
    import duckdb
    from etl import rollups
    incremental = {t: query(db, f"select * from {t} order by all") for t in rollups.ROLLUPS}
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    with duckdb.connect(str(copy)) as con:
        rollups.refresh(con)
    assert {t: query(copy, f"select * from {t} order by all") for t in rollups.ROLLUPS} == incremental


def test_later_load_replaces_earlier_and_history_keeps_both(db, tmp_path):
    first = VARIANTS / "utf8.csv"
    second = revise(first, tmp_path / "utf8_更正.csv", f"{CODE},", f"{CODE},")  # same rows...
    second.write_text(second.read_text(encoding="utf-8").replace(",48,45,", ",48,47,", 1), encoding="utf-8")
    load_submissions(db, [first])
    load_submissions(db, [second])
    assert query(db, "select docs_archived, source_file from submissions where branch_code = ?", [CODE]) == [(47, "utf8_更正.csv")]
    history = query(db, "select docs_archived from submission_history where branch_code = ? order by load_id", [CODE])
    assert history == [(45,), (47,)]
    assert query(db, "select count(*) from submissions") == [(4,)]


def test_later_file_wins_inside_one_run(db, tmp_path):
    second = tmp_path / "b.csv"
    second.write_text((VARIANTS / "utf8.csv").read_text(encoding="utf-8").replace(",48,45,", ",48,46,", 1), encoding="utf-8")
    load_submissions(db, [VARIANTS / "utf8.csv", second])
    assert query(db, "select docs_archived from submissions where branch_code = ?", [CODE]) == [(46,)]
    load_submissions(db, [second, VARIANTS / "gbk.csv"])  # gbk.csv has the original 45
    assert query(db, "select docs_archived from submissions where branch_code = ?", [CODE]) == [(45,)]


def test_same_file_twice_changes_nothing(db):
    load_submissions(db, [VARIANTS / "gbk.csv"])
    before = query(db, "select * exclude (loaded_at) from submissions order by branch_code")
    history = query(db, "select count(*) from submission_history")
    [again] = load_submissions(db, [VARIANTS / "gbk.csv"])
    assert again.status == "unchanged"
    assert query(db, "select * exclude (loaded_at) from submissions order by branch_code") == before
    assert query(db, "select count(*) from submission_history") == history
    assert query(db, "select status from loads where kind = 'form' order by load_id") == [("loaded",), ("unchanged",)]


def test_identical_rows_load_once_conflicting_rows_are_all_rejected(db, tmp_path):
    lines = (VARIANTS / "utf8.csv").read_text(encoding="utf-8").splitlines()
    header, row = lines[0], lines[1]
    conflicting = row.replace(",48,45,", ",48,44,", 1)
    path = tmp_path / "dups.csv"
    path.write_text("\n".join([header, row, row, lines[2], conflicting.replace(CODE, "130824001002", 1)]) + "\n",
                    encoding="utf-8")
    [r] = load_submissions(db, [path])
    assert (r.loaded, r.duplicate, r.rejected) == (1, 1, 2)
    assert query(db, "select row_number, checks from rejects order by row_number") == [
        (4, ["conflicting_duplicate"]), (5, ["conflicting_duplicate"])]


def test_register_update_keeps_history_and_dissolved_drop_out(tmp_path):
    db = tmp_path / "r.duckdb"
    first = tmp_path / "reg1.csv"
    first.write_text("组织代码,党组织名称,县(市、区)代码,县(市、区),乡镇(街道),组织类型,联系人\n"
                     "130824000001,甲村支部,130824,滦平县,甲镇,农村,张三\n"
                     "130824000002,乙社区支部,130824,滦平县,乙街道,社区,\n", encoding="utf-8")
    second = tmp_path / "reg2.csv"
    second.write_text("组织代码,党组织名称,县(市、区)代码,县(市、区),乡镇(街道),组织类型,状态\n"
                      "130824000001,甲村党支部,130824,滦平县,甲镇,农村,撤销\n", encoding="utf-8")
    load_register(db, [first])
    load_register(db, [second])
    assert query(db, "select branch_code, branch_name, status, contact from branches order by 1") == [
        ("130824000001", "甲村党支部", "撤销", "张三"), ("130824000002", "乙社区支部", "正常", None)]
    assert query(db, "select branch_name from branches_history where branch_code = '130824000001' order by load_id") == [
        ("甲村支部",), ("甲村党支部",)]


def test_file_with_no_period_fails_whole_and_others_still_load(db, tmp_path):
    no_period = tmp_path / "nothing.csv"
    shutil.copy(VARIANTS / "2025年第四季度_gb18030_tab.csv", no_period)
    results = load_submissions(db, [no_period, VARIANTS / "gbk.csv"])
    assert [r.status for r in results] == ["failed", "loaded"]
    assert "统计期" in results[0].message
    assert query(db, "select count(*) from submissions") == [(4,)]
    [fallback] = load_submissions(db, [no_period], period="2025Q4")
    assert (fallback.status, fallback.period_source) == ("loaded", "--period 参数")


def test_refreshing_only_the_loaded_quarter_equals_a_full_rebuild(db, tmp_path):
    """A form load rebuilds the rollups of its quarters only; the result must match a full rebuild."""
    q3 = tmp_path / "q3.csv"
    q3.write_text((VARIANTS / "utf8.csv").read_text(encoding="utf-8").replace("2025Q4", "2025Q3"), encoding="utf-8")
    load_submissions(db, [VARIANTS / "utf8.csv"])
    load_submissions(db, [q3])
    second = tmp_path / "revised.csv"
    second.write_text((VARIANTS / "utf8.csv").read_text(encoding="utf-8").replace(",48,45,", ",48,40,", 1), encoding="utf-8")
    load_submissions(db, [second])
    assert_same_as_a_full_rebuild(db, tmp_path)
    assert query(db, "select count(distinct period) from rollup_area") == [(2,)]


def test_a_county_load_rebuilds_that_county_and_equals_a_full_rebuild(db, tmp_path):
    """A county's office reloading its own rows rebuilds its county's rollups only, and the result is the
    same as rebuilding everything (county_accuracy pools a county; misuse looks at 4 quarters)."""
    import duckdb
    from etl import rollups
    text = (VARIANTS / "utf8.csv").read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    q3 = tmp_path / "q3.csv"
    q3.write_text(text.replace("2025Q4", "2025Q3"), encoding="utf-8")
    load_submissions(db, [VARIANTS / "utf8.csv", q3])
    mine = [r for r in rows if r.split(",")[1].startswith("130824")]
    assert mine and len(mine) < len(rows)
    one_county = tmp_path / "滦平县更正.csv"
    one_county.write_text("\n".join([header] + [r.replace(",48,45,", ",48,41,", 1) for r in mine]) + "\n",
                          encoding="utf-8")
    with duckdb.connect(str(db)) as con:
        before = con.execute("select max(load_id) from loads").fetchall()[0][0]
    load_submissions(db, [one_county])
    with duckdb.connect(str(db)) as con:
        assert rollups.changes(con, before) == (["2025Q4"], ["130824"])
    assert_same_as_a_full_rebuild(db, tmp_path)
    assert query(db, "select docs_archived from branch_quarter where branch_code = ? and period = '2025Q4'",
                 [CODE]) == [(41,)]


def test_a_new_quarter_loaded_by_one_county_gives_every_county_its_rows(db, tmp_path):
    """The first file of a quarter comes from one county: the other counties' active branches still get their
    rows in that quarter (as not having submitted), exactly as a full rebuild gives them."""
    text = (VARIANTS / "utf8.csv").read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    load_submissions(db, [VARIANTS / "utf8.csv"])
    first = tmp_path / "滦平县2026Q1.csv"
    first.write_text("\n".join([header] + [r.replace("2025Q4", "2026Q1") for r in rows
                                           if r.split(",")[1].startswith("130824")]) + "\n", encoding="utf-8")
    load_submissions(db, [first])
    assert_same_as_a_full_rebuild(db, tmp_path)
    active = query(db, "select count(*) from branches where status = '正常'")[0][0]
    assert query(db, "select count(*), count(*) filter (where has_row) from branch_quarter "
                     "where period = '2026Q1' and is_active") == [(active, 2)]
