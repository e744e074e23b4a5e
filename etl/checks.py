"""Row checks as data: each check is a small function returning a SQL query over `parsed`.

Every query yields records (sheet, row_number, field, check_code, severity, message); the loader
unions them into the issues of a file. Messages are Chinese and name the field as the template does.
"""
from etl.limits import MAX_AMOUNT, MAX_COUNT, PLAUSIBLE
from etl.spec import FORM_FIELDS, ORDER_RULES, ORG_TYPES, REGISTER_FIELDS, STATUSES
from etl.sqlparse import clean, is_excel_error, q

HEADERS = {f.name: f.header for f in FORM_FIELDS + REGISTER_FIELDS}
FORM_HEADERS = {f.name: f.header for f in FORM_FIELDS}
# Fields whose unreadable value rejects the row; an Excel error elsewhere (a name, a date) only warns.
HARD_KINDS = ("code", "county", "period", "count", "number", "money", "bool", "choice")


def plain(field):
    """The cell is not an Excel error value (those get their own check, not a second one)."""
    return f"not {is_excel_error(f'v_{field}')}"


def issue(where, field, code, message_sql, severity="error", source="parsed"):
    return (f"select sheet_index, sheet, row_number, {q(field)} as field, {q(code)} as check_code, "
            f"{q(severity)} as severity, {message_sql} as message from {source} where {where}")


def shown(field):
    """The raw value as the officer typed it, for messages."""
    return f"coalesce(v_{field}, '')"


# ---------------------------------------------------------------- checks shared by both forms

def check_code():
    yield issue("v_branch_code is null", "branch_code", "missing_code", q("缺少组织代码"))
    as_number = "regexp_full_match(v_branch_code, '[0-9]+[.][0-9]*([eE][+]?[0-9]+)?')"
    yield issue(f"v_branch_code is not null and branch_code is null and {as_number}",
                "branch_code", "bad_code",
                f"format('组织代码「{{}}」已被 Excel 转成数字(科学计数法或小数),无法还原:请把该列设为文本后重新填写', {shown('branch_code')})")
    yield issue(f"v_branch_code is not null and branch_code is null and not {as_number} and {plain('branch_code')}",
                "branch_code", "bad_code",
                f"format('组织代码「{{}}」不是12位数字', {shown('branch_code')})")


def suspect_condition(fields):
    """Rows any numeric, error-value or plausibility check could fire on. Clean rows are nearly all rows,
    so those checks read only the few rows of `suspect` (etl/checking.py), not the whole batch each."""
    parts = [f"contains(v_{f.name}, '#')" for f in fields]
    for f in fields:
        n = f"n_{f.name}"
        if f.kind == "count":
            parts.append(f"{n} is null or not isfinite({n}) or {n} < 0 or {n} > {MAX_COUNT} or {n} <> floor({n})")
        elif f.kind in ("money", "number"):
            parts.append(f"{n} is null or {n} < 0 or {n} > {MAX_AMOUNT:.0f}")
    parts += [f"{name} > {bound}" for name, bound in PLAUSIBLE.items() if any(f.name == name for f in fields)]
    return " or ".join(f"coalesce({p}, false)" for p in parts)


def check_excel_errors(fields):
    """#N/A, #DIV/0!, #REF! … named as what they are: a formula that failed in Excel, not a blank."""
    for f in fields:
        severity = "error" if f.required or f.kind in HARD_KINDS else "warning"
        yield issue(is_excel_error(f"v_{f.name}"), f.name, "excel_error",
                    f"format('{HEADERS[f.name]}是 Excel 错误值「{{}}」(公式出错):请改正公式或直接填写数值', trim(v_{f.name}))",
                    severity, source="suspect")


def check_region(region, field):
    """Rows outside the region the loading officer is responsible for (etl load --region)."""
    if region:
        what = "组织代码" if field == "branch_code" else "县(市、区)代码"
        yield issue(f"{field} is not null and not starts_with({field}, {q(region)})", field, "out_of_region",
                    f"format('{what}「{{}}」不在本账号管辖范围(区域代码 {region})内', {field})")


def check_known_code():
    yield issue("branch_code is not null and not exists (select 1 from branches b where b.branch_code = parsed.branch_code)",
                "branch_code", "unknown_code",
                "format('组织代码「{}」不在组织台账中:请先核对代码或更新台账', branch_code)")


