"""Every key the app keeps in Streamlit's session state, named once. Filter keys are also the URL's
query parameters (`?q=2025Q4&county=…`), so their values are part of shared links: do not rename them."""

LANG = "lang"                    # 'zh' or 'en', bound to the URL
SCOPE = "user_scope"             # the Scope of the person using this session (set at login, never from the URL)
# The sidebar filters, bound to the URL
PERIOD = "q"
PROVINCE = "prov"
CITY = "city"
COUNTY = "county"
TOWNSHIP = "town"
ORG_TYPE = "type"
FILTERS = (PERIOD, PROVINCE, CITY, COUNTY, TOWNSHIP, ORG_TYPE)

BRANCH = "branch"                # the branch profile's code, bound to the URL
BRANCH_SEARCH = "branch_search"
BRANCH_PICK = "branch_pick"

ALLOCATION = "allocation"        # (plan, the filters it was made for) on 经费分配
DESK_RESULTS = "desk_results"    # the FileResults of the last upload on 数据管理


def page(table_key: str) -> str:
    """The pager of a table: which page of it is shown."""
    return f"{table_key}_page"


def uploads_made(kind: str) -> str:
    """How many uploads of `kind` this session made: each gets a fresh, empty uploader."""
    return f"desk_{kind}_n"


def uploader(kind: str, n: int) -> str:
    return f"desk_{kind}_files_{n}"

USER = "user_name"               # the logged-in account's name (set at login, never from the URL)
ACCOUNT = "user_account"         # that account as this run read it (or the demo's visitor)
LAST_SEEN = "user_last_seen"     # when this session last ran a page, for the idle timeout
WANTS_LOGIN = "user_wants_login"  # on the demo: the visitor asked for the login form
NOTICE = "user_notice"           # a message to show once on the next page (why the session ended)
TOKEN = "user_token"             # this login's token (ops/sessions.py), also kept in the browser's cookie
COOKIE_TO_SET = "user_cookie"    # the cookie to write into the browser on the next run ("" clears it)
PLAN_SAVED = "alloc_plan_saved"   # (scope, name, amounts) of the plan this session saved last
