"""Turn text cells into typed values in SQL: codes, counts, money (with 万元), yes/no, dates, periods.

Most cells are plain ASCII, so each expression tries the cheap cast first and normalises
(full-width digits, thousands separators, spaces) only where that fails.
"""
from etl.checks import q
from etl.spec import ORG_TYPES, STATUSES

FULL_WIDTH = "０１２３４５６７８９．－＋，"
HALF_WIDTH = "0123456789.-+,"
TRUE_WORDS = ("是", "有", "y", "yes", "1", "√", "✓", "true", "t", "对")
FALSE_WORDS = ("否", "无", "n", "no", "0", "×", "✗", "x", "false", "f", "没有")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def clean(v):
    # translate() is slow on millions of cells: callers use it only where a plain cast failed.
    return f"nullif(replace(replace(translate({v}, '{FULL_WIDTH}', '{HALF_WIDTH}'), ',', ''), ' ', ''), '')"


def cast_lazily(v, sql_type):
    # CASE, not coalesce: DuckDB evaluates every coalesce argument, CASE branches only where taken.
    cast = f"try_cast({v} as {sql_type})"
    return f"case when {cast} is not null then {cast} else try_cast({clean(v)} as {sql_type}) end"


def parse_expressions(f):
    """(numeric column or None, parsed value) SQL for one field, reading v_<field> text."""
    v = f"v_{f.name}"
    if f.kind in ("code", "county"):
        pattern = r"'\d{12}'" if f.kind == "code" else r"'\d{6}'"
        # A code Excel turned into a number in text (1.30821E+11, 130821000001.0) is not repaired: the spec
        # says it cannot be trusted. Excel's text marker (a leading apostrophe) and stray spaces are dropped.
        code = f"regexp_replace({clean(v)}, '^''', '')"
        return None, (f"case when regexp_full_match({v}, {pattern}) then {v} "
                      f"when regexp_full_match({code}, {pattern}) then {code} end")
    if f.kind == "count":
        return cast_lazily(v, "DOUBLE"), (f"case when n_{f.name} >= 0 and n_{f.name} = floor(n_{f.name}) "
                                          f"and n_{f.name} < 1e12 then n_{f.name}::BIGINT end")
    if f.kind in ("money", "number"):
        n = cast_lazily(v, "DECIMAL(38,10)") + (f" * m_{f.name}" if f.kind == "money" else "")
        return n, f"case when n_{f.name} >= 0 then round(n_{f.name}, 2)::DECIMAL(18,2) end"
    if f.kind == "bool":
        w = f"lower({clean(v)})"
        return None, (f"case when {v} in ({words(TRUE_WORDS)}) then true when {v} in ({words(FALSE_WORDS)}) then false "
                      f"when {w} in ({words(TRUE_WORDS)}) then true when {w} in ({words(FALSE_WORDS)}) then false end")
    if f.kind == "date":
        return None, (f"case when try_cast({v} as DATE) is not null then try_cast({v} as DATE) "
                      f"else try_strptime({clean(v)}, [{words(DATE_FORMATS)}])::DATE end")
    if f.kind == "period":
        return None, f"coalesce(pm.period, case when {v} is null then si.file_period end)"
    if f.kind == "choice":
        allowed = ORG_TYPES if f.name == "org_type" else STATUSES
        return None, f"case when {clean(v)} in ({words(allowed)}) then {clean(v)} end"
    return None, f"trim({v})"


def words(items):
    return ", ".join(q(w) for w in items)
