"""Strings of the fund allocation planner 经费分配: inputs, rules in words, refusals, scenarios, the xlsx 下达表."""

STRINGS = {
    "allocation.title": ("经费分配", "Fund allocation"),
    "allocation.intro": ("按规则把下一轮档案专项经费分配到支部:基础金额 + 按资源缺口分配,设保底和封顶,"
                         "对挪用和使用率低的支部扣减。专项经费须专款专用、接受监督,挪用从严。",
                         "Split the next round of special archive funds between branches by rule: a base amount plus "
                         "a share by resource gap, with a floor and a cap, cut for misuse and low use. Special funds "
                         "are ring-fenced and supervised; misuse is penalised."),
    "allocation.scope": ("分配范围:{region}{org_type} · {n} 个支部 · 依据{period}数据",
                         "Plan covers: {region}{org_type} · {n} branches · driven by {period} data"),
    "allocation.scope_hint": ("范围取自左侧筛选(地区、组织类型、统计期);要只分一个县,请先在左侧选择该县。",
                              "The scope is the sidebar filters (region, org type, quarter); to plan one county, "
                              "pick it in the sidebar first."),
    "allocation.how": ("分配规则与默认值说明", "How the plan is made, and the defaults"),
    "allocation.explain": (
        "**1. 基础金额**:每个支部先得基础金额(默认 {base} 元)。\n\n"
        "**2. 按需求分配**:预算扣除基础金额后的余款,按各支部的资源缺口(需求分)成比例分配,缺口为 0 的支部不参与。"
        "需求分 = 无专职档案员 × {w_fulltime} + 未设档案室 × {w_room} + (1 − 培训覆盖率) × {w_training} "
        "+ 人均专项经费低 × {w_funds}。其中:专职人数为 0 记 1;档案室填“否”记 1(未填写不计);"
        "无档案管理人员时培训覆盖率按 0 计;本期下拨经费 ÷ 党员人数 低于本范围中位数的一半记 1(中位数为 0 时不计)。\n\n"
        "**3. 未报送的支部**:依据季度未报送统计表的支部只得基础金额,标注“未报送”。没有数据就无法判断需求,"
        "既不按缺口为 0 也不按缺口最大处理,不参与按需分配。\n\n"
        "**4. 挪用**:依据季度及其前 3 个季度内审计发现挪用(挪用金额 > 0)的支部,按所选方式暂停拨付(0 元)"
        "或按比例扣减(默认扣减 {misuse_cut}%)。\n\n"
        "**5. 使用率低**:依据季度经费使用率(支出 ÷ 下拨)低于 {use_threshold}% 的支部扣减 {use_cut}%,"
        "直到其把钱用出去;本期未下拨经费的支部不适用。两项扣减同时适用时相乘。\n\n"
        "**6. 保底与封顶**:未被暂停拨付的支部不少于保底(默认 {floor} 元),任何支部不超过封顶(默认 {cap} 元)。"
        "扣减和封顶省下的钱,重新按需求分配给未封顶的支部;所有有需求的支部都封顶后,余款平均追加到其余已报送支部的基础金额上。"
        "封顶使预算无法全部分出时,如实报告未分配余额,不突破封顶。\n\n"
        "**7. 取整**:按整元分配:各支部先取整数部分,剩余的元按小数部分从大到小逐一分给各支部(相同时按组织代码先后),"
        "合计与预算分毫不差;同样的输入永远得到同样的方案。\n\n"
        "**拒绝的输入**:预算为负;保底 × 支部数 超过预算;封顶低于保底;基础金额 × 支部数 超过预算(基础金额必须人人有份,"
        "请降低基础金额或增加预算);超过 {limit} 个支部(请缩小地区范围)。",
        "**1. Base**: every branch first gets the base amount (default {base} yuan).\n\n"
        "**2. Need**: what the budget leaves after the base amounts is shared in proportion to each branch's "
        "resource gap (need score); branches with no gap get no need share. Need score = no full-time archive "
        "staff × {w_fulltime} + no archive room × {w_room} + (1 − training coverage) × {w_training} + low funds "
        "per member × {w_funds}. No full-time staff counts 1; archive room answered 'no' counts 1 (blank does "
        "not count); with no archive staff, training coverage counts as 0; funds received this quarter ÷ members "
        "below half the median in view counts 1 (not counted when the median is 0).\n\n"
        "**3. Branches that did not submit** in the driving quarter get the base amount only, marked 'did not "
        "submit'. Without data their need is unknown: it is treated neither as zero nor as the maximum; they "
        "get no need share.\n\n"
        "**4. Misuse**: branches with audit-found misuse (misused funds > 0) in the driving quarter or the 3 "
        "before it are withheld (0 yuan) or reduced by a share (default {misuse_cut}%), as chosen.\n\n"
        "**5. Low use**: branches whose utilisation (spent ÷ allocated) in the driving quarter is below "
        "{use_threshold}% are cut by {use_cut}% until they spend; not applied where nothing was allocated. "
        "Both cuts multiply.\n\n"
        "**6. Floor and cap**: no branch that is not withheld gets less than the floor (default {floor} yuan), "
        "none more than the cap (default {cap} yuan). Money freed by cuts and caps is shared again by need "
        "among branches below the cap; once every branch with need is capped, the rest tops up the base of "
        "the other branches that submitted. When caps make the budget impossible to spend, the unallocated "
        "remainder is reported and the cap is kept.\n\n"
        "**7. Rounding**: whole yuan: each branch's whole part first, then the remaining yuan one by one by "
        "largest fraction (ties by branch code); the total equals the budget to the yuan, and the same inputs "
        "always give the same plan.\n\n"
        "**Refused**: a negative budget; floor × branches above the budget; a cap below the floor; base × "
        "branches above the budget (every branch must get the base: lower it or raise the budget); more than "
        "{limit} branches (narrow the region)."),
    "allocation.no_cap": ("不封顶", "no cap"),
    # the form
    "allocation.budget": ("本轮预算(元)", "Budget (yuan)"),
    "allocation.budget_help": ("默认取依据季度本范围已下拨经费合计,向上取整到万元,且不少于 基础金额 × 支部数",
                               "Default: last time's total in view rounded up to 10,000, and at least base × branches"),
    "allocation.base": ("基础金额(元/支部)", "Base per branch (yuan)"),
    "allocation.floor": ("保底(元/支部)", "Floor per branch (yuan)"),
    "allocation.cap": ("封顶(元/支部)", "Cap per branch (yuan)"),
    "allocation.weights": ("需求分权重", "Need-score weights"),
    "allocation.weight_fulltime": ("无专职档案员", "No full-time staff"),
    "allocation.weight_room": ("未设档案室", "No archive room"),
    "allocation.weight_training": ("1 − 培训覆盖率", "1 − training coverage"),
    "allocation.weight_funds": ("人均经费低", "Low funds per member"),
    "allocation.penalties": ("扣减规则", "Cuts"),
    "allocation.misuse_action": ("近四个季度有挪用的支部", "Branches with misuse in the last four quarters"),
    "allocation.withhold": ("挪用支部暂停拨付", "Withhold from branches with misuse"),
    "allocation.withhold_help": ("近四个季度审计发现挪用的支部:打开则暂停拨付(0 元),关闭则按右侧比例扣减。",
                                 "Branches with audit-found misuse in the last four quarters: on, they get 0 yuan; "
                                 "off, they are cut by the share on the right."),
    "allocation.misuse_action.reduce": ("按比例扣减", "Reduce by a share"),
    "allocation.misuse_action.withhold": ("暂停拨付(0 元)", "Withhold (0 yuan)"),
    "allocation.misuse_cut": ("挪用扣减比例(%)", "Misuse cut (%)"),
    "allocation.use_threshold": ("使用率低于(%)", "Utilisation below (%)"),
    "allocation.use_cut": ("使用率低扣减比例(%)", "Low-use cut (%)"),
    "allocation.compute": ("计算分配方案", "Compute the plan"),
    "allocation.refused": ("无法计算:{reason}", "Cannot compute: {reason}"),
    "allocation.pick_hint": ("设置参数后点击“计算分配方案”。", "Set the inputs, then press “Compute the plan”."),
    "allocation.stale": ("左侧筛选已改变,下面是按原筛选计算的方案;请重新计算。",
                         "The sidebar filters changed since this plan was computed; compute it again."),
    # results
    "allocation.result": ("分配方案", "The plan"),
    "allocation.m.budget": ("预算", "Budget"),
    "allocation.m.allocated": ("已分配", "Allocated"),
    "allocation.m.unallocated": ("未分配", "Unallocated"),
    "allocation.m.branches": ("支部数", "Branches"),
    "allocation.m.not_submitted": ("未报送(仅基础)", "Did not submit (base only)"),
    "allocation.m.misuse": ("挪用扣减/暂停", "Cut or withheld for misuse"),
    "allocation.m.low_use": ("使用率低扣减", "Cut for low use"),
    "allocation.m.capped": ("封顶", "At the cap"),
    "allocation.m.rate": ("每 1 分需求(元)", "Yuan per need point"),
    "allocation.median": ("本范围人均经费中位数(元/人)", "Median funds per member in view (yuan)"),
    "allocation.unallocated.caps": ("按封顶和规则最多只能分配 {allocated} 元,余下 {left} 元未分配(没有突破封顶)。"
                                    "请提高封顶或降低预算。",
                                    "Caps and rules allow at most {allocated} yuan; {left} yuan is left unallocated "
                                    "(the cap is kept). Raise the cap or lower the budget."),
    "allocation.unallocated.no_eligible": ("范围内没有可按需求或追加分配的支部(全部未报送或被暂停拨付),"
                                           "只能分配 {allocated} 元,余下 {left} 元未分配。",
                                           "No branch in view can take a need share or a top-up (all did not "
                                           "submit or are withheld): only {allocated} yuan allocated, {left} left."),
    "allocation.by_county": ("各县(市、区)分配", "By county"),
    "allocation.chart_title": ("各县(市、区)分配金额", "Amount per county"),
    "allocation.amount_label": ("本轮分配", "This plan"),
    "allocation.last_label": ("上次下拨", "Last time"),
    "allocation.by_branch": ("各支部分配明细", "Per branch"),
    "allocation.sort": ("排序", "Order"),
    "allocation.sort.region": ("按地区", "By region"),
    "allocation.sort.amount": ("金额从高到低", "Amount, highest first"),
    "allocation.sort.change": ("比上次减少最多", "Largest cut first"),
    "allocation.page_caption": ("共 {n} 个支部,每页 {size} 个;选中一行可打开支部档案。“上次”为依据季度下拨经费,未报送支部不详。",
                                "{n} branches, {size} per page; select a row to open the branch profile. “Last "
                                "time” is the driving quarter's allocation, unknown for branches that did not submit."),
    "allocation.col.amount": ("本轮分配(元)", "Amount (yuan)"),
    "allocation.col.last": ("上次下拨(元)", "Last time (yuan)"),
    "allocation.col.change": ("变化(元)", "Change (yuan)"),
    "allocation.col.rule": ("分配依据", "Rule"),
    "allocation.col.branches": ("支部数", "Branches"),
    "allocation.col.submitted": ("已报送", "Submitted"),
    "allocation.col.spread": ("最大差额(元)", "Largest difference (yuan)"),
    # scenarios
    "allocation.save": ("保存方案", "Save the plan"),
    "allocation.save_name": ("方案名称", "Plan name"),
    "allocation.save_placeholder": ("例如:2026年一季度-方案A", "e.g. 2026 Q1 – plan A"),
    "allocation.overwrite": ("同名方案已存在时覆盖", "Replace a saved plan of the same name"),
    "allocation.save_button": ("保存", "Save"),
    "allocation.saved": ("已保存方案“{name}”。", "Saved plan “{name}”."),
    "allocation.export": ("导出经费下达表(Excel)", "Download the allocation sheet (Excel)"),
    "allocation.compare": ("方案比较", "Compare plans"),
    "allocation.compare_pick": ("选择 2–3 个已保存的方案", "Pick 2–3 saved plans"),
    "allocation.compare_hint": ("请至少选择 2 个方案。", "Pick at least 2 plans."),
    "allocation.compare_none": ("还没有保存的方案:计算一个方案后在上方保存。", "No saved plans yet: compute a plan and save it above."),
    "allocation.compare_plan": ("**{name}**:{period} · {region} · 预算 {budget} 元 · 已分配 {allocated} 元 · 保存于 {saved_at}",
                                "**{name}**: {period} · {region} · budget {budget} yuan · allocated {allocated} yuan · saved {saved_at}"),
    "allocation.compare_counties": ("各县合计对比", "County totals side by side"),
    "allocation.compare_caption": ("{plans} · {n} 个县(市、区)", "{plans} · {n} counties"),
    "allocation.compare_branches": ("金额差别最大的支部(前 {n} 个)", "Branches whose amounts differ most (top {n})"),
    "allocation.compare_same": ("所选方案对每个支部的分配都相同。", "The plans give every branch the same amount."),
    # words for each branch's rule
    "allocation.rule.withheld": ("近四个季度审计发现挪用 {misused} 元:暂停拨付", "Audit found {misused} yuan misused in the last four quarters: withheld"),
    "allocation.rule.not_submitted": ("未报送:仅基础 {base} 元,不参与按需分配", "Did not submit: base {base} yuan only, no need share"),
    "allocation.rule.base": ("基础 {base} 元", "Base {base} yuan"),
    "allocation.rule.need": (" + 需求 {need} 元({reasons})", " + need {need} yuan ({reasons})"),
    "allocation.rule.topup": (" + 追加 {topup} 元(有需求的支部均已封顶,余款均分)", " + top-up {topup} yuan (every branch with need is capped; the rest is shared equally)"),
    "allocation.rule.no_gap": ("(无资源缺口,不参与按需分配)", " (no resource gap, no need share)"),
    "allocation.rule.misuse_cut": ("挪用扣减 {share}(近四个季度审计发现挪用 {misused} 元)", "misuse cut {share} (audit found {misused} yuan misused in the last four quarters)"),
    "allocation.rule.low_use": ("使用率 {use} 低于 {threshold},扣减 {share}", "utilisation {use} below {threshold}: cut {share}"),
    "allocation.rule.cap": ("封顶 {value} 元", "capped at {value} yuan"),
    "allocation.rule.floor": ("保底 {value} 元", "raised to the floor of {value} yuan"),
    "allocation.rule.sep": (";", "; "),
    "allocation.rule.list_sep": ("、", ", "),
    "allocation.reason.fulltime": ("无专职档案员", "no full-time archive staff"),
    "allocation.reason.room": ("未设档案室", "no archive room"),
    "allocation.reason.training": ("培训覆盖率 {coverage}", "training coverage {coverage}"),
    "allocation.reason.no_staff": ("无档案管理人员", "no archive staff"),
    "allocation.reason.funds": ("人均经费 {per_member} 元,低于中位数一半 {half} 元", "{per_member} yuan per member, below half the median ({half})"),
    # refusals (AllocationError codes)
    "allocation.error.negative_budget": ("预算不能为负数(输入为 {budget})。", "The budget cannot be negative (got {budget})."),
    "allocation.error.budget_not_whole": ("预算须为整元(输入为 {budget})。", "The budget must be whole yuan (got {budget})."),
    "allocation.error.no_branches": ("当前筛选范围内没有正常状态的支部,无法分配。请放宽左侧筛选。",
                                     "No active branches in the current filters: widen the sidebar filters."),
    "allocation.error.too_many_branches": ("范围内支部超过 {limit:,} 个,一次分配过多。请在左侧缩小地区范围(例如选到市或县)。",
                                           "More than {limit:,} branches in view: narrow the region in the sidebar (e.g. a city or county)."),
    "allocation.error.duplicate_branch": ("支部代码重复,无法分配。", "Duplicate branch codes."),
    "allocation.error.negative_rule": ("{rule} 不能为负数。", "{rule} cannot be negative."),
    "allocation.error.rule_not_whole": ("{rule} 须为整元。", "{rule} must be whole yuan."),
    "allocation.error.bad_share": ("{rule} 须在 0–100% 之间。", "{rule} must be between 0 and 100%."),
    "allocation.error.bad_weight": ("需求分权重须为不小于 0 的数。", "Need-score weights must be numbers ≥ 0."),
    "allocation.error.bad_action": ("未知的挪用处理方式:{action}。", "Unknown misuse action: {action}."),
    "allocation.error.cap_below_floor": ("封顶({cap:,} 元)低于保底({floor:,} 元),两者矛盾。",
                                         "The cap ({cap:,} yuan) is below the floor ({floor:,} yuan)."),
    "allocation.error.floor_exceeds_budget": ("保底 {floor:,} 元 × {n:,} 个支部 = {need:,} 元,超过预算 {budget:,} 元。请降低保底或增加预算。",
                                              "Floor {floor:,} × {n:,} branches = {need:,} yuan, above the budget of {budget:,}. Lower the floor or raise the budget."),
    "allocation.error.base_exceeds_budget": ("基础金额 {base:,} 元 × {n:,} 个支部 = {need:,} 元,超过预算 {budget:,} 元:"
                                             "基础金额是每个支部都要先得到的,预算连基础金额都不够。请降低基础金额或增加预算。",
                                             "Base {base:,} × {n:,} branches = {need:,} yuan, above the budget of {budget:,}: every "
                                             "branch gets the base first, and the budget does not cover it. Lower the base or raise the budget."),
    "allocation.error.bad_plan_name": ("方案名称不能为空、不超过 60 个字,且不能包含 \\ / : * ? \" < > | 等字符。",
                                       "A plan name must be 1–60 characters without \\ / : * ? \" < > |."),
    "allocation.delete": ("删除已保存的方案", "Delete a saved plan"),
    "allocation.delete_pick": ("选择要删除的方案", "Plan to delete"),
    "allocation.delete_button": ("确认删除“{name}”", "Delete “{name}”"),
    "allocation.error.no_plan": ("没有名为“{name}”的方案(可能已被删除)。", "There is no plan named “{name}” (it may have been deleted)."),
    "allocation.error.plan_exists": ("已有名为“{name}”的方案;勾选“覆盖”以替换它,或换一个名称。",
                                     "A plan named “{name}” exists; tick “replace” or choose another name."),
    # the xlsx 经费下达表
    "allocation.xlsx.sheet": ("经费下达表", "Allocation"),
    "allocation.xlsx.summary": ("按县汇总", "By county"),
    "allocation.xlsx.rules": ("分配规则", "Rules"),
    "allocation.xlsx.title": ("{name} 党建档案专项经费下达表", "{name}: special archive funds allocation"),
    "allocation.xlsx.subtitle": ("依据{period}数据 · {region} · 预算 {budget} 元 · 单位:元",
                                 "Driven by {period} data · {region} · budget {budget} yuan · unit: yuan"),
    "allocation.xlsx.no": ("序号", "No."),
    "allocation.xlsx.total": ("合计", "Total"),
    "allocation.xlsx.unallocated": ("未分配", "Unallocated"),
    "allocation.xlsx.item": ("项目", "Item"),
    "allocation.xlsx.value": ("取值", "Value"),
    "allocation.xlsx.file": ("经费下达表_{name}.xlsx", "allocation_{name}.xlsx"),
}
