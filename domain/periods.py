"""Quarters: the canonical 'YYYYQn' and how people write and read them."""
import datetime

from i18n import DEFAULT_LANGUAGE, t

CN_QUARTERS = "一二三四"


def period_label(period: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """'2025Q4' -> '2025年第四季度' (or '2025 Q4'); '' for no period."""
    if not period:
        return ""
    return t("period.label", lang, year=period[:4], q=period[-1], q_cn=CN_QUARTERS[int(period[-1]) - 1])


def quarter_index(period: str) -> int:
    return int(period[:4]) * 4 + int(period[-1]) - 1


def from_index(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"


def recent_quarters(today: datetime.date | None = None, n: int = 12) -> list[str]:
    """The current quarter and the n - 1 before it, newest first: '2026Q4', '2026Q3', ..."""
    today = today or datetime.date.today()
    index = today.year * 4 + (today.month - 1) // 3
    return [from_index(i) for i in range(index, index - n, -1)]
