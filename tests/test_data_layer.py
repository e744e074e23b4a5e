"""The data layer: scope enforcement, parameter binding, and fresh results after the ETL swaps the file."""
import pytest

from archives import data
from archives.data import ScopeError, run_query
from archives.scope import EVERYTHING, Scope, current_scope
from conftest import VARIANTS
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


def test_scope_from_environment(monkeypatch):
    monkeypatch.setenv("ARCHIVES_SCOPE", "130824")
    assert current_scope() == Scope("130824", "130824")
    monkeypatch.setenv("ARCHIVES_SCOPE", "13x")
    with pytest.raises(ValueError):
        current_scope()


def test_first_start_builds_the_demo_database(app, tmp_path):
    db = tmp_path / "fresh" / "archives.duckdb"
    at = app(db)
    assert not at.exception
    assert db.exists()
    assert any(m.label == "报送率" for m in at.metric)
