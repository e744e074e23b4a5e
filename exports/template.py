"""Blank templates (xlsx) for the quarterly form and the register, generated from etl/spec.py so that
what branches fill in is exactly what the ETL reads: headers, units, drop-downs and number checks."""
from domain.periods import period_label
from etl.spec import FORM_FIELDS, ORDER_RULES, ORG_TYPES, REGISTER_FIELDS, STATUSES
from exports.writer import TEXT, Column, Sheet, workbook

# The template is an official Chinese document: its texts live here with the spec, not in the UI catalogue.
FORM_SHEET, REGISTER_SHEET, NOTES_SHEET = "统计表", "组织台账", "填表说明"
FORM_TITLE = "{county}基层党组织党建工作档案统计表({quarter})"
REGISTER_TITLE = "{county}基层党组织台账"
BLANK_COUNTY, BLANK_QUARTER = "XX县", "____年第__季度"
UNITS_ROW = "金额单位:元"
REGISTER_HINT = "组织代码、县(市、区)代码按文本填写;再次导入时按组织代码更新"
WIDTHS = {"branch_code": 16, "branch_name": 36, "county_code": 14, "phone": 16}
ROWS = 20_000           # rows that carry drop-downs and number checks below the header
HEADER_ROW = 3          # title, units, header
UNITS = {"member_count": "人", "archive_staff": "人", "archive_staff_fulltime": "人", "staff_trained": "人",
         "training_hours": "学时", **{f.name: "件" for f in FORM_FIELDS if f.name.startswith("docs_")},
         **{f.name: "元" for f in FORM_FIELDS if f.kind == "money"}}

# What each column means (docs/reporting-form.md, sections 1 and 2).
MEANINGS = {
    "branch_code": "党组织的12位代码(县区代码6位 + 序号6位),须与组织台账一致",
    "branch_name": "党组织全称",
    "member_count": "本支部党员人数",
    "docs_expected": "本季度应归档的文件数",
    "docs_archived": "本季度实际归档的文件数",
    "docs_digitised": "已归档文件中同时有数字化副本的文件数",
    "docs_sampled": "上级党委抽查的已归档文件数",
    "docs_misclassified": "抽查文件中分类错误的文件数",
    "uses_standard_scheme": "是否按批准的分类方案(年度-问题-保管期限,DA/T 22)归档",
    "archive_staff": "负责本支部档案管理的人员数",
    "archive_staff_fulltime": "档案管理人员中的专职人数",
    "staff_trained": "档案管理人员中本季度参加培训的人数",
    "training_hours": "本季度全部档案管理人员参加培训的总学时",
    "has_archive_room": "是否设有专门的档案室或档案柜",
    "funds_allocated": "本季度收到的档案专项经费",
    "funds_spent": "本季度专项经费支出",
    "funds_designated": "专项经费支出中用于档案工作的金额(专款专用)",
    "funds_misused": "专项经费支出中经审计发现被挪用的金额",
    "submitted_on": "填报日期",
    "reporter": "填报人姓名",
    "county_code": "党组织所在县(市、区)的6位行政区划代码(GB/T 2260)",
    "county_name": "县(市、区)名称",
    "township": "乡镇(街道)名称",
    "org_type": "党组织类型",
    "city_name": "市名称",
    "province_name": "省名称",
    "status": "正常,或已撤销的填 撤销(撤销后不再要求报送)",
    "contact": "催报、退回修改时的联系人",
    "phone": "联系人电话",
}
FORM_NOTES = (
    "每个党组织填写一行,不要改动表头;表尾不需要合计行(有合计行也会被自动跳过)。",
    "统计期写在第1行标题的括号里,如「2025年第四季度」;第1行的「XX县」改为本县(市、区)名称。",
    "组织代码为12位数字,该列已设为文本格式:请勿改为数字格式,否则 Excel 会把代码变成科学计数法,该行将被退回。",
    "金额以元为单位,最多两位小数;如以万元填报,请把表头中的「(元)」改为「(万元)」。",
    "「是/否」列请从下拉列表中选择;不清楚的留空。数字列不能为负数,人数和文件数为整数。",
    "填好后将本文件交上级党委,由数据管理人员在「数据管理」页导入;有问题的行会列入退回修改清单。",
)
REGISTER_NOTES = (
    "每个党组织填写一行,不要改动表头;以组织代码为准,再次导入时按组织代码更新。",
    "组织代码(12位)和县(市、区)代码(6位)两列已设为文本格式;组织代码的前6位须与县(市、区)代码一致。",
    "组织类型和状态请从下拉列表中选择;状态留空视为正常。",
)

FORM_HEADERS = {f.name: f.header for f in FORM_FIELDS}


def form_header(field) -> str:
    unit = UNITS.get(field.name)
    return f"{field.header}({unit})" if unit else field.header