def check_duplicates(key_sql, code, key):
    """Rows of one file with the same key but different contents: all are rejected."""
    yield issue("true", "branch_code", code,
                f"format('本文件中同一{key_sql}有 {{}} 行且内容不一致({{}}):全部退回,请核实后只保留一行', dup_count, dup_rows)",
                source=f"parsed join conflicts using (file_index, {', '.join(key)})")


# ---------------------------------------------------------------- form checks

def check_period():
    yield issue(f"v_period is not null and period is null and {plain('period')}", "period", "bad_period",
                f"format('统计期「{{}}」无法识别:请写成 2025Q4 或 2025年第四季度', {shown('period')})")
    yield issue("v_period is null and period is null", "period", "bad_period",
                q("缺少统计期:文件中没有统计期列、标题和文件名中也没有,请在导入时指定统计期"))


def check_numbers(fields=FORM_FIELDS):
    for f in fields:
        if f.kind not in ("count", "number", "money"):
            continue
        h, raw, n, v = FORM_HEADERS[f.name], shown(f.name), f"n_{f.name}", f"v_{f.name}"
        as_double = f"try_cast({clean(v)} as DOUBLE)"
        yield issue(f"{v} is null or ({n} is null and {clean(v)} is null)", f.name, "missing_value", q(f"{h}未填写"), source="suspect")
        if f.kind == "count":
            yield issue(f"({n} is null or (isfinite({n}) and {n} <> floor({n}))) and {clean(v)} is not null and {plain(f.name)}",
                        f.name, "not_whole_number", f"format('{h}「{{}}」不是整数', {raw})", source="suspect")
            yield issue(f"{n} is not null and not isfinite({n})", f.name, "not_number",
                        f"format('{h}「{{}}」不是有效的数字', {raw})", source="suspect")
            yield issue(f"isfinite({n}) and {n} > {MAX_COUNT}", f.name, "out_of_range",
                        f"format('{h}「{{}}」超出可填写的范围(最大 {MAX_COUNT:,})', {raw})", source="suspect")
            yield issue(f"isfinite({n}) and {n} < 0", f.name, "negative", f"format('{h}「{{}}」不能为负数', {raw})", source="suspect")
            continue
        # A money or hours cell that is a number but not a DECIMAL (nan, inf, 1e40) is named for what it is.
        yield issue(f"{n} is null and {clean(v)} is not null and {plain(f.name)} and ({as_double} is null or not isfinite({as_double}))",
                    f.name, "not_number", f"format('{h}「{{}}」不是有效的数字', {raw})", source="suspect")
        yield issue(f"({n} is null and isfinite({as_double})) or {n} > {MAX_AMOUNT:.0f}", f.name, "out_of_range",
                    f"format('{h}「{{}}」超出可填写的范围(最大 {MAX_AMOUNT:,.0f}{'元' if f.kind == 'money' else ''})', {raw})", source="suspect")
        yield issue(f"{n} < 0", f.name, "negative", f"format('{h}「{{}}」不能为负数', {raw})", source="suspect")


def check_plausible():
    """Soft: values no branch reports in a quarter (limits.PLAUSIBLE); a slip of units or an extra zero."""
    for name, bound in PLAUSIBLE.items():
        f = next(x for x in FORM_FIELDS if x.name == name)
        unit = "元" if f.kind == "money" else ""
        hint = ":请核实,是否把万元当作元填写或多写了零?" if f.kind == "money" else ":请核实是否填错"
        yield issue(f"{name} > {bound}", name, "implausible_value",
                    f"format('{FORM_HEADERS[name]}为 {{}}{unit},超出一个支部一个季度的常见范围(不超过 {bound:,}{unit}){hint}', {name}::VARCHAR)",
                    "warning", source="suspect")


def check_bools(fields=FORM_FIELDS):
    for f in fields:
        if f.kind == "bool":
            yield issue(f"v_{f.name} is not null and {f.name} is null and {plain(f.name)}", f.name, "bad_bool",
                        f"format('{FORM_HEADERS[f.name]}「{{}}」应填 是 或 否', {shown(f.name)})")


# The ≤ rules compare the numbers as written (n_*), so a row with a negative or fractional value
# also has every broken rule named, as the spec asks.

