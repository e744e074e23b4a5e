"""The special funds page: KPI cards, the unspent and misuse lists and the charts, checked against sums
of the raw submissions of one county and quarter; and the empty database."""
import json

import pytest
from conftest import turn_page, open_page, plotly_values, query

PAGE = "pages/funds.py"
COUNTY, PERIOD, PREVIOUS = "130804", "2025Q3", "2025Q2"  # 鹰手营子矿区, the smallest demo county
COLS = ["branch_code", "branch_name", "funds_allocated", "funds_spent", "funds_designated", "funds_misused"]


def raw_rows(db, county, period):
    """The county's current submissions for one quarter, as dicts."""
    rows = query(db, f"select {', '.join('s.' + c for c in COLS)} from submissions s join branches b "
                     "using (branch_code) where b.county_code = ? and s.period = ?", [county, period])
    return [dict(zip(COLS, r)) for r in rows]


def total(rows, col):
    return sum(float(r[col]) for r in rows)


def open_county(app, db, county=COUNTY, period=PERIOD):
    return open_page(app, db, PAGE, county, period)


def test_kpi_cards_match_the_raw_sums(app, demo_db):
    at = open_county(app, demo_db)
    cards = {m.label: m for m in at.metric}
    now, before = raw_rows(demo_db, COUNTY, PERIOD), raw_rows(demo_db, COUNTY, PREVIOUS)

    def utilisation(rows):
        return total(rows, "funds_spent") / total(rows, "funds_allocated")
    assert cards["经费使用率"].value == f"{utilisation(now):.1%}"
    assert cards["经费使用率"].delta == f"{(utilisation(now) - utilisation(before)) * 100:+.1f} 个百分点"
    assert cards["专款专用率"].value == f"{total(now, 'funds_designated') / total(now, 'funds_spent'):.1%}"
    assert cards["挪用率"].value == f"{total(now, 'funds_misused') / total(now, 'funds_spent'):.1%}"
    assert cards["挪用金额"].value == f"{total(now, 'funds_misused') / 10000:,.2f} 万元"
    assert cards["下拨经费(万元)"].value == f"{total(now, 'funds_allocated') / 10000:,.2f}"
    assert cards["经费支出(万元)"].delta == f"{(total(now, 'funds_spent') - total(before, 'funds_spent')) / 10000:+,.2f}"
    unspent = total(now, "funds_allocated") - total(now, "funds_spent")
    assert cards["本期结余(万元)"].value == f"{unspent / 10000:,.2f}"


def test_unspent_list_is_ordered_by_unspent_amount(app, demo_db):
    at = open_county(app, demo_db)
    funded = sorted((r for r in raw_rows(demo_db, COUNTY, PERIOD) if r["funds_allocated"] > 0),
                    key=lambda r: (-(float(r["funds_allocated"]) - float(r["funds_spent"])), r["branch_code"]))
    assert len(funded) > 20, "the demo county should need a second page"
    shown = at.dataframe[0].value
    unspent = [float(r["funds_allocated"]) - float(r["funds_spent"]) for r in funded]
    assert list(shown["党组织名称"]) == [r["branch_name"] for r in funded[:20]]
    assert list(shown["本期结余(万元)"]) == pytest.approx([u / 10000 for u in unspent[:20]])
    assert list(shown["经费使用率"]) == pytest.approx(
        [float(r["funds_spent"]) / float(r["funds_allocated"]) for r in funded[:20]])
    assert any(f"共 {len(funded)} 个" in c.value for c in at.caption)

    # cumulative: Σ allocated − Σ spent over every quarter up to the chosen one
    first = funded[0]["branch_code"]
    to_date = query(demo_db, "select sum(funds_allocated) - sum(funds_spent) from submissions "
                             "where branch_code = ? and period <= ?", [first, PERIOD])[0][0]
    assert shown["累计结余(万元)"].iloc[0] == pytest.approx(float(to_date) / 10000)

    turn_page(at, "funds_unspent", 2)
    assert not at.exception
    assert list(at.dataframe[0].value["本期结余(万元)"]) == pytest.approx([u / 10000 for u in unspent[20:40]])


def misuse_scope(db):
    """The county and quarter with the most misuse cases that still fit on one page."""
    return query(db, "select b.county_code, s.period, count(*) as n from submissions s join branches b "
                     "using (branch_code) where s.funds_misused > 0 group by all having n <= 20 "
                     "order by n desc, b.county_code, s.period limit 1")[0]


def test_misuse_list_is_every_case_with_its_total(app, demo_db):
    county, period, n = misuse_scope(demo_db)
    assert n >= 2
    at = open_county(app, demo_db, county, period)
    cases = [r for r in raw_rows(demo_db, county, period) if r["funds_misused"] > 0]
    shown = at.dataframe[1].value
    assert sorted(shown["党组织名称"]) == sorted(r["branch_name"] for r in cases)
    assert sorted(shown["挪用金额(万元)"]) == pytest.approx(sorted(float(r["funds_misused"]) / 10000 for r in cases))
    assert list(shown["挪用金额(万元)"]) == sorted(shown["挪用金额(万元)"], reverse=True)
    shares = {r["branch_name"]: round(100 * float(r["funds_misused"]) / float(r["funds_spent"]), 1) for r in cases}
    assert dict(zip(shown["党组织名称"], shown["占支出比例(%)"])) == pytest.approx(shares)
    assert any(f"挪用合计 {total(cases, 'funds_misused') / 10000:,.2f} 万元" in c.value for c in at.caption)
    assert f"({len(cases)})" in at.tabs[1].label


def test_no_misuse_gives_an_empty_list(app, demo_db):
    quiet = query(demo_db, "select s.period from submissions s join branches b using (branch_code) "
                           "where b.county_code = ? group by all having max(s.funds_misused) = 0 "
                           "order by 1 limit 1", [COUNTY])
    at = open_county(app, demo_db, COUNTY, quiet[0][0])
    assert len(at.dataframe) == 1                     # the unspent list only
    assert "(0)" in at.tabs[1].label


def test_region_chart_and_quarterly_chart(app, demo_db):
    at = open_county(app, demo_db)
    by_region, by_quarter = (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    allocated = dict(zip(plotly_values(by_region["data"][0]["y"]), plotly_values(by_region["data"][0]["x"])))
    towns = query(demo_db, "select b.township, sum(s.funds_allocated) from submissions s join branches b "
                           "using (branch_code) where b.county_code = ? and s.period = ? group by all",
                  [COUNTY, PERIOD])
    assert allocated == pytest.approx({town: float(amount) / 10000 for town, amount in towns})
    assert len(by_region["data"]) == 4                # allocated, spent, on archives, misused

    quarters = dict(zip(plotly_values(by_quarter["data"][1]["x"]), plotly_values(by_quarter["data"][1]["y"])))
    spent = query(demo_db, "select s.period, sum(s.funds_spent) from submissions s join branches b "
                           "using (branch_code) where b.county_code = ? group by all", [COUNTY])
    assert quarters == pytest.approx({period: float(amount) / 10000 for period, amount in spent})


def test_township_shows_its_branches_instead_of_a_chart(app, demo_db):
    at = open_county(app, demo_db)
    town = at.selectbox(key="town").options[1]
    at.selectbox(key="town").set_value(town).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1           # the quarterly chart only
    allocated = list(at.dataframe[0].value["下拨经费(万元)"])
    assert allocated == sorted(allocated, reverse=True)


def test_english_switch(app, demo_db):
    at = app(demo_db, PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert "Fund utilisation" in [m.label for m in at.metric]

