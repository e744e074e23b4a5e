"""Strings of the completeness page (档案完整性)."""

STRINGS = {
    "completeness.title": ("档案完整性", "Archive completeness"),
    "completeness.by_region": ("各地区归档与数字化", "Filing and digitisation by region"),
    "completeness.drill_hint": ("点击图中的地区可下钻。", "Click a region in a chart to drill into it."),
    "completeness.by_type": ("按组织类型", "By org type"),
    "completeness.trend": ("历季趋势", "Trend over the quarters"),
    "completeness.distribution": ("支部归档完整率分布", "Branches by completeness"),
    "completeness.distribution_hint": ("未报送或本期无应归档文件的支部不计入。",
                                       "Branches that did not submit or had nothing due are not counted."),
    "completeness.laggards": ("归档完整率最低的支部", "Branches furthest behind"),
    "completeness.laggards_hint": ("按归档完整率从低到高排列(相同时积压多的在前);点击一行查看支部档案。",
                                   "Lowest completeness first (at equal completeness, the larger backlog first); click a row to open the branch."),
    "completeness.col.docs_expected": ("应归档文件数", "Docs due"),
    "completeness.col.docs_archived": ("已归档文件数", "Docs filed"),
    "completeness.col.docs_digitised": ("已数字化文件数", "Docs digitised"),
}
