"""Strings of the overview page."""

STRINGS = {
    "overview.title": ("总览", "Overview"),
    "overview.compare": ("各地区比较", "Regions compared"),
    "overview.compare_indicator": ("比较指标", "Indicator to compare"),
    "overview.drill_hint": ("点击图中的地区可下钻。", "Click a region in the chart to drill into it."),
    "overview.trend": ("历季趋势", "Trend over the quarters"),
    "overview.trend_indicators": ("趋势指标", "Indicators in the trend"),
    "overview.branches_in": ("本乡镇(街道)各支部", "Branches in this township"),
    "overview.attention": ("需要关注", "Needs attention"),
    "overview.reason.low_completeness": ("归档完整率低于 {threshold}", "Completeness below {threshold}"),
    "overview.reason.not_submitted": ("未报送", "Did not submit"),
    "overview.reason.misuse": ("经费被挪用", "Misused funds"),
    "overview.reason.untrained": ("档案员未参训", "Untrained archive staff"),
    "overview.reason_count": ("共 {total} 个支部,显示前 {shown} 个", "{total} branches, showing the first {shown}"),
    "col.value.low_completeness": ("归档完整率", "Completeness"),
    "col.value.misuse": ("挪用金额(万元)", "Misused (10k yuan)"),
    "col.value.untrained": ("档案管理人员数", "Archive staff"),
}
