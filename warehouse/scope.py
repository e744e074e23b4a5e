"""The user's data scope: which counties a user may see. Every query is bound to one.

A scope is a region code prefix: '' everything, 2 digits a province, 4 a city, 6 a county. The UI
takes it from the session (ui.session.current_scope), the command lines from --region.
"""
from dataclasses import dataclass

REGION_LENGTHS = (2, 4, 6)


class RegionError(ValueError):
    """A region code that is not 2, 4 or 6 digits; the message is Chinese."""


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
    code = (code or "").strip()
    if not code:
        return EVERYTHING
    if not (code.isdigit() and len(code) in REGION_LENGTHS):
        raise RegionError(f"地区代码「{code}」无效:应为 2 位(省)、4 位(市)或 6 位(县)数字,如 1308 或 130824")
    return Scope(prefix=code, label=label or code)
