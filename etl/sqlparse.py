"""Turn text cells into typed values in SQL: codes, counts, money (with 万元), yes/no, dates, periods.

Most cells are plain ASCII, so each expression tries the cheap cast first and normalises
(full-width digits, thousands separators, spaces of every kind) only where that fails.
"""
from etl.limits import MAX_AMOUNT, MAX_COUNT
from etl.spec import ORG_TYPES, STATUSES

FULL_WIDTH = "０１２３４５６７８９．－＋，"
HALF_WIDTH = "0123456789.-+,"
TRUE_WORDS = ("是", "有", "y", "yes", "1", "√", "✓", "true", "t", "对")
FALSE_WORDS = ("否", "无", "n", "no", "0", "×", "✗", "x", "false", "f", "没有")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
# Spaces of every kind (tab, no-break, ideographic), zero-width characters and the BOM, as pasted.
SPACES = r"[\s\pZ\x{200B}-\x{200D}\x{2060}\x{FEFF}\x{00AD}]"
EXCEL_ERROR = r"#(N/A|DIV/0!|REF!|VALUE!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)"


def q(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def clean(v):
    # Slow on millions of cells: callers use it only where a plain cast failed. Drops the spaces above,
    # thousands separators and Excel's text marker (a leading apostrophe).
    return (f"nullif(regexp_replace(translate({v}, '{FULL_WIDTH}', '{HALF_WIDTH}'), "
            f"'{SPACES}|,|^''', '', 'g'), '')")


def is_excel_error(v):
    """An Excel error value (#N/A, #DIV/0! …) in the cell; the prefix test keeps it cheap."""
    return f"coalesce(starts_with(ltrim({v}), '#') and regexp_full_match(trim({v}), '{EXCEL_ERROR}'), false)"


def cast_lazily(v, sql_type):
    # CASE, not coalesce: DuckDB evaluates every coalesce argument, CASE branches only where taken.
    cast = f"try_cast({v} as {sql_type})"
    return f"case when {cast} is not null then {cast} else try_cast({clean(v)} as {sql_type}) end"


def parse_expressions(f):
    """(numeric column or None, parsed value) SQL for one field, reading v_<field> text."""
    v = f"v_{f.name}"
    if f.kind in ("code", "county"):
        digits = r"\d{12}" if f.kind == "code" else r"\d{6}"
        # A code Excel turned into a number in text (1.30821E+11, 130821000001.0) is not repaired: the spec
        # says it cannot be trusted. Pasted codes are: spaces of any kind around them, ="130824100001"
        # (a CSV trick to keep the zeros), a leading apostrophe.
        code = f"nullif(regexp_extract({clean(v)}, '^(?:=\"|=|\"|'')?({digits})\"?$', 1), '')"
        return None, f"case when regexp_full_match({v}, '{digits}') then {v} else {code} end"
    if f.kind == "count":
        n = f"n_{f.name}"
        return cast_lazily(v, "DOUBLE"), (f"case when isfinite({n}) and {n} >= 0 and {n} = floor({n}) "
                                          f"and {n} <= {MAX_COUNT} then {n}::INTEGER end")
    if f.kind in ("money", "number"):
        n = cast_lazily(v, "DECIMAL(38,10)") + (f" * m_{f.name}" if f.kind == "money" else "")
        return n, (f"case when n_{f.name} >= 0 and n_{f.name} <= {MAX_AMOUNT:.0f} "
                   f"then round(n_{f.name}, 2)::DECIMAL(18,2) end")
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
    return None, f"case when not {is_excel_error(v)} then trim({v}) end"


def words(items):
    return ", ".join(q(w) for w in items)
