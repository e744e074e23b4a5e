"""Every question in queries/*.sql, asked with a county scope, returns only that county's rows: no other
county's name, code or branch appears anywhere in the answer; and the scope guard cannot be fooled."""
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, VARIANTS, query
from domain import weak
from etl.load import load_submissions
from warehouse import EVERYTHING, Scope, ScopeError, run_query
from warehouse import queries as data

MINE, OTHER = "130824", "130828"        # 滦平县 and 围场满族蒙古族自治县 in the fixture register
QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.sql"))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The fixture register, the variants (both counties, 2025Q4) and the file with every defect (both
    counties: loaded rows, rejects and warnings in one file)."""
    from etl.load import load_register
    path = tmp_path_factory.mktemp("scope") / "mixed.duckdb"
    load_register(path, [FIXTURES / "register.csv"])
    lines = (VARIANTS / "utf8.csv").read_text(encoding="utf-8").splitlines()
    own = path.parent / "滦平县_2025Q3.csv"        # a file with rows of one county only
    own.write_text("\n".join([lines[0]] + [line.replace("2025Q4", "2025Q3") for line in lines[1:3]]) + "\n",
                   encoding="utf-8")
    results = load_submissions(path, [VARIANTS / "utf8.csv", own, FIXTURES / "defects.csv"])
    assert all(r.status == "loaded" for r in results)
    return path, results[-1].load_id


def params_for(name: str, load_id: int) -> dict:
    """Parameters that make each question return as much as it can for the whole fixture."""
    wanted = set(data._PARAM.findall(data.code_of(data.query_text(name))))
    everything = dict(period="2025Q4", area="", township="", org_type="", limit=100_000, offset=0,
                      level="county", order="completeness", text="中共", code="", county="*", load_id=load_id,
                      include_fixed=True, worst_first=True, low_completeness=1.01,
                      group="", region=MINE, parent=MINE[:4],
                      **weak.query_params(weak.RESOURCE | weak.PERFORMANCE, weak.CUTS))
    if name == "townships":
        everything["county"] = OTHER      # asking for the other county's townships must give nothing
    if name.startswith("branch_") and name != "branch_list":
        everything["code"] = f"{OTHER}000001"
    return {k: v for k, v in everything.items() if k in wanted}


def cells(df) -> list[str]:
    return [str(v) for v in df.astype(str).to_numpy().ravel()] + [str(c) for c in df.columns]


@pytest.mark.parametrize("name", QUERIES)
def test_a_county_scope_returns_only_that_county(mixed, name, monkeypatch):
    db, load_id = mixed
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    params = params_for(name, load_id)
    everything = run_query(name, EVERYTHING, **params)
    scoped = run_query(name, Scope(MINE), **params)
    leaks = [c for c in cells(scoped) if OTHER in c or "围场" in c]
    assert not leaks, f"queries/{name}.sql leaks the other county: {leaks[:5]}"
    if any(MINE in c or "滦平" in c for c in cells(everything)):   # the county's own rows are still there
        assert not scoped.empty, name


def test_the_leak_check_has_teeth(mixed, monkeypatch):
    """Without a scope, the other county shows in every answer that lists regions or branches, so the test
    above would notice a leak; the answers that only sum are covered by the test after it."""
    db, load_id = mixed
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    showing = [n for n in QUERIES
               if any(OTHER in c or "围场" in c for c in cells(run_query(n, EVERYTHING, **params_for(n, load_id))))]
    assert len(showing) >= len(QUERIES) // 2, sorted(set(QUERIES) - set(showing))


@pytest.mark.parametrize("name", [n for n in QUERIES if "$area" in (ROOT / "queries" / f"{n}.sql").read_text()])
def test_a_county_scope_equals_choosing_that_county(mixed, name, monkeypatch):
    """What a county leader sees is exactly what the city sees after choosing that county."""
    db, load_id = mixed
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    params = params_for(name, load_id)
    scoped = run_query(name, Scope(MINE), **params)
    chosen = run_query(name, EVERYTHING, **{**params, "area": MINE})
    if name == "branch_position":     # names its scope: the whole scope vs the county
        scoped, chosen = scoped.drop(columns="name"), chosen.drop(columns="name")
    assert scoped.reset_index(drop=True).equals(chosen.reset_index(drop=True)), name


def test_the_guard_is_not_satisfied_by_a_comment_or_a_string(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "QUERIES", tmp_path)
    for name, sql in {"commented": "-- filtered by $scope\nselect * from branches",
                      "blocked": "/* $scope */ select * from branches",
                      "quoted": "select '$scope' as s, * from branches",
                      "named": 'select 1 as "$scope" from branches'}.items():
        (tmp_path / f"{name}.sql").write_text(sql, encoding="utf-8")
        with pytest.raises(ScopeError):
            run_query(name, EVERYTHING)
    (tmp_path / "bound.sql").write_text("-- the user's scope\nselect count(*) as n from branches "
                                        "where county_code like $scope || '%'", encoding="utf-8")
    monkeypatch.setenv("ARCHIVES_DB", str(Path(tmp_path) / "none.duckdb"))
    with pytest.raises(Exception) as caught:   # it passes the guard: it fails only because there is no database
        run_query("bound", EVERYTHING)
    assert not isinstance(caught.value, ScopeError)


def test_every_question_binds_the_scope_in_code():
    for name in QUERIES:
        assert "scope" in data._PARAM.findall(data.code_of(data.query_text(name))), name


def test_a_scope_must_be_a_scope(mixed, monkeypatch):
    monkeypatch.setenv("ARCHIVES_DB", str(mixed[0]))
    with pytest.raises(ScopeError):
        run_query("periods", "130824")


def test_the_fixture_really_mixes_both_counties(mixed):
    db, load_id = mixed
    counties = {c for (c,) in query(db, "select distinct left(branch_code, 6) from submission_history "
                                        "where load_id = ?", [load_id])}
    assert {MINE, OTHER} <= counties
    assert query(db, "select count(*) from warnings where load_id = ? and branch_code like ?", [load_id, OTHER + "%"])
    assert query(db, "select count(*) from rejects where load_id = ?", [load_id])[0][0] > 0


def test_a_file_shared_with_another_county_is_listed_without_its_name(mixed, monkeypatch):
    """The load history, the 退回 lists and a branch's loads never name a file that also held another
    county's rows; the county still sees its own rows of it, counted alone."""
    db, load_id = mixed
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    history = run_query("desk_loads", Scope(MINE), limit=100, offset=0).set_index("load_id")
    everything = run_query("desk_loads", EVERYTHING, limit=100, offset=0).set_index("load_id")
    own_file = everything.index[everything.source_file == "滦平县_2025Q3.csv"][0]
    assert history.source_file[own_file] == "滦平县_2025Q3.csv" and history.sha256[own_file]
    assert history.source_file.isna().sum() == 3 and history.sha256.isna().sum() == 3   # register, utf8, defects
    assert set(history.source_file.dropna()) == {"滦平县_2025Q3.csv"}
    mine = query(db, "select count(*) from submission_history where load_id = ? and branch_code like ?",
                 [load_id, MINE + "%"])[0][0]
    assert history.rows_loaded[load_id] == mine < everything.rows_loaded[load_id]
    files = run_query("desk_reject_files", Scope(MINE), include_fixed=True)
    assert files.source_file.isna().all() and len(files) >= 1
    rows = run_query("desk_rejects", Scope(MINE), load_id=0, county="*", include_fixed=True, limit=100, offset=0)
    assert rows.source_file.isna().all() and len(rows) > 0
    assert "defects.csv" in set(run_query("desk_reject_files", EVERYTHING, include_fixed=True).source_file)
