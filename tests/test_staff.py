"""The staff and training page: KPI values, the regions chart and the two branch lists, checked against
sums of the raw submissions of one small county; and the empty database."""
import json

import pytest
from conftest import turn_page, open_page, plotly_values, query

PAGE = "pages/staff.py"
COUNTY, PERIOD, PREVIOUS = "130804", "2025Q3", "2025Q2"  # 鹰手营子矿区, the smallest demo county


def raw_rows(db, period, county=COUNTY):
    """The county's current submissions for one quarter, as dicts."""
    cols = ["branch_code", "branch_name", "archive_staff", "archive_staff_fulltime", "staff_trained",
            "training_hours", "has_archive_room", "docs_archived"]
    rows = query(db, f"select {', '.join('s.' + c for c in cols)} from submissions s "
                     "join branches b using (branch_code) where b.county_code = ? and s.period = ?", [county, period])
    return [dict(zip(cols, r)) for r in rows]


def expected_cards(rows):
    staff = sum(r["archive_staff"] for r in rows)
    answered = [r for r in rows if r["has_archive_room"] is not None]
    return {
        "培训覆盖率": sum(r["staff_trained"] for r in rows) / staff,
        "人均培训学时": sum(r["training_hours"] for r in rows) / staff,
        "专职配备率": sum(r["archive_staff_fulltime"] >= 1 for r in rows) / len(rows),
        "档案室设立率": sum(bool(r["has_archive_room"]) for r in rows) / len(answered),
    }


def open_county(app, db, county=COUNTY, period=PERIOD):
    return open_page(app, db, PAGE, county, period)


def test_kpi_cards_match_the_raw_sums(app, demo_db):
    at = open_county(app, demo_db)
    cards = {m.label: m for m in at.metric}
    now, before = expected_cards(raw_rows(demo_db, PERIOD)), expected_cards(raw_rows(demo_db, PREVIOUS))
    for label in ("培训覆盖率", "专职配备率", "档案室设立率"):
        assert cards[label].value == f"{now[label]:.1%}"
        assert cards[label].delta == f"{(now[label] - before[label]) * 100:+.1f} 个百分点"
    assert cards["人均培训学时"].value == f"{now['人均培训学时']:,.1f}"


def test_regions_chart_shows_each_township_and_follows_the_indicator(app, demo_db):
    at = open_county(app, demo_db)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = dict(zip(plotly_values(spec["data"][0]["y"]), plotly_values(spec["data"][0]["x"])))
    towns = query(demo_db, "select b.township, sum(s.staff_trained) / sum(s.archive_staff) from submissions s "
                           "join branches b using (branch_code) where b.county_code = ? and s.period = ? "
                           "group by all having sum(s.archive_staff) > 0", [COUNTY, PERIOD])
    assert set(bars) == {town for town, _ in towns}
    for town, coverage in towns:
        assert bars[town] == pytest.approx(coverage)

    at.selectbox(key="staff_indicator").set_value(at.selectbox(key="staff_indicator").options[1]).run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "人均培训学时" in spec["layout"]["title"]["text"]
    assert "人均培训学时" in json.loads(at.get("plotly_chart")[1].proto.spec)["layout"]["title"]["text"]


def test_untrained_list_is_exactly_the_untrained_branches_in_order(app, demo_db):
    at = open_county(app, demo_db)
    rows = raw_rows(demo_db, PERIOD)
    untrained = sorted((r for r in rows if r["archive_staff"] > 0 and r["staff_trained"] == 0),
                       key=lambda r: (-r["archive_staff"], r["branch_code"]))
    assert len(untrained) > 20, "the demo county should need a second page"
    shown = at.dataframe[0].value
    assert list(shown["党组织名称"]) == [r["branch_name"] for r in untrained[:20]]
    assert list(shown["档案管理人员数"]) == [r["archive_staff"] for r in untrained[:20]]
    assert {"联系人", "联系电话", "乡镇(街道)", "组织类型"} <= set(shown.columns)
    assert any(f"共 {len(untrained)} 个" in c.value for c in at.caption)

    turn_page(at, "staff_untrained", 2)
    assert not at.exception
    assert list(at.dataframe[0].value["党组织名称"]) == [r["branch_name"] for r in untrained[20:40]]


def test_no_staff_list_is_exactly_the_branches_without_archive_staff(app, demo_db):
    at = open_county(app, demo_db)
    expected = {r["branch_name"] for r in raw_rows(demo_db, PERIOD) if r["archive_staff"] == 0}
    assert expected, "the demo county should have branches without archive staff"
    shown = at.dataframe[1].value
    assert set(shown["党组织名称"]) == expected and len(shown) == len(expected)
    assert f"({len(expected)})" in at.tabs[1].label


def test_township_shows_its_branches_instead_of_a_chart(app, demo_db):
    at = open_county(app, demo_db)
    town = at.selectbox(key="town").options[1]
    at.selectbox(key="town").set_value(town).run()
    assert not at.exception
    submitted = query(demo_db, "select count(*) from submissions s join branches b using (branch_code) "
                               "where b.county_code = ? and b.township = ? and s.period = ?",
                      [COUNTY, town, PERIOD])[0][0]
    assert len(at.get("plotly_chart")) == 1          # the trend only
    assert len(at.dataframe[0].value) == min(submitted, 20)


def test_english_switch(app, demo_db):
    at = app(demo_db, PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert "Training coverage" in [m.label for m in at.metric]

