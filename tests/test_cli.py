"""The command line an officer runs: summaries in Chinese, exit codes, the ARCHIVES_DB default."""
import os

from conftest import FIXTURES, VARIANTS, query, run_etl


def test_help_explains_every_command():
    out = run_etl("--help")
    assert out.returncode == 0 and "registry" in out.stdout and "load" in out.stdout and "demo" in out.stdout
    for command in ("registry", "load", "demo"):
        sub = run_etl(command, "--help")
        assert sub.returncode == 0 and "--db" in sub.stdout


def test_usage_error_exits_2(tmp_path):
    assert run_etl("load").returncode == 2
    assert run_etl("load", "--period", "2025年第五季度", "x.csv").returncode == 2
    assert run_etl("frobnicate").returncode == 2


def test_summary_and_exit_0_with_rejects(tmp_path):
    db = tmp_path / "cli.duckdb"
    assert run_etl("registry", "--db", db, FIXTURES / "register.csv").returncode == 0
    out = run_etl("load", "--db", db, FIXTURES / "defects.csv")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "入库 8 行" in out.stdout and "退回 22 行" in out.stdout and "统计期 2025Q4" in out.stdout


def test_unreadable_file_exits_1_and_the_rest_loads(tmp_path):
    db = tmp_path / "cli.duckdb"
    run_etl("registry", "--db", db, FIXTURES / "register.csv")
    corrupt = tmp_path / "broken.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a workbook")
    out = run_etl("load", "--db", db, corrupt, VARIANTS / "gbk.csv")
    assert out.returncode == 1
    assert "broken.xlsx" in out.stdout and "导入失败" in out.stdout
    assert query(db, "select count(*) from submissions") == [(4,)]
    assert query(db, "select source_file, status from loads where kind = 'form' order by load_id") == [
        ("broken.xlsx", "failed"), ("gbk.csv", "loaded")]


def test_archives_db_environment_variable(tmp_path):
    db = tmp_path / "env.duckdb"
    env = {**os.environ, "ARCHIVES_DB": str(db)}
    assert run_etl("registry", FIXTURES / "register.csv", env=env).returncode == 0
    assert query(db, "select count(*) from branches") == [(32,)]


def test_folder_loads_sorted_by_name(tmp_path):
    db = tmp_path / "cli.duckdb"
    run_etl("registry", "--db", db, FIXTURES / "register.csv")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("b_gbk.csv", "a_utf8.csv"):
        (folder / name).write_bytes((VARIANTS / name[2:]).read_bytes())
    assert run_etl("load", "--db", db, folder).returncode == 0
    assert query(db, "select source_file from loads where kind = 'form' order by load_id") == [("a_utf8.csv",), ("b_gbk.csv",)]
