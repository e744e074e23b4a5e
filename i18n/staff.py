"""Strings of the staff and training page (人员与培训)."""

STRINGS = {
    "staff.title": ("人员与培训", "Staff & training"),
    "staff.indicator": ("比较指标", "Indicator"),
    "staff.by_region": ("各地区比较", "Regions compared"),
    "staff.by_branch": ("本乡镇(街道)各支部", "Branches in this township"),
    "staff.drill_hint": ("点击图中的地区可下钻。", "Click a region in the chart to drill into it."),
    "staff.trend": ("历季趋势", "Trend over the quarters"),
    "staff.attention": ("需要关注", "Needs attention"),
    "staff.untrained": ("档案员本期未参训({n})", "Archive staff untrained this quarter ({n})"),
    "staff.no_staff": ("未配备档案管理人员({n})", "No archive staff ({n})"),
    "staff.col.archive_staff": ("档案管理人员数", "Archive staff"),
    "staff.col.fulltime": ("其中专职", "Full-time"),
    "staff.col.trained": ("本期参训人数", "Trained this quarter"),
    "staff.col.hours": ("本期培训学时", "Training hours"),
    "staff.col.room": ("设立档案室", "Archive room"),
    "staff.col.docs_archived": ("已归档文件数", "Documents filed"),
}
