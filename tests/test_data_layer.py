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
    assert at.error and "找不到数据库文件" in at.error[0].value and str(missing) in at.error[0].value
    assert not at.metric
