"""The findings' rules over numbers: a difference of sampled rates is called real only when Newcombe's interval
(from the two Wilson intervals) excludes zero, small samples are flagged, a rule with nothing to go on stays silent,
and the 简报 page previews exactly the findings the pack carries."""
import math

import pytest

from conftest import open_page
from domain.filters import choose
from exports.briefing import content, findings
from exports.provenance import of_filters
from warehouse import EVERYTHING, run_query

Z = 1.959964


def wilson(successes, n):
    """The Wilson 95% interval, written out independently of queries/build/stats.sql."""
    p = successes / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


def sampled(correct, n):
    low, high = wilson(correct, n)
    return {"classification_accuracy": correct / n, "accuracy_low": low, "accuracy_high": high, "docs_sampled": n}


def numbers(now, before, **extra):
    return findings.Numbers(region="滦平县", lang="zh", now={}, before={}, cls_now=now, cls_before=before, **extra)


def test_a_perfect_small_sample_is_not_called_better():
    # 3 of 3 correct against 95 of 100: 100% vs 95%, but three documents prove nothing
    n = numbers(sampled(3, 3), sampled(95, 100))
    said = findings.classification(n)
    assert said[0] == "抽查 3 份文件,分类准确率 100.0%(95% 置信区间 43.9%–100.0%);抽查样本较少,结论不稳定"
    assert "分类准确率比上季度提高 5.0 个百分点,差别在抽样误差范围内,不能认为有变化" in said


def test_a_large_gap_on_large_samples_is_real():
    n = numbers(sampled(800, 1000), sampled(900, 1000))
    said = findings.classification(n)
    assert "分类准确率比上季度下降 10.0 个百分点,差别超出抽样误差" in said
    assert not any("样本较少" in s for s in said)


def test_newcombe_matches_the_wilson_intervals():
    (l1, u1), (l2, u2) = wilson(45, 50), wilson(40, 50)
    low, high = findings.newcombe(0.9, l1, u1, 0.8, l2, u2)
    assert low == pytest.approx(0.1 - math.sqrt((0.9 - l1) ** 2 + (u2 - 0.8) ** 2))
    assert high == pytest.approx(0.1 + math.sqrt((u1 - 0.9) ** 2 + (0.8 - l2) ** 2))
    assert low < 0 < high               # 45/50 against 40/50: within noise
    assert findings.within_noise((low, high)) == (low <= 0 <= high)
    assert findings.newcombe(None, 0, 1, 0.5, 0.4, 0.6) is None


def test_silent_rules_without_a_previous_quarter_or_a_parent():
    n = findings.Numbers(region="某县", lang="zh", now={"completeness": 0.8, "submitted": 10}, before={})
    said = findings.completeness(n)
    assert said == ["没有支部归档完整率低于 60%"]      # no rank, no spread, no change: only what the numbers allow


def test_the_page_previews_the_findings_of_the_pack(app, demo_db, monkeypatch):
    at = open_page(app, demo_db, "pages/briefing.py", "130824", "2025Q4")
    assert "简报范围:2025年第四季度 · 滦平县 · 全部组织类型" in at.info[0].value
    button = at.get("download_button")[0]
    assert button.proto.label == "生成并下载简报(PPTX)"
    monkeypatch.setenv("ARCHIVES_DB", str(demo_db))
    f = choose(EVERYTHING, "2025Q4", run_query("periods", EVERYTHING).period.tolist(), run_query("regions", EVERYTHING),
               county="130824")
    pack = content.gather(f, of_filters(f))
    shown = "\n".join(m.value for m in at.markdown)
    for area in pack.areas:
        assert f"**{area.title}**" in shown
        for line in area.findings:
            assert line in shown
    at.segmented_control(key="brief_format").set_value("pdf").run()
    assert not at.exception
    assert at.get("download_button")[0].proto.label == "生成并下载简报(PDF)"
