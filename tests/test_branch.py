"""The branch profile page: register entry, quarters and rates against the raw rows, position in its
county, load history against the history tables, choosing by name, unknown and out-of-scope codes."""
import pytest

from i18n import t
from conftest import query
from warehouse import Scope

PAGE = "pages/branch.py"
SMALL_COUNTY = "130804"   # the smallest demo county: its raw rows are few


def open_profile(app, db, code, scope=None):
    """As ui.widgets.open_branch does: the code in session state, then the page."""
    at = app(db, scope=scope)
    at.session_state["branch"] = code
    return at.switch_page(PAGE).run()


def rate(num, den):
    return None if not den else num / den


def pct(value):
    return t("na") if value is None else f"{value:.1%}"


@pytest.fixture(scope="module")
def branch(demo_db):
    """An active branch of the small county that submitted in the newest quarter."""
    newest = query(demo_db, "select max(period) from submissions")[0][0]
    code, name = query(demo_db, """
        select b.branch_code, b.branch_name from branches b join submissions s using (branch_code)
        where b.county_code = ? and b.status = '正常' and s.period = ? and s.docs_expected > 0
        order by b.branch_code limit 1""", [SMALL_COUNTY, newest])[0]
    return {"code": code, "name": name, "period": newest}


def test_register_entry_and_quarters_match_the_raw_rows(app, demo_db, branch):
    at = open_profile(app, demo_db, branch["code"])
    assert not at.exception
    assert at.header[0].value == branch["name"]

    register = at.table[0].value
    fields = dict(zip(register.iloc[:, 0], register.iloc[:, 1]))
    contact, phone, township = query(demo_db, "select contact, phone, township from branches where branch_code = ?",
                                     [branch["code"]])[0]
    assert fields[t("branch.reg.contact")] == contact and fields[t("branch.reg.phone")] == phone
    assert fields[t("branch.reg.township")] == township

    raw = query(demo_db, """select period, docs_expected, docs_archived, docs_sampled, docs_misclassified,
                                   archive_staff, staff_trained, funds_allocated, funds_spent
                            from submissions where branch_code = ? order by period""", [branch["code"]])
    quarters = at.dataframe[0].value.set_index(t("branch.form.period"))
    submitted = quarters[quarters[t("branch.form.has_row")]]
    assert list(submitted.index) == [r[0] for r in raw]
    for period, expected, archived, sampled, wrong, staff, trained, allocated, spent in raw:
        row = quarters.loc[period]
        assert row[t("branch.form.docs_expected")] == expected
        assert row[t("branch.form.docs_archived")] == archived
        assert row[t("branch.form.funds_spent")] == pytest.approx(float(spent) / 10000)     # shown in 万元
        assert row[t("ind.completeness")] == pytest.approx(rate(archived, expected))
        accuracy = None if not sampled else 1 - wrong / sampled
        assert (row[t("ind.classification_accuracy")] == pytest.approx(accuracy)) if accuracy is not None \
            else row.isna()[t("ind.classification_accuracy")]
        utilisation = rate(float(spent), float(allocated))
        assert (row[t("ind.fund_utilisation")] == pytest.approx(utilisation)) if utilisation is not None \
            else row.isna()[t("ind.fund_utilisation")]
    assert len(at.get("plotly_chart")) == 2


def test_position_against_county_and_scope(app, demo_db, branch):
    at = open_profile(app, demo_db, branch["code"])
    period = branch["period"]
    rows = query(demo_db, """select s.branch_code, b.county_code, s.docs_expected, s.docs_archived
                             from submissions s join branches b using (branch_code) where s.period = ?""", [period])
    county = [r for r in rows if r[1] == SMALL_COUNTY]
    county_rate = sum(r[3] for r in county) / sum(r[2] for r in county)
    scope_rate = sum(r[3] for r in rows) / sum(r[2] for r in rows)
    table = at.table[1].value.set_index(t("branch.indicator"))
    county_name = query(demo_db, "select any_value(county_name) from branches where county_code = ?",
                        [SMALL_COUNTY])[0][0]
    assert table.loc[t("ind.completeness"), county_name] == pct(county_rate)
    assert table.loc[t("ind.completeness")].iloc[-1] == pct(scope_rate)

    own = {r[0]: r[3] / r[2] for r in county if r[2] > 0}
    mine = own[branch["code"]]
    assert table.loc[t("ind.completeness"), t("branch.this_branch")] == pct(mine)
    better = sum(v > mine for v in own.values())
    lower = sum(v < mine for v in own.values())
    rank, share = at.metric[0].value, at.metric[1].value
    assert rank == t("branch.rank_value", rank=better + 1, n=len(own))
    assert share == pct(lower / (len(own) - 1))


