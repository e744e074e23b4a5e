"""The completeness page (档案完整性) on the demo data and on a database with no submissions yet; numbers
checked against arithmetic over the raw submissions of one small county."""
import json
import math

import pytest
from conftest import turn_page, plotly_values, query

from i18n import t

PAGE = "pages/completeness.py"
COUNTY = "130804"   # 鹰手营子矿区, the smallest demo county


def charts(at) -> dict:
    """The page's plotly specs by widget key."""
    return {c.proto.id.rsplit("-", 1)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def periods(db):
    return [p for (p,) in query(db, "select distinct period from submissions order by period desc")]


def county_rows(db, period):
    """(branch_code, docs_expected, docs_archived, docs_digitised) of every submission of COUNTY in period."""
    return query(db, """select s.branch_code, s.docs_expected, s.docs_archived, s.docs_digitised
                        from submissions s join branches b using (branch_code)
                        where b.county_code = ? and s.period = ?""", [COUNTY, period])


def pct(value):
    return "—" if value is None else f"{value:.1%}"


def rates(rows):
    expected, archived, digitised = (sum(r[i] for r in rows) for i in (1, 2, 3))
    return (archived / expected if expected else None), (digitised / archived if archived else None)


def test_page_on_demo(app, demo_db):
    at = app(demo_db, PAGE)
    assert not at.exception
    assert [m.label for m in at.metric] == [t("ind.completeness", "zh"), t("ind.digitisation", "zh")]
    specs = charts(at)
    assert set(specs) == {"regions_completeness", "regions_digitisation", "by_type", "trend", "distribution"}
    counties = query(demo_db, "select count(distinct county_code) from branches")[0][0]
    assert len(specs["regions_completeness"]["data"][0]["y"]) == counties      # one bar per county
    assert len(specs["trend"]["data"][0]["x"]) == len(periods(demo_db))        # every quarter
    latest = periods(demo_db)[0]
    counted = query(demo_db, "select count(*) from submissions where period = ? and docs_expected > 0", [latest])[0][0]
    assert sum(plotly_values(specs["distribution"]["data"][0]["y"])) == counted
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 20


def test_kpis_match_raw_submissions_of_one_county(app, demo_db):
    quarter, before = periods(demo_db)[1:3]
    at = app(demo_db, PAGE)
    at.selectbox(key="q").set_value(quarter).run()
    at.selectbox(key="county").set_value(COUNTY).run()
    assert not at.exception
    completeness, digitisation = rates(county_rows(demo_db, quarter))
    previous, _ = rates(county_rows(demo_db, before))
    assert at.metric[0].value == pct(completeness)
    assert at.metric[1].value == pct(digitisation)
    assert at.metric[0].delta.startswith(f"{(completeness - previous) * 100:+.1f}")
    # one level down from a county are its townships
    towns = query(demo_db, "select count(distinct township) from branches where county_code = ?", [COUNTY])[0][0]
    assert len(charts(at)["regions_completeness"]["data"][0]["y"]) == towns


def test_histogram_and_laggards_match_raw_rows(app, demo_db):
    latest = periods(demo_db)[0]
    at = app(demo_db, PAGE)
    at.selectbox(key="county").set_value(COUNTY).run()
    rows = [(code, archived / expected, expected - archived)
            for code, expected, archived, _ in county_rows(demo_db, latest) if expected > 0]
    bins = [0] * 11
    for _, rate, _ in rows:
        bins[10 if rate >= 1 else math.floor(rate * 10)] += 1
    assert plotly_values(charts(at)["distribution"]["data"][0]["y"]) == bins

    ordered = sorted(rows, key=lambda r: (r[1], -r[2], r[0]))
    names = dict(query(demo_db, "select branch_code, branch_name from branches where county_code = ?", [COUNTY]))
    shown = at.dataframe[0].value
    assert list(shown[t("col.branch_name", "zh")]) == [names[code] for code, _, _ in ordered[:20]]
    assert list(shown[t("ind.completeness", "zh")]) == pytest.approx([rate for _, rate, _ in ordered[:20]])

    turn_page(at, "laggards", 2)
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown[t("col.branch_name", "zh")]) == [names[code] for code, _, _ in ordered[20:40]]


def test_english_switch(app, demo_db):
    at = app(demo_db, PAGE)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert [m.label for m in at.metric] == [t("ind.completeness", "en"), t("ind.digitisation", "en")]


def test_a_view_where_no_branch_has_the_figure_says_so_instead_of_empty_axes(app, demo_db):
    """A township and an org type with no branch of that type: the rate charts have nothing to draw, and the
    page says that in words rather than drawing axes around nothing."""
    from i18n import t
    county, town, kind = query(demo_db, """
        with towns as (select distinct county_code, township from branches),
        types as (select distinct org_type from branches)
        select t.county_code, t.township, y.org_type from towns t cross join types y
        where not exists (select 1 from branches b where b.county_code = t.county_code and b.township = t.township
                          and b.org_type = y.org_type)
        order by all limit 1""")[0]
    at = app(demo_db, "pages/completeness.py")
    at.selectbox(key="county").set_value(county).run()
    at.selectbox(key="town").set_value(town).run()
    at.selectbox(key="type").set_value(kind).run()
    assert not at.exception
    assert t("empty.no_values") in [c.value for c in at.caption]
    assert "regions_completeness" not in charts(at)        # its bars would all be undefined


def test_a_trend_names_the_quarters_it_spans(app, demo_db):
    """The trend taken into a meeting says 2024年第一季度至2025年第四季度, not only the chosen quarter."""
    from domain.periods import period_label
    at = app(demo_db, "pages/completeness.py")
    quarters = sorted(p for (p,) in query(demo_db, "select distinct period from submissions"))
    trend = charts(at)["trend"]["layout"]["title"]["text"]
    assert f"{period_label(quarters[0])}至{period_label(quarters[-1])}" in trend
    assert f"{period_label(quarters[0])}至" not in charts(at)["by_type"]["layout"]["title"]["text"]
