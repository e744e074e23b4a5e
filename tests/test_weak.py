"""The 薄弱支部 page: resource and performance scores, quadrants and reasons worked out by hand for a small
hand-made quarter (a branch with the archive room left blank, one with no staff, one with no spot checks,
one with nothing to score, and branches that did not submit), weight and cut-off changes, the xlsx export,
and the page on the demo and the empty database."""
import base64
import csv
import io
import json
import re

import numpy as np
import openpyxl
import pytest
from conftest import query, turn_page

from domain import weak
from exports import weak_sheet
from warehouse import run_query
from i18n import t
from warehouse import EVERYTHING
from etl.load import load_submissions

PAGE = "pages/weak.py"
FIELDS = ["period", "branch_code", "member_count", "docs_expected", "docs_archived", "docs_digitised", "docs_sampled",
          "docs_misclassified", "uses_standard_scheme", "archive_staff", "archive_staff_fulltime", "staff_trained",
          "training_hours", "has_archive_room", "funds_allocated", "funds_spent", "funds_designated", "funds_misused"]
A, B, C, D, E, G = "130824001001", "130824001002", "130824001003", "130824001005", "130824002001", "130828001001"
#        period    code members exp arch dig smp mis scheme staff ft trained hours room  alloc
ROWS = [
    ["2025Q4", A, 20, 100, 90, 45, 10, 1, "是", 2, 1, 2, 20, "是", 2000],   # well resourced, fine
    ["2025Q4", B, 10, 50, 20, 2, 5, 3, "是", 1, 0, 0, 0, "", 500],         # archive room left blank
    ["2025Q4", C, 40, 30, 10, 0, 0, 0, "否", 0, 0, 0, 0, "否", 0],          # no staff, no spot checks
    ["2025Q4", D, 5, 40, 16, 4, 10, 4, "是", 3, 2, 1, 6, "是", 3000],
    ["2025Q4", E, 30, 20, 20, 18, 4, 0, "是", 1, 1, 1, 2, "否", 300],
    ["2025Q4", G, 5, 0, 0, 0, 0, 0, "", 0, 0, 0, 0, "否", 0],               # 围场县: nothing due, nothing checked
    ["2025Q3", B, 10, 10, 10, 0, 0, 0, "是", 1, 0, 1, 4, "", 0],            # B trained earlier this year
    ["2024Q4", C, 40, 10, 10, 0, 0, 0, "否", 1, 0, 1, 10, "否", 0],         # C trained last year only
]
W = weak.RESOURCE | weak.PERFORMANCE

# Hand-worked, from the rows above (defaults: fulltime .25, room .2, coverage .25, hours .1, funds .2;
# completeness .4, accuracy .4, digitisation .2; target 8 h; k = 20).
# Funds per member in view: A 2000/20=100, B 500/10=50, C 0/40=0, D 3000/5=600, E 300/30=10, G 0/5=0
# → median of [0, 0, 10, 50, 100, 600] = (10 + 50) / 2 = 30.
MEDIAN = (10 + 50) / 2
# 滦平县's pooled accuracy (prior): sampled 10+5+0+10+4 = 29, wrong 1+3+0+4+0 = 8 → 21/29. 围场县: none sampled.
P0 = 21 / 29
RESOURCE = {
    A: 100 * (.25 * 1 + .2 * 1 + .25 * (2 / 2) + .1 * min(1, 20 / 2 / 8) + .2 * min(1, 100 / MEDIAN)),
    B: 100 * (.25 * 0 + .25 * (0 / 1) + .1 * 0 + .2 * min(1, 50 / MEDIAN)) / (.25 + .25 + .1 + .2),  # room left out
    C: 100 * (.25 * 0 + .2 * 0 + .25 * 0 + .1 * 0 + .2 * 0),                                         # no staff → 0
    D: 100 * (.25 * 1 + .2 * 1 + .25 * (1 / 3) + .1 * (6 / 3 / 8) + .2 * min(1, 600 / MEDIAN)),
    E: 100 * (.25 * 1 + .2 * 0 + .25 * (1 / 1) + .1 * (2 / 1 / 8) + .2 * (10 / MEDIAN)),
}
ACCURACY = {A: (9 + 20 * P0) / (10 + 20), B: (2 + 20 * P0) / (5 + 20), C: (0 + 20 * P0) / (0 + 20),  # C: the prior
            D: (6 + 20 * P0) / (10 + 20), E: (4 + 20 * P0) / (4 + 20)}
