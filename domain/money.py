"""Money as screens, exports and the briefing show it: stored in yuan, written in 万元, or 亿元 where large."""
import re

from domain.missing import is_missing
from i18n import DEFAULT_LANGUAGE, t

WAN = 10_000
YI = 100_000_000


def wan(value, lang: str = DEFAULT_LANGUAGE) -> str:
    """An amount in yuan written in 万元 with two decimals ('1,266.40'); '—' when undefined."""
    return t("na", lang) if is_missing(value) else f"{float(value) / WAN:,.2f}"


def wan_delta(value, previous) -> str | None:
    """Change of an amount since the previous quarter, in 万元; None when either is undefined."""
    if is_missing(value) or is_missing(previous):
        return None
    return f"{(float(value) - float(previous)) / WAN:+,.2f}"


def in_wan(table):
    """A copy of a table with its amounts (the funds_* columns, stored in yuan) in 万元, as tables show them."""
    return table.assign(**{c: table[c].astype("Float64") / WAN for c in table.columns if str(c).startswith("funds_")})


def money(value, lang: str = DEFAULT_LANGUAGE, sign: bool = False) -> str:
    """An amount in yuan with its unit: '1.17 万元', or '3.25 亿元' from 1 亿 on; '—' when undefined.
    With sign, a change: '+0.21 万元'."""
    if is_missing(value):
        return t("na", lang)
    amount = float(value)
    unit, divisor = ("money.yi", YI) if abs(amount) >= YI else ("money.wan", WAN)
    return t(unit, lang, x=f"{amount / divisor:{'+' if sign else ''},.2f}")


def money_delta(value, previous, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """Change of an amount since the previous quarter with its unit; None when either is undefined."""
    if is_missing(value) or is_missing(previous):
        return None
    shown = money(float(value) - float(previous), lang, sign=True)
    return re.sub(r"^[+-](?=0(\.0+)?(\D|$))", "", shown)     # a change that rounds to nothing has no sign
