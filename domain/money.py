"""Money as the screens show it: stored in yuan, written in 万元."""
from domain.indicators import is_missing
from i18n import DEFAULT_LANGUAGE, t

WAN = 10_000


def wan(value, lang: str = DEFAULT_LANGUAGE) -> str:
    """An amount in yuan written in 万元 with two decimals ('1,266.40'); '—' when undefined."""
    return t("na", lang) if is_missing(value) else f"{float(value) / WAN:,.2f}"


def wan_delta(value, previous) -> str | None:
    """Change of an amount since the previous quarter, in 万元; None when either is undefined."""
    if is_missing(value) or is_missing(previous):
        return None
    return f"{(float(value) - float(previous)) / WAN:+,.2f}"