PERFORMANCE = {
    A: 100 * (.4 * 90 / 100 + .4 * ACCURACY[A] + .2 * 45 / 90),
    B: 100 * (.4 * 20 / 50 + .4 * ACCURACY[B] + .2 * 2 / 20),
    C: 100 * (.4 * 10 / 30 + .4 * ACCURACY[C] + .2 * 0 / 10),
    D: 100 * (.4 * 16 / 40 + .4 * ACCURACY[D] + .2 * 4 / 16),
    E: 100 * (.4 * 20 / 20 + .4 * ACCURACY[E] + .2 * 18 / 20),
}
QUADRANT = {A: "sound", B: "under", C: "under", D: "management", E: "lean"}   # cut-offs 60 / 60


@pytest.fixture
def small(db, tmp_path):
    path = tmp_path / "weak.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS)
        for row in ROWS:
            writer.writerow(row + [0, 0, 0])
    result = load_submissions(db, [path])[0]
    assert result.status == "loaded" and result.rejected == 0, result
    return db


VIEW = {"period": "2025Q4", "area": "", "township": "", "org_type": ""}


def view_median():
    """The view's funds median as the page asks for it (queries/funds_median.sql)."""
    return run_query("funds_median", EVERYTHING, **VIEW).funds_median.iloc[0]


def ask(db, monkeypatch, name, weights=W, cuts=weak.CUTS, **extra):
    monkeypatch.setenv("ARCHIVES_DB", str(db))
    params = {**VIEW, **weak.query_params(weights, cuts, "zh", view_median()), **extra}
    return run_query(name, EVERYTHING, **params)


def everyone(db, monkeypatch, **kw):
    rows = ask(db, monkeypatch, "weak_list", group="", limit=100, offset=0, **kw)
    return rows.set_index("branch_code")


def test_hand_worked_numbers_are_what_they_should_be():
    """The hand arithmetic itself, so a slip in it shows here rather than as a puzzling mismatch."""
    assert MEDIAN == 30 and RESOURCE[A] == pytest.approx(100) and RESOURCE[B] == pytest.approx(25)
    assert RESOURCE[E] == pytest.approx(59.1667, abs=1e-4) and PERFORMANCE[E] == pytest.approx(88.80, abs=1e-2)


def test_scores_and_quadrants_by_hand(small, monkeypatch):
    rows = everyone(small, monkeypatch)
    assert sorted(rows.index) == sorted(QUADRANT)          # G (nothing to score) and non-submitters not ranked
    for code in QUADRANT:
        assert rows.loc[code, "resource_score"] == pytest.approx(RESOURCE[code]), code
        assert rows.loc[code, "performance_score"] == pytest.approx(PERFORMANCE[code]), code
        assert rows.loc[code, "quadrant"] == QUADRANT[code], code
    assert rows.loc[B, "c_room"] != rows.loc[B, "c_room"]   # unknown room: NaN, left out (not 0)
    assert rows.loc[C, "c_accuracy"] == pytest.approx(P0)   # no samples → the county's prior
    assert rows.loc[C, "c_hours"] == 0 and rows.loc[C, "c_coverage"] == 0   # no staff → 0, not undefined
    assert rows.loc[A, "funds_median"] == pytest.approx(MEDIAN)
    # quadrant by quadrant, and within 'under' the lowest resource + performance first
    assert list(rows.index) == [C, B, D, E, A]
    assert RESOURCE[C] + PERFORMANCE[C] < RESOURCE[B] + PERFORMANCE[B]


def test_counts_sample_and_unknown(small, monkeypatch):
    active = query(small, "select count(*) from branches where status = '正常'")[0][0]
    [counts] = ask(small, monkeypatch, "weak_quadrants").to_dict("records")
    assert counts == pytest.approx({
        "under": 2, "management": 1, "lean": 1, "sound": 1, "scored": 5, "unknown": active - 5,
        "not_submitted": active - 6, "unscorable": 1, "room_unknown": 1, "funds_left_out": 0, "registered": active,
        "funds_median": MEDIAN})
    sample = ask(small, monkeypatch, "weak_sample", limit=2000).set_index("branch_code")
    assert sorted(sample.index) == sorted(QUADRANT)
    assert sample.resource_score.to_dict() == pytest.approx(RESOURCE)
    assert sample.performance_score.to_dict() == pytest.approx(PERFORMANCE)
    unknown = ask(small, monkeypatch, "weak_list", group="unknown", limit=100, offset=0)
    assert len(unknown) == active - 5 and unknown.performance_score.isna().all()
    assert unknown[~unknown.has_row].resource_score.isna().all()      # never scored as if they were 0
    assert not set(unknown.branch_code) & set(QUADRANT)
    assert unknown.branch_code.iloc[-1] == G                # submitters with nothing to score come last
    assert set(unknown.reason[:-1]) == {"本季度未报送"} and unknown.reason.iloc[-1] == "已报送,但没有可计算得分的数据"
    page = ask(small, monkeypatch, "weak_list", group="unknown", limit=20, offset=20)
    assert list(page.branch_code) == list(unknown.branch_code[20:])


