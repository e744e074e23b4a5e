"""The user's data scope: which counties a user may see. Every query is bound to one.

Today everyone sees everything (the empty prefix); the coming login will give a county leader the
prefix of their county, and nothing else changes: run_query already requires and binds it.
"""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    prefix: str = ""          # county-code prefix: '' all, '13' a province, '1308' a city, '130824' a county
    label: str = ""

    def allows(self, county_code: str) -> bool:
        return county_code.startswith(self.prefix)


EVERYTHING = Scope()


def current_scope() -> Scope:
    """The scope of the person using the app. Until login exists: $ARCHIVES_SCOPE or everything."""
    prefix = os.environ.get("ARCHIVES_SCOPE", "").strip()
    if prefix and not (prefix.isdigit() and len(prefix) in (2, 4, 6)):
        raise ValueError(f"ARCHIVES_SCOPE must be a 2, 4 or 6 digit region code, not {prefix!r}")
    return Scope(prefix=prefix, label=prefix)
