"""Refresh what the dashboard reads besides the raw tables: indicator macros and the region rollup."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "queries" / "build"


def refresh(con):
    """Re-create the indicator macros, rebuild the rollups, then the macros that read them."""
    for name in ("macros.sql", "stats.sql", "rollup.sql", "access.sql"):
        con.execute((BUILD / name).read_text(encoding="utf-8"))
