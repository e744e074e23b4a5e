"""`python -m briefing` as cron runs it: exit 0 with the files written, 1 when a pack cannot be made, 2 on a usage
error; every message, the help included, in Chinese (none of argparse's English)."""
import os
import re
import subprocess
import sys

import pytest
from pptx import Presentation

from conftest import ROOT, query

ENGLISH = re.compile(r"\b(usage|error|argument|arguments|required|invalid|expected|options|help message|Traceback)\b",
                     re.I)


def run(*args, env=None):
    environment = {**os.environ, **(env or {})}
    environment.pop("ARCHIVES_DB", None)
    return subprocess.run([sys.executable, "-m", "briefing", *map(str, args)], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=600)


def chinese_only(out):
    text = out.stdout + out.stderr
    assert not ENGLISH.search(text), text
    assert re.search(r"[\u4e00-\u9fff]", text), text


def test_help_is_chinese():
    out = run("--help")
    assert out.returncode == 0
    chinese_only(out)
    assert "用法:python -m briefing" in out.stdout and "退出码" in out.stdout and "--each county" in out.stdout


@pytest.mark.parametrize("args, reason", [
    ((), "缺少 --period"),
    (("--period", "2025Q9", "--out", "x.pptx"), "无法识别的统计期「2025Q9」"),
    (("--period", "2025Q4", "--region", "13082", "--out", "x.pptx"), "地区代码「13082」无效"),
    (("--period", "2025Q4", "--format", "docx", "--out", "x.docx"), "不支持的格式「docx」"),
    (("--period", "2025Q4", "--format", "pdf", "--out", "x.pptx"), "扩展名不一致"),
    (("--period", "2025Q4", "--lang", "fr", "--out", "x.pptx"), "不支持的语言「fr」"),
    (("--period", "2025Q4"), "缺少 --out"),
    (("--period", "2025Q4", "--each", "county", "--out", "x.pptx"), "--each 需要 --out-dir"),
    (("--period", "2025Q4", "--each", "village", "--out-dir", "d"), "--each 只能是 county"),
    (("--period", "2025Q4", "--out", "x.pptx", "--colour", "red"), "无法识别的参数:--colour red"),
    (("--period", "2025Q4", "--out"), "参数 --out 后面需要一个值"),
    (("--period", "2025Q4", "--plan", "a/b", "--out", "x.pptx"), "方案名称"),
])
def test_usage_errors_exit_2_in_chinese(args, reason):
    out = run(*args)
    assert out.returncode == 2, out.stderr
    chinese_only(out)
    assert reason in out.stderr and "用法:" in out.stderr


def test_packs_that_cannot_be_made_exit_1_in_chinese(demo_db, tmp_path):
    cases = [(("--db", tmp_path / "none.duckdb"), "不存在"),
             (("--db", demo_db, "--period", "2023Q1"), "没有 2023Q1 的统计数据。已有的统计期:2025Q4"),
             (("--db", demo_db, "--region", "139999"), "数据库中没有地区「139999」"),
             (("--db", demo_db, "--region", "130824", "--plan", "没有这个方案"), "找不到已保存的经费分配方案「没有这个方案」")]
    for args, reason in cases:
        full = ["--period", "2025Q4", *args, "--out", tmp_path / "pack.pptx"]
        if "--period" in args[2:]:
            full = [*args, "--out", tmp_path / "pack.pptx"]
        out = run(*full, env={"ARCHIVES_PLANS": str(tmp_path / "plans")})
        assert out.returncode == 1, (args, out.stderr)
        chinese_only(out)
        assert reason in out.stderr, out.stderr
        assert not (tmp_path / "pack.pptx").exists()


def test_a_database_without_forms_exits_1(empty_db, tmp_path):
    out = run("--db", empty_db, "--period", "2025Q4", "--out", tmp_path / "x.pptx")
    assert out.returncode == 1
    chinese_only(out)
    assert "还没有任何季度统计数据" in out.stderr


def test_a_damaged_database_exits_1(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    out = run("--db", bad, "--period", "2025Q4", "--out", tmp_path / "x.pdf")
    assert out.returncode == 1
    chinese_only(out)
    assert "已损坏" in out.stderr


def test_one_pack_per_county(demo_db, tmp_path):
    out = run("--db", demo_db, "--period", "2025年第四季度", "--each", "county", "--region", "1308",
              "--out-dir", tmp_path / "packs")
    assert out.returncode == 0, out.stderr
    chinese_only(out)
    counties = dict(query(demo_db, "select distinct county_code, county_name from branches"))
    files = sorted(p.name for p in (tmp_path / "packs").iterdir())
    assert files == sorted(f"2025Q4_{name}_党建档案简报.pptx" for name in counties.values())
    assert f"共 {len(counties)} 份简报,失败 0 份" in out.stdout
    for code, name in counties.items():
        deck = Presentation(tmp_path / "packs" / f"2025Q4_{name}_党建档案简报.pptx")
        cover = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
        assert f"{name}党建档案工作简报" in cover
        others = [n for n in counties.values() if n != name]
        body = " ".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
        assert not [n for n in others if n in body], name


def test_a_pdf_in_english_from_the_command_line(demo_db, tmp_path):
    target = tmp_path / "out" / "pack.pdf"
    out = run("--db", demo_db, "--period", "2025Q4", "--region", "130824", "--lang", "en", "--out", target)
    assert out.returncode == 0, out.stderr
    assert "已生成简报" in out.stdout and target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Indicators" in text and "Completeness" in text