def test_weights_and_cut_offs_change_the_scores_as_by_hand(small, monkeypatch):
    weights = W | {"room": 0, "funds": 0.5, "accuracy": 0}
    rows = everyone(small, monkeypatch, weights=weights)
    # resource: fulltime .25, coverage .25, hours .1, funds .5 (room weighs nothing) → denominator 1.1
    assert rows.loc[B, "resource_score"] == pytest.approx(100 * (.5 * 1) / 1.1)
    assert rows.loc[E, "resource_score"] == pytest.approx(100 * (.25 + .25 + .1 * .25 + .5 * (10 / MEDIAN)) / 1.1)
    assert rows.loc[C, "resource_score"] == 0
    # performance: completeness .4, digitisation .2 → denominator .6
    assert rows.loc[E, "performance_score"] == pytest.approx(100 * (.4 * 1 + .2 * .9) / .6)
    assert rows.loc[C, "performance_score"] == pytest.approx(100 * (.4 * 10 / 30) / .6)
    assert rows.loc[E, "quadrant"] == "sound"               # 62.9 ≥ 60 now
    target = everyone(small, monkeypatch, cuts=weak.CUTS | {"hours_target": 2})
    assert target.loc[E, "resource_score"] == pytest.approx(RESOURCE[E] + 100 * .1 * (1 - 2 / 8))
    cut = everyone(small, monkeypatch, cuts=weak.CUTS | {"resource_cut": 50, "performance_cut": 45})
    assert cut.quadrant.to_dict() == {C: "under", B: "under", D: "sound", E: "sound", A: "sound"}


def test_reasons_in_words(small, monkeypatch):
    rows = everyone(small, monkeypatch)
    assert rows.loc[C, "reason"] == ("无档案管理人员；未设档案室；本年度未参训；本季度未下拨专项经费；"   # 2024Q4's hours don't count
                                     f"归档完整率仅33%；分类准确率估计仅{100 * P0:.0f}%；数字化率仅0%")
    assert rows.loc[B, "reason"] == ("无专职档案员；未填报是否设立档案室；本季度参训0/1人；"           # trained in 2025Q3
                                     f"归档完整率仅40%；分类准确率估计仅{100 * ACCURACY[B]:.0f}%；数字化率仅10%")
    assert rows.loc[E, "reason"] == "未设档案室；人均培训2.0学时,不足目标8学时的一半；人均经费低于本地区中位数的一半"
    assert rows.loc[D, "reason"].startswith("归档完整率仅40%")   # resourced: only what it fails to achieve
    assert rows.loc[A, "reason"] != rows.loc[A, "reason"]       # sound: no reason (NaN)
    english = ask(small, monkeypatch, "weak_list", group="lean", limit=5, offset=0,
                  **{k: v for k, v in weak.query_params(W, weak.CUTS, "en").items() if k.startswith(("why_", "sep"))})
    assert english.reason.iloc[0].startswith("no archive room; 2.0 training hours per staff")


