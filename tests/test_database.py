"""The database file as the ETL and readers meet it: damaged, unknown, old, demo, and what killed writers leave."""
import hashlib
import shutil

import duckdb
import pytest

from conftest import FIXTURES, VARIANTS, assert_officer_text, query, run_etl
from etl import rollups
from etl.db import DatabaseUnusable, is_demo, reader
from etl.load import load_register, load_submissions
from etl.schema import SCHEMA_VERSION
from etl.spec import FORM_FIELDS

def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damaged(db, tmp_path, kind):
    path = tmp_path / f"{kind}.duckdb"
    data = db.read_bytes()
    path.write_bytes({"empty": b"", "truncated": data[:len(data) // 3], "garbage": b"\x07not a database\x00" * 500,
                      "header_only": data[:4096]}[kind])
    return path


@pytest.mark.parametrize("kind", ["empty", "truncated", "garbage", "header_only"])
def test_damaged_database_is_named_as_damaged_by_reader_writer_and_cli(db, tmp_path, kind):
    path = damaged(db, tmp_path, kind)
    before = sha(path)
    with pytest.raises(DatabaseUnusable) as got:
        reader(path)
    assert got.value.reason == "corrupt"
    assert_officer_text(str(got.value))
    assert "python -m etl registry" in str(got.value) and "备份" in str(got.value)
    with pytest.raises(DatabaseUnusable) as got:
        load_submissions(path, [VARIANTS / "gbk.csv"])
    assert got.value.reason == "corrupt"
    out = run_etl("load", "--db", path, VARIANTS / "gbk.csv")
    assert out.returncode == 1 and "已损坏" in out.stdout and "Traceback" not in out.stdout + out.stderr
    assert sha(path) == before
    assert not list(tmp_path.glob(f"{kind}.duckdb.tmp-*"))


def test_missing_database_for_reader_and_rebuild(tmp_path):
    with pytest.raises(DatabaseUnusable) as got:
        reader(tmp_path / "none.duckdb")
    assert got.value.reason == "missing"
    assert_officer_text(str(got.value))
    out = run_etl("rebuild", "--db", tmp_path / "none.duckdb")
    assert out.returncode == 1 and "不存在" in out.stdout
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize("version", [str(SCHEMA_VERSION + 1), "99", "abc", ""])
def test_unknown_schema_version_is_refused_in_chinese(db, version):
    with duckdb.connect(str(db)) as con:
        con.execute("update meta set value = ? where key = 'schema_version'", [version])
    before = sha(db)
    for attempt in (lambda: reader(db), lambda: load_submissions(db, [VARIANTS / "gbk.csv"])):
        with pytest.raises(DatabaseUnusable) as got:
            attempt()
        assert got.value.reason == "schema"
        assert_officer_text(str(got.value))
    assert sha(db) == before


def test_a_database_of_another_program_is_refused(tmp_path):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("create table t (x INTEGER)")
    with pytest.raises(DatabaseUnusable) as got:
        reader(other)
    assert got.value.reason == "schema"
    with pytest.raises(DatabaseUnusable):
        load_register(other, [FIXTURES / "register.csv"])


def test_version_1_file_is_migrated(db):
    with duckdb.connect(str(db)) as con:
        con.execute("alter table loads drop column region")
        con.execute("update meta set value = '1' where key = 'schema_version'")
    [r] = load_submissions(db, [VARIANTS / "gbk.csv"], region="1308")
    assert r.status == "loaded"
    assert query(db, "select value from meta where key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    assert query(db, "select region from loads where kind = 'form'") == [("1308",)]


def test_macros_and_rollups_are_reapplied_by_every_writer_session(db):
    load_submissions(db, [VARIANTS / "gbk.csv"])
    with duckdb.connect(str(db)) as con:
        con.execute("drop macro table area_sums")
        con.execute("create or replace macro rate(n, d) as 42")
        con.execute("drop table rollup_area")
        con.execute("update meta set value = 'stale' where key = 'build_hash'")
    [again] = load_submissions(db, [VARIANTS / "gbk.csv"])  # nothing loads: the file is unchanged
    assert again.status == "unchanged"
    assert query(db, "select rate(1, 4)") == [(0.25,)]
    assert query(db, "select count(*) from area_sums('', '', '', '', 'all')")[0][0] >= 1
    assert query(db, "select count(*) from rollup_area")[0][0] > 0
    assert query(db, "select value from meta where key = 'build_hash'") == [(rollups.build_hash(),)]


def test_rebuild_command_rebuilds_every_rollup_through_the_writer(db):
    load_submissions(db, [VARIANTS / "gbk.csv"])
    expected = {t: query(db, f"select * from {t} order by all") for t in rollups.ROLLUPS}
    with duckdb.connect(str(db)) as con:
        con.execute("delete from branch_quarter")
        con.execute("drop table rollup_area")
        con.execute("drop macro rate")
    held = duckdb.connect(str(db), read_only=True)  # a dashboard's open connection does not block it
    out = run_etl("rebuild", "--db", db)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "已重建" in out.stdout
    held.close()
    assert {t: query(db, f"select * from {t} order by all") for t in rollups.ROLLUPS} == expected
    assert query(db, "select rate(1, 2)") == [(0.5,)]


def test_demo_database_is_marked_and_real_loads_are_not(demo_db, db):
    with reader(demo_db) as con:
        assert is_demo(con)
    load_submissions(db, [VARIANTS / "gbk.csv"])
    with reader(db) as con:
        assert not is_demo(con)
    assert query(db, "select count(*) from meta where key = 'demo'") == [(0,)]


def test_demo_never_fills_a_database_holding_real_data(db):
    load_submissions(db, [VARIANTS / "gbk.csv"])
    before = sha(db)
    out = run_etl("demo", "--db", db)
    assert out.returncode == 1 and "正式" in out.stdout
    assert sha(db) == before


def test_whatever_a_killed_writer_left_is_cleared_by_the_next(db):
    leftovers = [db.parent / f"{db.name}.tmp-99999", db.parent / f"{db.name}.tmp-99999.wal"]
    for p in leftovers:
        p.write_bytes(b"half a database")
    spill = db.parent / f"{db.name}.tmp-99999.tmp"
    (spill / "nested").mkdir(parents=True)
    (spill / "duckdb_temp_block-1.block").write_bytes(b"\0" * 4096)
    (spill / "nested" / "x").write_bytes(b"x")
    [r] = load_submissions(db, [VARIANTS / "gbk.csv"])
    assert r.status == "loaded"
    assert not list(db.parent.glob(f"{db.name}.tmp-*"))
    [r] = load_submissions(db, [VARIANTS / "utf8.csv"])
    assert r.status == "loaded"


def test_success_is_reported_only_once_the_database_file_holds_it(db):
    seen = []

    def on_result(r):  # the file on disk must already hold what is reported
        seen.append((r.status, query(db, "select status, rows_loaded from loads where load_id = ?", [r.load_id])))
    load_submissions(db, [VARIANTS / "gbk.csv", VARIANTS / "utf8.csv"], on_result=on_result)
    assert seen == [("loaded", [("loaded", 4)]), ("loaded", [("loaded", 4)])]


def test_upload_style_names_are_what_loads_records(db, tmp_path):
    stored = tmp_path / "upload_0.csv"
    shutil.copy(VARIANTS / "gbk.csv", stored)
    [r] = load_submissions(db, [stored], names={stored: "2025Q4_滦平县.csv"})
    assert r.name == "2025Q4_滦平县.csv"
    assert query(db, "select source_file from loads where kind = 'form'") == [("2025Q4_滦平县.csv",)]
    assert query(db, "select distinct source_file from submissions") == [("2025Q4_滦平县.csv",)]



HISTORY = ("select branch_code, period, docs_archived, load_id, source_file, sheet, row_number "
           "from submission_history order by all")


def test_version_2_file_keeps_every_row_once(db, tmp_path):
    """Version 2 kept every loaded row twice (submissions and a submission_history table). Migrated, the
    history holds the same rows, the current ones only in submissions, the replaced in submission_revisions."""
    first = VARIANTS / "utf8.csv"
    second = tmp_path / "utf8_更正.csv"
    second.write_text(first.read_text(encoding="utf-8").replace(",48,45,", ",48,47,", 1), encoding="utf-8")
    load_submissions(db, [first])
    load_submissions(db, [second])
    history = query(db, HISTORY)
    fields = ", ".join(f.name for f in FORM_FIELDS)
    with duckdb.connect(str(db)) as con:     # lay the file out as version 2 wrote it
        con.execute(f"create table v2_history as select {fields}, load_id, source_file, sheet, row_number "
                    "from submission_history")
        con.execute("drop view submission_history")
        con.execute("alter table v2_history rename to submission_history")
        con.execute("drop table submission_revisions")
        con.execute("alter table submissions drop column sheet")
        con.execute("alter table submissions drop column row_number")
        con.execute("update meta set value = '2' where key = 'schema_version'")
    load_submissions(db, [first])        # any writer session migrates (this file is unchanged)
    assert query(db, "select value from meta where key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    assert query(db, "select table_type from information_schema.tables where table_name = 'submission_history'"
                 ) == [("VIEW",)]
    assert query(db, HISTORY) == history
    assert query(db, "select count(*), count(distinct source_file), min(source_file) from submission_revisions"
                 ) == [(4, 1, "utf8.csv")]      # the first file's rows, each replaced by the second's
    assert query(db, "select count(*) from submissions where source_file = 'utf8_更正.csv'") == [(4,)]
    assert query(db, "select count(*) from submissions where row_number is null") == [(0,)]
