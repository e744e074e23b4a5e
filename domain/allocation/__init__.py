"""The fund allocation planner (经费分配): its algorithm, its wording, its tables and its saved plans."""
from domain.allocation.planner import (
    GAP_PARTS,
    MAX_BRANCHES,
    MISUSE_ACTIONS,
    Allocation,
    AllocationError,
    Branch,
    Plan,
    Rules,
    check,
    plan,
)
from domain.allocation.storage import check_name, delete_plan, load_plan, save_plan, saved_plans
from domain.allocation.tables import (
    branch_frame,
    branches_from_frame,
    compare_branches,
    compare_counties,
    county_frame,
    suggested_budget,
)
from domain.allocation.wording import explain_values, percent, reason_text, rule_text, rules_summary, yuan

__all__ = ["GAP_PARTS", "MAX_BRANCHES", "MISUSE_ACTIONS", "Allocation", "AllocationError", "Branch", "Plan", "Rules",
           "branch_frame", "branches_from_frame", "check", "check_name", "compare_branches", "compare_counties",
           "county_frame", "delete_plan", "explain_values", "load_plan", "percent", "plan", "reason_text",
           "rule_text", "rules_summary", "save_plan", "saved_plans", "suggested_budget", "yuan"]
