"""Small-sample honesty, set once: how strongly a branch's spot-check accuracy is pulled towards its county.

The shrunk accuracy (queries/build/stats.sql: shrunk_rate) is ranked on 分类质量 and scored on 薄弱支部; it is
computed once per load in branch_quarter, where the ETL defines this strength as the macro prior_strength().
"""
PRIOR_STRENGTH = 20     # k pseudo-documents of the beta prior (docs/indicators.md)
