"""Row checks as data: each check is a small function returning a SQL query over `parsed`.

Every query yields records (sheet, row_number, field, check_code, severity, message); the loader
unions them into the issues of a file. Messages are Chinese and name the field as the template does.
"""
from etl.spec import FORM_FIELDS, ORDER_RULES, ORG_TYPES, REGISTER_FIELDS, STATUSES

HEADERS = {f.name: f.header for f in FORM_FIELDS + REGISTER_FIELDS}
FORM_HEADERS = {f.name: f.header for f in FORM_FIELDS}


def q(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


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
    yield issue(f"v_branch_code is not null and branch_code is null and not {as_number}",
                "branch_code", "bad_code",
                f"format('组织代码「{{}}」不是12位数字', {shown('branch_code')})")


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
    yield issue("v_period is not null and period is null", "period", "bad_period",
                f"format('统计期「{{}}」无法识别:请写成 2025Q4 或 2025年第四季度', {shown('period')})")
    yield issue("v_period is null and period is null", "period", "bad_period",
                q("缺少统计期:文件中没有统计期列、标题和文件名中也没有,请在导入时指定统计期"))


def check_numbers(fields=FORM_FIELDS):
    for f in fields:
        h, raw = FORM_HEADERS[f.name], shown(f.name)
        if f.kind not in ("count", "number", "money"):
            continue
        yield issue(f"v_{f.name} is null or (n_{f.name} is null and trim(v_{f.name}) = '')",
                    f.name, "missing_value", q(f"{h}未填写"))
        if f.kind == "count":
            yield issue(f"(n_{f.name} is null or n_{f.name} <> floor(n_{f.name})) and trim(v_{f.name}) <> ''",
                        f.name, "not_whole_number", f"format('{h}「{{}}」不是整数', {raw})")
        else:
            yield issue(f"n_{f.name} is null and trim(v_{f.name}) <> ''", f.name, "not_number",
                        f"format('{h}「{{}}」不是数字', {raw})")
        yield issue(f"n_{f.name} < 0", f.name, "negative", f"format('{h}「{{}}」不能为负数', {raw})")


def check_bools(fields=FORM_FIELDS):
    for f in fields:
        if f.kind == "bool":
            yield issue(f"v_{f.name} is not null and {f.name} is null", f.name, "bad_bool",
                        f"format('{FORM_HEADERS[f.name]}「{{}}」应填 是 或 否', {shown(f.name)})")


# The ≤ rules compare the numbers as written (n_*), so a row with a negative or fractional value
# also has every broken rule named, as the spec asks.

def check_order():
    for small, large in ORDER_RULES:
        yield issue(f"n_{small} > n_{large}", small, "exceeds",
                    f"format('{FORM_HEADERS[small]}({{}})大于{FORM_HEADERS[large]}({{}})', v_{small}, v_{large})")


def yuan(n):
    return f"round({n}, 2)::DECIMAL(18,2)::VARCHAR"


def check_funds():
    yield issue("n_funds_designated + n_funds_misused > n_funds_spent", "funds_designated", "funds_exceed_spent",
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
    yield issue("v_submitted_on is not null and submitted_on is null", "submitted_on", "bad_date",
                f"format('填报日期「{{}}」无法识别,已留空', {shown('submitted_on')})", w)


def form_checks():
    yield from check_code()
    yield from check_known_code()
    yield from check_period()
    yield from check_numbers()
    yield from check_bools()
    yield from check_order()
    yield from check_funds()
    yield from check_duplicates("支部同一统计期", "conflicting_duplicate", ("branch_code", "period"))
    yield from soft_checks()


# ---------------------------------------------------------------- register checks

def check_register_required():
    for f in REGISTER_FIELDS:
        if f.required and f.name != "branch_code":
            yield issue(f"v_{f.name} is null", f.name, "missing_required", q(f"{f.header}未填写"))


def check_register_values():
    yield issue("v_county_code is not null and county_code is null", "county_code", "bad_county_code",
                f"format('县(市、区)代码「{{}}」不是6位数字', {shown('county_code')})")
    yield issue("branch_code is not null and county_code is not null and left(branch_code, 6) <> county_code",
                "branch_code", "county_mismatch",
                "format('组织代码「{}」的前6位与县(市、区)代码「{}」不一致', branch_code, county_code)")
    for name, allowed in (("org_type", ORG_TYPES), ("status", STATUSES)):
        yield issue(f"v_{name} is not null and {name} is null", name, "bad_choice",
                    f"format('{HEADERS[name]}「{{}}」应为:{'、'.join(allowed)}', {shown(name)})")


def register_checks():
    yield from check_code()
    yield from check_register_required()
    yield from check_register_values()
    yield from check_duplicates("组织代码", "duplicate_code", ("branch_code",))