def form_title(period: str | None = None, county: str | None = None) -> str:
    """'XX县基层党组织党建工作档案统计表(2025年第四季度)'; blanks to fill in where not given."""
    return FORM_TITLE.format(county=county or BLANK_COUNTY, quarter=period_label(period, "zh") or BLANK_QUARTER)


def rule(field, is_form: bool) -> str:
    """The filling rule of one column, from its kind and the spec's checks."""
    text = {
        "code": "必填;12位数字,按文本填写",
        "county": "必填;6位数字,按文本填写",
        "count": "必填;大于等于0的整数",
        "number": "必填;大于等于0的数,可有小数",
        "money": "必填;大于等于0,单位元,最多两位小数",
        "bool": "从下拉列表选 是 或 否;不清楚留空",
        "date": "选填;日期,如 2026-01-08",
        "choice": "从下拉列表选择:" + "、".join(ORG_TYPES if field.name == "org_type" else STATUSES),
        "text": "必填" if field.required else "选填",
    }[field.kind]
    if field.name == "branch_name" and is_form:
        text = "选填;仅供核对,名称以组织台账为准"
    if field.name == "status":
        text += ";留空视为正常"
    limits = [FORM_HEADERS[large] for small, large in ORDER_RULES if small == field.name and is_form]
    if limits:
        text += ";不得大于" + "、".join(limits)
    if field.name in ("funds_designated", "funds_misused"):
        text += ";其中用于档案工作与其中审计发现挪用之和不得超过专项经费支出"
    return text


def validation(field) -> dict | None:
    """The drop-down or number check of one column; the code columns stay text so Excel keeps 12 digits."""
    error = {"errorTitle": "填写有误"}
    if field.kind in ("code", "county"):
        n = 12 if field.kind == "code" else 6
        return dict(type="textLength", operator="equal", formula1=str(n), error=f"{field.header}应为{n}位数字", **error)
    if field.kind == "bool":
        return dict(type="list", formula1='"是,否"', error="请选择 是 或 否", **error)
    if field.kind == "choice":
        allowed = ORG_TYPES if field.name == "org_type" else STATUSES
        return dict(type="list", formula1='"' + ",".join(allowed) + '"', error="请从下拉列表中选择", **error)
    if field.kind == "count":
        return dict(type="whole", operator="greaterThanOrEqual", formula1="0", error="请填写大于等于0的整数", **error)
    if field.kind in ("money", "number"):
        return dict(type="decimal", operator="greaterThanOrEqual", formula1="0", error="请填写大于等于0的数", **error)
    return None


def _column_format(field) -> str | None:
    return {"code": TEXT, "county": TEXT, "date": "yyyy-mm-dd"}.get(field.kind)


def form_sheet(name, title, headers, fields, notes=()) -> Sheet:
    columns = [Column(h, WIDTHS.get(f.name) or max(10, min(30, 2.2 * len(h))), _column_format(f))
               for f, h in zip(fields, headers)]
    checks = [(i, v) for i, v in enumerate(map(validation, fields)) if v]
    return Sheet(name, columns, title=title, notes=notes, freeze_columns=2, header_height=36, validations=checks,
                 validation_rows=ROWS, column_formats=True)


def notes_sheet(notes, fields, headers, is_form) -> Sheet:
    columns = [Column("列名", 24, wrap=True), Column("含义", 48, wrap=True), Column("填写规则", 60, wrap=True)]
    rows = [(header, MEANINGS[f.name], rule(f, is_form)) for f, header in zip(fields, headers)]
    return Sheet(NOTES_SHEET, columns, rows, title=NOTES_SHEET, borders=True,
                 notes=[f"{n}. {note}" for n, note in enumerate(notes, start=1)])


def form_template(period: str | None = None, county: str | None = None) -> bytes:
    """The quarterly form: sheet 统计表 (title with the quarter, units row, headers) and 填表说明.

    No 统计期 column: the quarter is read from the title, as on the official form."""
    fields = [f for f in FORM_FIELDS if f.name != "period"]
    headers = [form_header(f) for f in fields]
    return workbook([form_sheet(FORM_SHEET, form_title(period, county), headers, fields, [UNITS_ROW]),
                     notes_sheet(FORM_NOTES, fields, headers, True)])


def register_template(county: str | None = None) -> bytes:
    """The register (组织台账): one sheet of headers with drop-downs, and 填表说明."""
    headers = [f.header for f in REGISTER_FIELDS]
    return workbook([form_sheet(REGISTER_SHEET, REGISTER_TITLE.format(county=county or BLANK_COUNTY), headers,
                                REGISTER_FIELDS, [REGISTER_HINT]),
                     notes_sheet(REGISTER_NOTES, REGISTER_FIELDS, headers, False)])
