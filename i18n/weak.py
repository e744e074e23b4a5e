"""Strings of the 薄弱支部 page (under-resourced branches), its reason phrases and its xlsx export."""

STRINGS = {
    "weak.title": ("薄弱支部:资源与表现", "Under-resourced branches: resources and performance"),
    "weak.intro": ("帮扶该投向哪里?每个已报送支部有两个 0–100 的得分:资源得分(有什么:专职人员、档案室、培训、经费)和"
                   "表现得分(做成什么:完整率、分类准确率、数字化率)。研究表明,档案工作的问题多出在管理和保障上,而不在个人。",
                   "Where should help go? Each branch that submitted gets two 0–100 scores: resources (what it has: "
                   "full-time staff, an archive room, training, funds) and performance (what it achieves: completeness, "
                   "classification accuracy, digitisation). Studies find most failures come from how archives are "
                   "managed and resourced, not from individuals."),
    # settings
    "weak.settings": ("评分方法与权重(可修改)", "How the scores are made (weights editable)"),
    "weak.settings.resource": ("**资源得分** = 100 × Σ 权重 × 分项 ÷ Σ 权重(只计已知分项)",
                               "**Resource score** = 100 × Σ weight × component ÷ Σ weight (known components only)"),
    "weak.settings.performance": ("**表现得分** = 100 × Σ 权重 × 分项 ÷ Σ 权重(只计有定义的分项)",
                                  "**Performance score** = 100 × Σ weight × component ÷ Σ weight (defined components only)"),
    "weak.settings.cuts": ("**四象限分界线与培训目标**", "**Quadrant cut-offs and the training target**"),
    "weak.settings.formulas": (
        "- 专职人员:其中专职人数 ≥ 1 记 1,否则 0\n"
        "- 档案室:设立记 1,未设 0;**未填报则不计该项,其余权重按比例放大**\n"
        "- 培训覆盖:本期参训人数 ÷ 档案管理人员数(无人员记 0)\n"
        "- 培训学时:人均学时 ÷ 目标学时,最高 1(无人员记 0)\n"
        "- 专项经费:人均下拨经费 ÷ 所选范围内已报送支部的中位数,最高 1;中位数为 0 或党员人数为 0 时不计该项\n"
        "- 归档完整率、数字化率:支部本季度的比率,无定义时不计该项\n"
        "- 分类准确率:向本县合并准确率收缩的估计 (正确数 + {k} × 本县准确率) ÷ (抽查数 + {k});未抽查即为本县准确率\n\n"
        "得分 ≥ 分界线为“充足/良好”。未报送的支部不评分,单独列出。详见 docs/indicators.md。",
        "- Full-time staff: 1 if at least one full-time archivist, else 0\n"
        "- Archive room: 1 if set up, 0 if not; **left blank → left out, the other weights scale up**\n"
        "- Training coverage: staff trained ÷ archive staff (0 without staff)\n"
        "- Training hours: hours per staff member ÷ the target, at most 1 (0 without staff)\n"
        "- Special funds: funds per member ÷ the median of the submitting branches in view, at most 1; left out "
        "when the median or the member count is 0\n"
        "- Completeness, digitisation: the branch's own rate this quarter; left out when undefined\n"
        "- Classification accuracy: shrunk towards the county's pooled accuracy, (correct + {k} × county rate) ÷ "
        "(sampled + {k}); the county rate when nothing was sampled\n\n"
        "A score at or above the cut-off counts as sufficient/good. Branches that did not submit are not scored "
        "and are listed apart. See docs/indicators.md."),
    "weak.w.fulltime": ("专职人员", "Full-time staff"),
    "weak.w.room": ("档案室", "Archive room"),
    "weak.w.coverage": ("培训覆盖", "Training coverage"),
    "weak.w.hours": ("培训学时", "Training hours"),
    "weak.w.funds": ("人均经费", "Funds per member"),
    "weak.w.completeness": ("归档完整率", "Completeness"),
    "weak.w.accuracy": ("分类准确率(收缩估计)", "Classification accuracy (shrunk)"),
    "weak.w.digitisation": ("数字化率", "Digitisation"),
    "weak.cut.resource_cut": ("资源得分分界线", "Resource cut-off"),
    "weak.cut.performance_cut": ("表现得分分界线", "Performance cut-off"),
    "weak.cut.hours_target": ("每季度人均目标学时", "Target hours per staff per quarter"),
    "weak.weights_zero": ("{score}的权重全部为 0,无法计算得分:请至少给一个分项正的权重。",
                          "All {score} weights are 0, so no score can be made: give at least one component a weight."),
    "weak.apply": ("按新权重重新计算", "Recompute with these settings"),
    "weak.score.resource": ("资源得分", "Resource score"),
    "weak.score.performance": ("表现得分", "Performance score"),
    # groups
    "weak.group.under": ("资源不足且表现欠佳", "Under-resourced and under-performing"),
    "weak.group.management": ("资源充足但表现欠佳", "Resourced but under-performing"),
    "weak.group.lean": ("资源不足但表现良好", "Under-resourced but performing"),
    "weak.group.sound": ("状况良好", "Sound"),
    "weak.group.unknown": ("未报送(无法评估)", "Not submitted (cannot be assessed)"),
    "weak.group.all": ("全部已评估支部", "All assessed branches"),
    "weak.group_help.under": ("首先考虑下拨经费和安排培训。", "First candidates for funds and training."),
    "weak.group_help.management": ("管理问题:增加经费无济于事,应督导档案管理。",
                                   "A management problem: more money won't help; supervise how archives are kept."),
    "weak.group_help.lean": ("条件有限但做得好:可总结经验,适当补足资源。",
                             "Doing well with little: learn from them, and top up their resources."),
    "weak.group_help.sound": ("资源和表现都达到分界线。", "Both scores at or above the cut-offs."),
    "weak.group_help.unknown": ("本季度未报送或没有可计算得分的数据,不评分、不排名。",
                                "Did not submit this quarter or has nothing to score: neither scored nor ranked."),
    "weak.order.under": ("按资源得分 + 表现得分从低到高排列。", "Lowest resource + performance score first."),
    "weak.order.management": ("按表现得分 − 资源得分从低到高排列(资源最多而表现最差的在前)。",
                              "Lowest performance − resource first (most resources for the least result)."),
    "weak.order.lean": ("按资源得分 − 表现得分从低到高排列(资源最少而表现尚好的在前)。",
                        "Lowest resource − performance first (least resources for a good result)."),
    "weak.order.sound": ("按资源得分 + 表现得分从低到高排列(最接近分界线的在前)。",
                         "Lowest resource + performance first (closest to the cut-offs)."),
    "weak.order.all": ("按象限依次列出,象限内按差距排列。", "Quadrant by quadrant, largest gap first within each."),
    # chart and counts
    "weak.quadrants": ("资源—表现四象限", "Resources against performance"),
    "weak.chart_title": ("各支部资源得分与表现得分", "Resource and performance score of each branch"),
    "weak.sample_note": (" · 图中为固定抽样的 {shown} 个支部", " · a fixed sample of {shown} shown"),
    "weak.room_note": ("{n} 个支部未填报是否设立档案室:其资源得分不计档案室一项,其余权重按比例放大。",
                       "{n} branches left the archive room blank: their resource score leaves the room out and "
                       "scales the other weights up."),
    "weak.funds_note": ("{n} 个支部的经费项不计入(党员人数为 0,或所选范围人均经费中位数为 0)。",
                        "{n} branches have the funds component left out (no members, or a zero median in view)."),
    "weak.median_note": ("所选范围本季度人均下拨经费中位数:{median} 元。", "Median funds per member in view this quarter: {median} yuan."),
    "weak.median_none": ("所选范围本季度人均下拨经费中位数为 0 或无数据:经费项不计入资源得分。",
                         "The median funds per member in view this quarter is 0 or unknown: funds are left out."),
    # lists
    "weak.tab.ranked": ("排名列表", "Ranked list"),
    "weak.tab.unknown": ("未报送(无法评估)", "Not submitted (cannot be assessed)"),
    "weak.filter_group": ("象限", "Quadrant"),
    "weak.list_count": ("共 {total} 个支部,本页第 {first}–{last} 个,每页 {size} 个。点击一行打开支部档案。",
                        "{total} branches; this page {first}–{last}, {size} per page. Select a row to open the profile."),
    "weak.unknown_count": ("{not_submitted} 个支部本季度未报送,{unscorable} 个已报送但没有可计算得分的数据。它们不参与评分和排名(不按 0 分处理)。",
                           "{not_submitted} branches did not submit this quarter and {unscorable} submitted nothing "
                           "to score. They are neither scored nor ranked (never treated as 0)."),
    "weak.export_note": ("导出当前象限的完整列表(共 {total} 个支部)。", "Exports the whole list of this quadrant ({total} branches)."),
    "weak.export_capped": ("列表共 {total} 个支部,超过导出上限:只导出排在前面的 {cap} 个。",
                           "The list has {total} branches, over the export limit: only the first {cap} are exported."),
    "weak.col.group": ("分组", "Group"),
    "weak.col.reason": ("原因", "Reason"),
    "weak.col.status": ("情况", "Status"),
    "weak.col.no": ("序号", "No."),
    # reason phrases, joined in SQL (queries/weak_list.sql): {} placeholders are DuckDB format() templates
    "weak.why.sep": ("；", "; "),
    "weak.why.no_staff": ("无档案管理人员", "no archive staff"),
    "weak.why.no_fulltime": ("无专职档案员", "no full-time archivist"),
    "weak.why.room_unknown": ("未填报是否设立档案室", "archive room not reported"),
    "weak.why.no_room": ("未设档案室", "no archive room"),
    "weak.why.untrained_year": ("本年度未参训", "no training this year"),
    "weak.why.low_coverage": ("本季度参训{}/{}人", "{} of {} staff trained this quarter"),
    "weak.why.low_hours": ("人均培训{:.1f}学时,不足目标{:g}学时的一半", "{:.1f} training hours per staff, under half the {:g} h target"),
    "weak.why.no_funds": ("本季度未下拨专项经费", "no special funds this quarter"),
    "weak.why.low_funds": ("人均经费低于本地区中位数的一半", "funds per member under half the regional median"),
    "weak.why.low_completeness": ("归档完整率仅{:.0f}%", "completeness only {:.0f}%"),
    "weak.why.low_accuracy": ("分类准确率估计仅{:.0f}%", "classification accuracy about {:.0f}%"),
    "weak.why.low_digitisation": ("数字化率仅{:.0f}%", "digitisation only {:.0f}%"),
    "weak.why.near_cut": ("无明显短板,综合得分略低于分界线", "no single shortfall; the score is just under the cut-off"),
    "weak.why.not_submitted": ("本季度未报送", "did not submit this quarter"),
    "weak.why.unscorable": ("已报送,但没有可计算得分的数据", "submitted, but nothing to score"),
    # xlsx export
    "weak.xlsx.title": ("薄弱支部名单", "Under-resourced branches"),
    "weak.xlsx.subtitle": ("{period} · {region} · {group} · 共 {total} 个支部", "{period} · {region} · {group} · {total} branches"),
    "weak.xlsx.capped": (" · 超过导出上限,只含前 {cap} 个", " · over the export limit, first {cap} only"),
    "weak.xlsx.sheet": ("名单", "List"),
    "weak.xlsx.method": ("评分方法", "Method"),
    "weak.xlsx.item": ("项目", "Item"),
    "weak.xlsx.value": ("取值", "Value"),
    "weak.xlsx.weight_of": ("权重:{name}", "Weight: {name}"),
    "weak.xlsx.prior": ("分类准确率收缩强度 k", "Accuracy shrinkage strength k"),
    "weak.xlsx.median": ("人均下拨经费中位数(元)", "Median funds per member (yuan)"),
    "weak.xlsx.file": ("薄弱支部_{period}.xlsx", "weak_branches_{period}.xlsx"),
}
