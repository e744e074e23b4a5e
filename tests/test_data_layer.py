"""The data layer: scope enforcement, parameter binding, and fresh results after the ETL swaps the file."""
import pytest

from warehouse import queries as data
from warehouse import ScopeError, run_query
from warehouse import EVERYTHING, RegionError, Scope, region_scope
from conftest import ROOT, VARIANTS
from etl.load import load_submissions


def test_a_query_without_scope_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "QUERIES", tmp_path)
    (tmp_path / "leaky.sql").write_text("select * from submissions", encoding="utf-8")
    with pytest.raises(ScopeError):
        run_query("leaky", EVERYTHING)


def test_missing_parameters_are_named(db, monkeypatch):
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    with pytest.raises(TypeError, match="township"):
        run_query("overview_totals", EVERYTHING, area="", org_type="")


def test_results_follow_a_load_in_the_same_process(db, monkeypatch):
    """The dashboard keeps a connection open; after a load swaps the file, it sees the new rows."""
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    assert run_query("periods", EVERYTHING).empty
    load_submissions(db, [VARIANTS / "gbk.csv"])
    assert run_query("periods", EVERYTHING)["period"].tolist() == ["2025Q4"]
    # a second database generation, and still no lock error for the writer
    load_submissions(db, [VARIANTS / "utf8.csv"])
    counties = run_query("regions", Scope("130828"))
    assert counties.county_code.tolist() == ["130828"]


def test_region_codes_make_scopes_and_bad_ones_are_refused_in_chinese():
    assert region_scope("130824") == Scope("130824", "130824")
    assert region_scope("") == EVERYTHING and region_scope(None) == EVERYTHING
    for bad in ("13x", "1308245", "1", "abc"):
        with pytest.raises(RegionError, match="地区代码"):
            region_scope(bad)


def test_no_process_wide_variable_sets_the_scope(app, db, monkeypatch):
    """ARCHIVES_SCOPE was the old process-wide scope: it must no longer narrow (or widen) anything."""
    load_submissions(db, [VARIANTS / "gbk.csv"])
    monkeypatch.setenv("ARCHIVES_SCOPE", "130828")
    at = app(db)
    assert not at.exception
    assert [o for o in at.selectbox(key="county").options if o != "全部"] != ["围场满族蒙古族自治县"]


def test_first_start_builds_the_demo_database_at_the_default_path_only(app, tmp_path, monkeypatch):
    from etl import db as etl_db
    default = tmp_path / "fresh" / "archives.duckdb"
    monkeypatch.setattr(etl_db, "DEFAULT_DB", default)
    monkeypatch.delenv("ARCHIVES_DB", raising=False)
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert default.exists()
    assert any(m.label == "报送率" for m in at.metric)


def test_a_missing_database_named_by_archives_db_is_an_error_not_a_demo(app, tmp_path):
    missing = tmp_path / "typo" / "archive.duckdb"
    at = app(missing)
    assert not at.exception
    assert not missing.exists()
    assert at.error and "不存在" in at.error[0].value and "ARCHIVES_DB" in at.error[0].value
    assert not at.metric


def quarter_file(tmp_path, period):
    """utf8.csv (4 rows, 2025Q4) restated for another quarter."""
    path = tmp_path / f"{period}.csv"
    path.write_text((VARIANTS / "utf8.csv").read_text(encoding="utf-8").replace("2025Q4", period), encoding="utf-8")
    return path


def test_a_query_held_open_across_a_swap_does_not_keep_new_views_on_the_old_file(db, monkeypatch, tmp_path):
    """DuckDB hands back an open instance per path: a reader that reconnects while an old query still runs
    must still see the file now on disk, and so must every later view."""
    from warehouse.connection import database
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    load_submissions(db, [VARIANTS / "gbk.csv"])
    assert run_query("periods", EVERYTHING)["period"].tolist() == ["2025Q4"]
    with database(db).cursor() as held:                 # a page's query still running on the old file
        held.execute("select count(*) from submissions").fetchall()
        load_submissions(db, [quarter_file(tmp_path, "2025Q3")])
        assert run_query("periods", EVERYTHING)["period"].tolist() == ["2025Q4", "2025Q3"]
        assert held.execute("select count(distinct period) from submissions").fetchall() == [(1,)]
    load_submissions(db, [quarter_file(tmp_path, "2025Q2")])          # and after the old query ended
    assert sorted(run_query("periods", EVERYTHING)["period"]) == ["2025Q2", "2025Q3", "2025Q4"]


def test_a_damaged_database_is_named_in_words_on_every_page(app, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"DUCK" + bytes(range(256)) * 40)
    for page in (None, "pages/funds.py", "pages/data_desk.py"):
        at = app(broken, page)
        assert not at.exception
        assert at.error and "已损坏" in at.error[0].value and "备份" in at.error[0].value and broken.name in at.error[0].value
        assert not at.metric and not at.dataframe


def test_an_unknown_schema_version_is_named_in_words(app, db):
    import duckdb
    con = duckdb.connect(str(db))
    con.execute("update meta set value = '99' where key = 'schema_version'")
    con.close()
    at = app(db)
    assert not at.exception
    assert at.error and "「99」" in at.error[0].value and not at.metric
