"""经费分配 as an officer uses it: compute, save, compare and refuse, through the page (AppTest)."""
import math

from conftest import query
from test_allocation import COUNTY, PAGE, amounts, latest, quarters_back

from domain import allocation as alloc


# --- the page -------------------------------------------------------------------------------------

def compute(at, **values):
    for key, value in values.items():
        at.number_input(key=key).set_value(value)
    at.button(key="alloc_compute").click().run()
    return at


def budget_input(at):
    return next(n for n in at.number_input if n.key.startswith("alloc_budget"))


def save(at, name):
    at.text_input(key="alloc_name").set_value(name)
    at.button(key="alloc_save").click().run()


def test_page_computes_saves_and_compares_plans(app, demo_db, tmp_path, monkeypatch):
    at = app(demo_db, PAGE)
    at.selectbox(key="county").set_value(COUNTY).run()
    assert not at.exception
    period = latest(demo_db)
    last_total = query(demo_db, """select sum(s.funds_allocated) from submissions s join branches b using (branch_code)
                                   where b.status = '正常' and b.county_code = ? and s.period = ?""", [COUNTY, period])[0][0]
    registered = query(demo_db, "select count(*) from branches where status = '正常' and county_code = ?", [COUNTY])[0][0]
    # the suggested budget: last time's total rounded up to 10,000, but at least base (2,000) × branches
    assert budget_input(at).value == max(math.ceil(float(last_total) / 10_000) * 10_000, 2000 * registered)

    budget = budget_input(at).value + 4_321
    budget_input(at).set_value(budget)
    compute(at)
    assert not at.exception and not at.error
    values = {m.label: m.value for m in at.metric}
    assert list(values.values())[:3] == [f"{budget:,}", f"{budget:,}", "0"]
    assert list(values.values())[3] == f"{registered:,}"
    counties = at.dataframe[0].value
    assert counties.iloc[:, 3].sum() == budget                      # per-county amounts add up to the budget
    assert len(at.dataframe[1].value) == 50                          # one page of branches
    assert at.get("plotly_chart")

    save(at, "方案A")
    assert at.success and not at.error
    save(at, "方案A")                   # the same plan again (Enter already saved it): not a failure
    assert at.success and not at.error
    compute(at, alloc_base=1000)
    save(at, "方案A")                   # a different plan under a taken name: refused, with the way out
    assert at.error and "覆盖" in at.error[0].value
    save(at, "方案B")
    assert alloc.saved_plans("") == ["方案A", "方案B"]
    at.multiselect(key="alloc_compare").set_value(["方案A", "方案B"]).run()
    assert not at.exception
    side_by_side = next(d.value for d in at.dataframe if list(d.value.columns)[-2:] == ["方案A", "方案B"])
    assert side_by_side["方案A"].sum() == budget and side_by_side["方案B"].sum() == budget
    differ = at.dataframe[-1].value
    assert len(differ) > 0 and (differ.iloc[:, -1] > 0).all()


def test_page_refuses_a_budget_below_the_base_amounts(app, demo_db, tmp_path, monkeypatch):
    at = app(demo_db, PAGE)
    at.selectbox(key="county").set_value(COUNTY).run()
    budget_input(at).set_value(1000)
    compute(at)
    assert not at.exception and at.error and not at.metric
    compute(at, alloc_floor=5000, alloc_cap=100)
    assert at.error and not at.metric


def test_page_withholds_from_the_branches_with_misuse(app, demo_db, tmp_path, monkeypatch):
    at = app(demo_db, PAGE)
    at.selectbox(key="county").set_value(COUNTY).run()
    at.toggle(key="alloc_withhold").set_value(True)
    compute(at)
    period = latest(demo_db)
    misused = query(demo_db, """select count(distinct s.branch_code) from submissions s join branches b using (branch_code)
                                where b.status = '正常' and b.county_code = ? and s.funds_misused > 0
                                  and s.period between ? and ?""", [COUNTY, quarters_back(period, 3), period])[0][0]
    metrics = [m.value for m in at.metric]
    assert not at.exception and metrics[5] == f"{misused:,}" and metrics[0] == metrics[1]



def test_a_view_over_the_limit_is_refused_before_its_rows_are_read(app, demo_db, monkeypatch):
    """At national scale the page counts the view's branches from the rollup and refuses at once, instead of
    fetching millions of rows; the form is not offered."""
    from warehouse import queries
    monkeypatch.setattr(alloc, "MAX_BRANCHES", 100)
    asked = []
    execute = queries.execute
    monkeypatch.setattr(queries, "execute", lambda bound, *a, **k: asked.append(bound.name) or execute(bound, *a, **k))
    at = app(demo_db, PAGE)
    assert not at.exception and any("100" in w.value for w in at.warning)
    assert not [n for n in at.number_input if n.key.startswith("alloc_budget")]
    assert "allocation_inputs" not in asked and "overview_totals" in asked
