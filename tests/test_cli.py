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


ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "error:", "the following arguments are required",
                    "invalid choice", "show this help message", "unrecognized arguments", "expected one argument",
                    "argument ")


def assert_all_chinese(out):
    text = out.stdout + out.stderr
    for english in ARGPARSE_ENGLISH:
        assert english not in text, (english, text)
    assert "用法" in text


def test_help_is_entirely_chinese():
    for args in ([], ["registry"], ["load"], ["demo"], ["rebuild"]):
        out = run_etl(*args, "--help")
        assert out.returncode == 0
        assert_all_chinese(out)


def test_usage_errors_are_entirely_chinese():
    for args in ([], ["frobnicate"], ["load"], ["load", "--period", "2025年第五季度", "x.csv"],
                 ["load", "--region", "12345", "x.csv"], ["load", "--bogus", "x.csv"], ["registry", "--db"]):
        out = run_etl(*args)
        assert out.returncode == 2, args
        assert_all_chinese(out)
        assert "错误" in out.stderr


def test_summary_says_only_what_happened_and_where_reasons_are(tmp_path):
    db = tmp_path / "cli.duckdb"
    run_etl("registry", "--db", db, FIXTURES / "register.csv")
    out = run_etl("load", "--db", db, VARIANTS / "gbk.csv", FIXTURES / "defects.csv")
    clean, defects = [line for line in out.stdout.splitlines() if line.startswith("✓")]
    assert "跳过" not in clean and "退回" not in clean and "警告" not in clean and "入库 4 行" in clean
    assert "跳过 2 行" in defects
    assert "第 3 行 组织代码" in out.stdout  # the first returned rows, with row number and field
    assert "数据管理 → 退回修改清单" in out.stdout


def test_region_restricts_a_load(tmp_path):
    db = tmp_path / "cli.duckdb"
    run_etl("registry", "--db", db, FIXTURES / "register.csv")
    out = run_etl("load", "--db", db, "--region", "130828", VARIANTS / "gbk.csv")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "不在本账号管辖范围" in out.stdout
    assert query(db, "select distinct left(branch_code, 6) from submissions") == [("130828",)]
    assert sorted(query(db, "select row_number, fields, checks from rejects")) == [
        (2, ["branch_code"], ["out_of_region"]), (3, ["branch_code"], ["out_of_region"])]
    assert query(db, "select region from loads where kind = 'form'") == [("130828",)]
    # the same file, loaded later by someone responsible for everything, loads its other rows too
    assert run_etl("load", "--db", db, VARIANTS / "gbk.csv").returncode == 0
    assert query(db, "select count(*) from submissions") == [(4,)]


def test_region_restricts_a_register_load(tmp_path):
    from etl.load import load_register
    db = tmp_path / "r.duckdb"
    [r] = load_register(db, [FIXTURES / "register.csv"], region="130824")
    assert (r.loaded, r.rejected) == (16, 16)
    assert query(db, "select distinct county_code from branches") == [("130824",)]
    assert query(db, "select distinct fields, checks from rejects") == [(["county_code"], ["out_of_region"])]


def test_a_form_load_into_a_missing_database_is_refused(tmp_path):
    """A mistyped --db is named as missing, not made into a new database whose register is empty."""
    out = run_etl("load", "--db", tmp_path / "typo" / "x.duckdb", VARIANTS / "gbk.csv")
    assert out.returncode == 1 and "不存在" in out.stdout and "python -m etl registry" in out.stdout
    assert not (tmp_path / "typo").exists()


def test_a_file_with_every_row_returned_is_not_ticked_off(tmp_path):
    """A wrong --region returns every row: the line says so instead of ticking the file off."""
    db = tmp_path / "cli.duckdb"
    run_etl("registry", "--db", db, FIXTURES / "register.csv")
    out = run_etl("load", "--db", db, "--region", "1309", VARIANTS / "gbk.csv")
    assert query(db, "select rows_loaded, rows_rejected > 0 from loads where kind = 'form'") == [(0, True)]
    assert "⚠ gbk.csv" in out.stdout and "没有一行入库" in out.stdout and "✓" not in out.stdout
