"""The data layer: the user's scope, the questions in queries/*.sql, and snapshot connections."""
from warehouse.queries import ScopeError, run_query
from warehouse.scope import EVERYTHING, RegionError, Scope, region_scope

__all__ = ["EVERYTHING", "RegionError", "Scope", "ScopeError", "region_scope", "run_query"]