def test_load_history_lists_every_file_of_the_branch(app, demo_db):
    # a branch that was revised (two loaded rows for one quarter) and one with rejected rows
    revised = query(demo_db, """select branch_code from submission_history group by branch_code, period
                                having count(*) > 1 order by branch_code limit 1""")[0][0]
    rejected = query(demo_db, """select r.branch_code from rejects r join branches b using (branch_code)
                                 order by r.branch_code limit 1""")[0][0]
    for code in (revised, rejected):
        at = open_profile(app, demo_db, code)
        assert not at.exception
        history = at.dataframe[1].value
        files = {r[0] for r in query(demo_db, "select source_file from submission_history where branch_code = ? "
                                              "union select source_file from rejects where branch_code = ?",
                                     [code, code])}
        assert set(history[t("branch.load.source_file")]) == files
        loaded = query(demo_db, "select count(*) from submission_history where branch_code = ?", [code])[0][0]
        refused = query(demo_db, "select count(*) from rejects where branch_code = ?", [code])[0][0]
        outcomes = history[t("branch.load.outcome")]
        assert (outcomes == t("branch.outcome.rejected")).sum() == refused
        assert len(history) == loaded + refused
        current = query(demo_db, "select count(*) from submissions where branch_code = ?", [code])[0][0]
        assert history[t("branch.load.is_current")].sum() == current
        if code == rejected:
            reasons = query(demo_db, "select reasons from rejects where branch_code = ?", [code])
            assert {r[0] for r in reasons} <= set(history[t("branch.load.reasons")])


def test_warnings_show_their_reasons(app, demo_db):
    code, reasons = query(demo_db, """select w.branch_code, w.reasons from warnings w join branches b
                                      using (branch_code) order by w.branch_code limit 1""")[0]
    history = open_profile(app, demo_db, code).dataframe[1].value
    warned = history[history[t("branch.load.outcome")] == t("branch.outcome.warned")]
    assert list(warned[t("branch.load.reasons")]) == [reasons]


def test_a_quarter_without_a_form_is_undefined_not_zero(app, demo_db, branch):
    code = query(demo_db, """select branch_code from branches where status = '正常' and branch_code not in
                             (select branch_code from submissions where period = ?)
                             order by branch_code limit 1""", [branch["period"]])[0][0]
    at = open_profile(app, demo_db, code)
    assert not at.exception and at.info                      # "did not submit this quarter"
    assert at.metric[0].value == t("na") and at.metric[1].value == t("na")
    own = at.table[1].value[t("branch.this_branch")]
    assert set(own) == {t("na")}


@pytest.mark.parametrize("code", ["999999999999", "abc"])
def test_unknown_code_says_so(app, demo_db, code):
    at = open_profile(app, demo_db, code)
    assert not at.exception
    assert len(at.warning) == 1 and code in at.warning[0].value
    assert not at.header and not at.dataframe


def test_code_outside_the_scope_is_not_found(app, demo_db, branch):
    outside = open_profile(app, demo_db, branch["code"], scope=Scope("130824", "滦平县"))
    assert not outside.exception and outside.warning and not outside.header
    inside_code, inside_name = query(demo_db, "select branch_code, branch_name from branches "
                                              "where county_code = '130824' order by branch_code limit 1")[0]
    inside = open_profile(app, demo_db, inside_code, scope=Scope("130824", "滦平县"))
    assert not inside.exception and inside.header[0].value == inside_name


def test_finding_a_branch_by_name(app, demo_db, branch):
    at = app(demo_db).switch_page(PAGE).run()
    assert not at.exception and at.info and not at.header   # nothing chosen yet: a hint
    at.text_input(key="branch_search").set_value(branch["name"]).run()
    options = at.selectbox(key="branch_pick").options
    assert 1 <= len(options) <= 20 and any(branch["code"] in o for o in options)
    at.selectbox(key="branch_pick").set_value(branch["code"]).run()
    assert not at.exception
    assert at.text_input(key="branch").value == branch["code"]
    assert at.header[0].value == branch["name"]


def test_search_stays_within_the_filters(app, demo_db, branch):
    at = app(demo_db).switch_page(PAGE).run()
    at.selectbox(key="county").set_value("130824").run()
    at.text_input(key="branch_search").set_value(branch["name"]).run()
    codes = query(demo_db, "select branch_code from branches where county_code = '130824' "
                           "and contains(branch_name, ?)", [branch["name"]])
    if codes:
        assert all(SMALL_COUNTY not in o for o in at.selectbox(key="branch_pick").options)
    else:
        assert not at.get("selectbox") or "branch_pick" not in [s.key for s in at.selectbox]


def test_english_labels(app, demo_db, branch):
    at = open_profile(app, demo_db, branch["code"])
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception and at.header[0].value == branch["name"]
    assert t("branch.form.docs_expected", lang="en") in at.dataframe[0].value.columns

