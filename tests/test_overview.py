"""The landing page on the demo data and on a database with no submissions yet."""
from conftest import query


def test_overview_on_demo(app, demo_db):
    at = app(demo_db)
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "报送率" in labels and "归档完整率" in labels and "挪用金额" in labels
    registered = query(demo_db, "select count(*) from branches where status = '正常'")[0][0]
    assert f"{registered:,} 个支部" in at.caption[0].value
    assert len(at.get("plotly_chart")) == 2


def test_drilling_into_a_county_narrows_every_number(app, demo_db):
    at = app(demo_db)
    at.selectbox(key="county").set_value("130824").run()
    assert not at.exception
    registered = query(demo_db, "select count(*) from branches where status = '正常' and county_code = '130824'")[0][0]
    assert "滦平县" in at.caption[0].value and f"{registered:,} 个支部" in at.caption[0].value


def test_empty_database_explains_what_to_do(app, empty_db):
    at = app(empty_db)
    assert not at.exception
    assert at.info and "还没有" in at.info[0].value
    assert "python -m etl load" in at.markdown[0].value


def test_english_switch(app, demo_db):
    at = app(demo_db)
    at.session_state["lang"] = "en"
    at.run()
    assert "Completeness" in [m.label for m in at.metric]


def test_every_compare_indicator_works_on_a_townships_branches(app, demo_db):
    """At township level the overview lists branches: each indicator of its selector is a column there, the
    branch's own value as the area rate counts it (had_row, its yes/no answers), worked out from the tables."""
    from domain import indicators as ind
    town, period = query(demo_db, """select township, max(period) from submissions s join branches b using (branch_code)
                                     where b.county_code = '130824' group by township order by township limit 1""")[0]
    at = app(demo_db)
    at.selectbox(key="county").set_value("130824").run()
    at.selectbox(key="town").set_value(town).run()
    assert not at.exception
    chooser = next(s for s in at.selectbox if s.label == "比较指标")
    expected = dict(query(demo_db, """
        select b.branch_name, case when s.branch_code is null then 0 else 1 end
        from branches b left join submissions s on s.branch_code = b.branch_code and s.period = ?
        where b.county_code = '130824' and b.township = ? and b.status = '正常'""", [period, town]))
    rooms = dict(query(demo_db, """select b.branch_name, s.has_archive_room from submissions s join branches b
                                   using (branch_code) where s.period = ? and b.county_code = '130824'
                                   and b.township = ?""", [period, town]))
    for indicator in ind.OVERVIEW_CARDS[:-1]:
        chooser.set_value(indicator).run()
        assert not at.exception, indicator.key
        shown = at.dataframe[0].value
        assert indicator.label() in shown.columns, indicator.key
        values = dict(zip(shown["支部名称"] if "支部名称" in shown.columns else shown.iloc[:, 0], shown[indicator.label()]))
        if indicator is ind.SUBMISSION:
            assert {k: int(v) for k, v in values.items()} == {k: v for k, v in expected.items() if k in values}
        if indicator is ind.ROOM:
            assert all((v == 1) == bool(rooms[k]) for k, v in values.items() if k in rooms and v == v)


def test_a_change_that_rounds_to_nothing_has_no_sign_arrow_or_colour():
    from domain import indicators as ind
    from domain.money import money_delta
    same = ind.fmt_delta(ind.COMPLETENESS, 0.50001, 0.5)
    assert same == "0.0 个百分点" and ind.delta_color(ind.COMPLETENESS, same) == "off" and ind.delta_arrow(same) == "off"
    up = ind.fmt_delta(ind.MISUSE_RATE, 0.2, 0.1)
    assert up.startswith("+10.0") and ind.delta_color(ind.MISUSE_RATE, up) == "inverse" and ind.delta_arrow(up) == "auto"
    assert money_delta(100, 88) == "0.00 万元" and money_delta(100_000, 200_000).startswith("-10.00")
