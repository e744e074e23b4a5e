"""The reporting form and the register as data: canonical names, template headers, types.

Mirrors ../shared/spec/reporting-form.md sections 1 and 2; change both together.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str          # canonical name (column in DuckDB)
    header: str        # official template header (Chinese)
    kind: str          # code, text, count, number, money, bool, period, date, county, choice
    required: bool = False
    aliases: tuple = ()


FORM_FIELDS = (
    Field("period", "统计期", "period", aliases=("统计季度", "报送期", "季度")),
    Field("branch_code", "组织代码", "code", required=True, aliases=("党组织代码", "支部代码")),
    Field("branch_name", "党组织名称", "text", aliases=("支部名称", "组织名称")),
    Field("member_count", "党员人数", "count"),
    Field("docs_expected", "应归档文件数", "count"),
    Field("docs_archived", "已归档文件数", "count"),
    Field("docs_digitised", "已数字化文件数", "count"),
    Field("docs_sampled", "抽查文件数", "count"),
    Field("docs_misclassified", "抽查分类错误数", "count"),
    Field("uses_standard_scheme", "是否执行分类方案", "bool"),
    Field("archive_staff", "档案管理人员数", "count"),
    Field("archive_staff_fulltime", "其中专职人数", "count"),
    Field("staff_trained", "本期参训人数", "count"),
    Field("training_hours", "本期培训学时", "number"),
    Field("has_archive_room", "是否设立档案室", "bool"),
    Field("funds_allocated", "下拨专项经费", "money"),
    Field("funds_spent", "专项经费支出", "money"),
    Field("funds_designated", "其中用于档案工作", "money"),
    Field("funds_misused", "其中审计发现挪用", "money"),
    Field("submitted_on", "填报日期", "date"),
    Field("reporter", "填报人", "text"),
)

ORG_TYPES = ("机关", "事业单位", "国有企业", "非公有制企业", "社会组织", "农村", "社区", "学校", "其他")
STATUSES = ("正常", "撤销")

REGISTER_FIELDS = (
    Field("branch_code", "组织代码", "code", required=True, aliases=("党组织代码", "支部代码")),
    Field("branch_name", "党组织名称", "text", required=True, aliases=("支部名称", "组织名称")),
    Field("county_code", "县(市、区)代码", "county", required=True, aliases=("县区代码", "县(市区)代码", "区县代码")),
    Field("county_name", "县(市、区)", "text", required=True, aliases=("县区", "县(市区)", "区县", "县(市、区)名称")),
    Field("township", "乡镇(街道)", "text", required=True, aliases=("乡镇", "乡镇街道", "街道")),
    Field("org_type", "组织类型", "choice", required=True, aliases=("党组织类型",)),
    Field("city_name", "市", "text", aliases=("地市", "市名称")),
    Field("province_name", "省", "text", aliases=("省份",)),
    Field("status", "状态", "choice", aliases=("组织状态",)),
    Field("contact", "联系人", "text"),
    Field("phone", "联系电话", "text", aliases=("电话",)),
)

COUNT_FIELDS = tuple(f.name for f in FORM_FIELDS if f.kind == "count")
MONEY_FIELDS = tuple(f.name for f in FORM_FIELDS if f.kind == "money")
BOOL_FIELDS = tuple(f.name for f in FORM_FIELDS if f.kind == "bool")

# Hard checks that compare two fields: (smaller, larger) must hold smaller <= larger.
ORDER_RULES = (
    ("docs_archived", "docs_expected"),
    ("docs_digitised", "docs_archived"),
    ("docs_sampled", "docs_archived"),
    ("docs_misclassified", "docs_sampled"),
    ("archive_staff_fulltime", "archive_staff"),
    ("staff_trained", "archive_staff"),
)

# Default region: 承德市 (Chengde, Hebei), GB/T 2260.
DEFAULT_PROVINCE = "河北省"
DEFAULT_CITY = "承德市"
CHENGDE_COUNTIES = {
    "130802": "双桥区",
    "130803": "双滦区",
    "130804": "鹰手营子矿区",
    "130821": "承德县",
    "130822": "兴隆县",
    "130824": "滦平县",
    "130825": "隆化县",
    "130826": "丰宁满族自治县",
    "130827": "宽城满族自治县",
    "130828": "围场满族蒙古族自治县",
    "130881": "平泉市",
}


def field_by_name(fields, name):
    return next(f for f in fields if f.name == name)
