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