def check_order():
    for small, large in ORDER_RULES:
        yield issue(f"n_{small} > n_{large}", small, "exceeds",
                    f"format('{FORM_HEADERS[small]}({{}})大于{FORM_HEADERS[large]}({{}})', v_{small}, v_{large})")


def yuan(n):
    return f"round({n}, 2)::DECIMAL(38,2)::VARCHAR"  # wide: the check names values too big to load


def check_funds():
    # A negative amount is its own error (negative): the sum is compared only among amounts that can be right.
    yield issue("n_funds_designated + n_funds_misused > n_funds_spent and n_funds_spent >= 0 "
                "and n_funds_designated >= 0 and n_funds_misused >= 0", "funds_designated", "funds_exceed_spent",
                "format('其中用于档案工作({}元)与其中审计发现挪用({}元)之和超过专项经费支出({}元)', "
                f"{yuan('n_funds_designated')}, {yuan('n_funds_misused')}, {yuan('n_funds_spent')})")


def soft_checks():
    w = "warning"
    yield issue("funds_spent > funds_allocated", "funds_spent", "overspend",
                "format('专项经费支出({}元)超过本期下拨({}元):是否有其他经费来源?', funds_spent::VARCHAR, funds_allocated::VARCHAR)", w)
    yield issue("archive_staff = 0 and docs_archived > 0", "archive_staff", "no_staff_but_archived",
                "format('档案管理人员数为 0,但已归档 {} 件:由谁归档?', docs_archived)", w)
    yield issue("training_hours > 0 and staff_trained = 0", "training_hours", "training_mismatch",
                "format('本期培训学时为 {},但参训人数为 0', training_hours)", w)
    yield issue("staff_trained > 0 and training_hours = 0", "training_hours", "training_mismatch",
                "format('本期参训 {} 人,但培训学时为 0', staff_trained)", w)
    yield issue("p.branch_name is not null "
                "and regexp_replace(p.branch_name, '\\s', '', 'g') <> regexp_replace(b.branch_name, '\\s', '', 'g')",
                "branch_name", "name_mismatch",
                "format('党组织名称「{}」与台账中的「{}」不一致(以台账为准)', p.branch_name, b.branch_name)", w,
                source="parsed p join branches b on b.branch_code = p.branch_code")
    yield issue(f"v_submitted_on is not null and submitted_on is null and {plain('submitted_on')}", "submitted_on", "bad_date",
                f"format('填报日期「{{}}」无法识别,已留空', {shown('submitted_on')})", w)


def first_checks(fields, region, region_field):
    """The checks both kinds of file run first: the code, Excel error values, the loading officer's region."""
    yield from check_code()
    yield from check_excel_errors(fields)
    yield from check_region(region, region_field)


def form_checks(region=None):
    yield from first_checks(FORM_FIELDS, region, "branch_code")
    yield from check_known_code()
    yield from check_period()
    yield from check_numbers()
    yield from check_bools()
    yield from check_order()
    yield from check_funds()
    yield from check_duplicates("支部同一统计期", "conflicting_duplicate", ("branch_code", "period"))
    yield from soft_checks()
    yield from check_plausible()


# ---------------------------------------------------------------- register checks

def check_register_required():
    for f in REGISTER_FIELDS:
        if f.required and f.name != "branch_code":
            yield issue(f"v_{f.name} is null", f.name, "missing_required", q(f"{f.header}未填写"))


def check_register_values():
    yield issue(f"v_county_code is not null and county_code is null and {plain('county_code')}", "county_code", "bad_county_code",
                f"format('县(市、区)代码「{{}}」不是6位数字', {shown('county_code')})")
    yield issue("branch_code is not null and county_code is not null and left(branch_code, 6) <> county_code",
                "branch_code", "county_mismatch",
                "format('组织代码「{}」的前6位与县(市、区)代码「{}」不一致', branch_code, county_code)")
    for name, allowed in (("org_type", ORG_TYPES), ("status", STATUSES)):
        yield issue(f"v_{name} is not null and {name} is null and {plain(name)}", name, "bad_choice",
                    f"format('{HEADERS[name]}「{{}}」应为:{'、'.join(allowed)}', {shown(name)})")


def register_checks(region=None):
    yield from first_checks(REGISTER_FIELDS, region, "county_code")
    yield from check_register_required()
    yield from check_register_values()
    yield from check_duplicates("组织代码", "duplicate_code", ("branch_code",))
