"""The user's data scope: which counties a user may see. Every query is bound to one.

A scope is a region code prefix: '' everything, 2 digits a province, 4 a city, 6 a county. The UI
takes it from the session (ui.session.current_scope), the command lines from --region.
"""
from dataclasses import dataclass

from domain.regions import RegionError, check_region

__all__ = ["EVERYTHING", "RegionError", "Scope", "region_scope"]


@dataclass(frozen=True)
class Scope:
    prefix: str = ""          # county-code prefix: '' all, '13' a province, '1308' a city, '130824' a county
    label: str = ""

    def allows(self, county_code: str) -> bool:
        return (county_code or "").startswith(self.prefix)

    @property
    def is_everything(self) -> bool:
        return self.prefix == ""


EVERYTHING = Scope()


def region_scope(code: str | None, label: str = "") -> Scope:
    """The scope of a region code given on a command line or stored with an account."""
    code = check_region(code)
    return EVERYTHING if code is None else Scope(prefix=code, label=label or code)