def test_xlsx_export(small, monkeypatch):
    monkeypatch.setenv("ARCHIVES_DB", str(small))
    params = {**VIEW, "group": "", **weak.query_params(W, weak.CUTS, "zh", view_median())}
    rows = weak_sheet.fetch(EVERYTHING, params)
    data = weak_sheet.to_xlsx(rows, 5, {"period": "2025年第四季度", "region": "承德市", "group": "全部"}, params)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[3]]
    assert header[:10] == ["序号", "组织代码", "党组织名称", "县(市、区)", "乡镇(街道)", "组织类型", "分组", "资源得分",
                           "表现得分", "原因"]
    assert header[-2:] == ["联系人", "联系电话"]
    body = [dict(zip(header, [c.value for c in r])) for r in sheet.iter_rows(min_row=4)]
    assert [r["组织代码"] for r in body] == [C, B, D, E, A]
    assert [r["资源得分"] for r in body] == [round(RESOURCE[c], 1) for c in (C, B, D, E, A)]  # as the page shows it
    assert body[0]["原因"].startswith("无档案管理人员；未设档案室；本年度未参训") and body[0]["分组"] == "资源不足且表现欠佳"
    assert body[1]["档案室"] is None and sheet.cell(row=4, column=11).number_format == "0%"
    assert "共 5 个支部" in sheet["A2"].value
    method = {r[0]: r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert method["权重:资源得分 · 档案室"] == 0.2 and method["资源得分分界线"] == 60
    assert method["人均下拨经费中位数(元)"] == MEDIAN
    assert weak_sheet.export(EVERYTHING, params, 5, {}, "zh")[:2] == b"PK"          # what the button downloads

    capped = openpyxl.load_workbook(io.BytesIO(weak_sheet.to_xlsx(weak_sheet.fetch(EVERYTHING, params, cap=2), 5, {}, params, cap=2)))
    sheet = capped.worksheets[0]
    assert sheet.max_row == 3 + 2 and "只含前 2 个" in sheet["A2"].value


def points(array) -> list:
    """A plotly data array as a list (plotly writes numeric arrays as base64 typed arrays)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def spec(at, key):
    return next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(key))


def test_page_on_the_hand_made_quarter(app, small):
    unknown_total = query(small, "select count(*) from branches where status = '正常'")[0][0] - 5
    at = app(small, PAGE)
    assert not at.exception
    assert [m.value for m in at.metric] == ["2", "1", "1", "1", str(unknown_total)]
    names = dict(query(small, "select branch_code, branch_name from branches"))
    table = at.dataframe[0].value
    assert list(table[t("col.branch_name", "zh")]) == [names[C], names[B]]      # the 'under' quadrant
    assert list(table[t("weak.score.resource", "zh")]) == [round(RESOURCE[C], 1), round(RESOURCE[B], 1)]
    assert list(table[t("weak.w.room", "zh")]) == ["0%", "—"]
    chart = spec(at, "weak_scatter")
    assert [trace["name"] for trace in chart["data"]] == [t(f"weak.group.{g}", "zh") for g in weak.GROUPS]
    assert "5 个支部" in chart["layout"]["title"]["text"]

    at.number_input(key="weak_w_room").set_value(0.0)
    at.number_input(key="weak_w_funds").set_value(0.5)
    at.number_input(key="weak_w_accuracy").set_value(0.0)
    at.button(key="weak_apply").click().run()                                    # a form: applied together
    assert [m.value for m in at.metric][:4] == ["2", "1", "0", "2"]             # E is now sound
    for k in weak.RESOURCE:
        at.number_input(key=f"weak_w_{k}").set_value(0.0)
    at.button(key="weak_apply").click().run()
    assert not at.exception and at.error and not at.metric                       # no score without a weight

    for k, v in W.items():
        at.number_input(key=f"weak_w_{k}").set_value(v)
    at.button(key="weak_apply").click().run()
    at.session_state["weak_tab"] = t("weak.tab.unknown", "zh")
    at.run()
    unknown = at.dataframe[0].value
    assert len(unknown) == 20 and set(unknown[t("weak.col.status", "zh")]) == {"本季度未报送"}
    assert names[A] not in set(unknown[t("col.branch_name", "zh")])
    assert t("col.phone", "zh") in unknown.columns
    turn_page(at, "weak_unknown", 2)                                             # 25 not submitted + G
    second = at.dataframe[0].value
    assert len(second) == 6 and second[t("col.branch_name", "zh")].iloc[-1] == names[G]
    assert second[t("weak.col.status", "zh")].iloc[-1] == "已报送,但没有可计算得分的数据"


def test_page_on_demo(app, demo_db):
    latest = query(demo_db, "select max(period) from submissions")[0][0]
    active, missing = query(demo_db, """select count(*), count(*) filter (where s.branch_code is null)
        from branches b left join submissions s on s.branch_code = b.branch_code and s.period = ?
        where b.status = '正常'""", [latest])[0]
    at = app(demo_db, PAGE)
    assert not at.exception
    values = [int(m.value.replace(",", "")) for m in at.metric]
    assert len(values) == 5 and sum(values) == active and values[4] >= missing
    scored = sum(values[:4])
    chart = spec(at, "weak_scatter")
    assert sum(len(points(trace["x"])) for trace in chart["data"]) == min(2000, scored)
    assert f"{scored:,} 个支部" in chart["layout"]["title"]["text"]
    table = at.dataframe[0].value
    assert len(table) == min(20, values[0])
    sums = (table[t("weak.score.resource", "zh")] + table[t("weak.score.performance", "zh")]).tolist()
    assert all(a <= b + 0.11 for a, b in zip(sums, sums[1:]))                    # lowest first (rounded scores)
    assert all(re.search(r"\S", reason) for reason in table[t("weak.col.reason", "zh")])


def test_english_switch(app, demo_db):
    at = app(demo_db, PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert t("weak.group.under", "en") in [m.label for m in at.metric]


def test_the_views_funds_median_is_asked_once_and_is_the_hand_worked_one(small, monkeypatch):
    monkeypatch.setenv("ARCHIVES_DB", str(small))
    assert view_median() == pytest.approx(MEDIAN)
    rows = ask(small, monkeypatch, "weak_list", group="", limit=100, offset=0)
    assert rows.funds_median.tolist() == pytest.approx([MEDIAN] * len(rows))
