"""Every page on a database with the register but no submissions yet: no error, and it says what to do."""
import pytest

PAGES = ["pages/completeness.py", "pages/classification.py", "pages/staff.py", "pages/funds.py",
         "pages/branch.py", "pages/weak.py", "pages/allocation.py", "pages/briefing.py"]


@pytest.mark.parametrize("page", PAGES)
def test_page_explains_what_to_do_without_data(app, empty_db, page):
    at = app(empty_db, page)
    assert not at.exception
    assert at.info and "还没有" in at.info[0].value
    assert not at.metric
