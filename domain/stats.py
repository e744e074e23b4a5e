"""Small-sample honesty, set once: how strongly a branch's spot-check accuracy is pulled towards its county.

The shrunk accuracy (queries/build/stats.sql: shrunk_rate) is ranked on 分类质量 and scored on 薄弱支部;
both questions take this strength as their $prior_k parameter.
"""
PRIOR_STRENGTH = 20     # k pseudo-documents of the beta prior (docs/indicators.md)
