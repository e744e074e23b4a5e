"""Text as officers type it: normalised headers and codes, periods in every common spelling, cells as text."""
import datetime
import re
import unicodedata

# Characters that are invisible but not whitespace to Python: zero-width spaces and joiners, the BOM,
# the soft hyphen. Pasted codes and headers carry them.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f]")


def normalise_text(value: str) -> str:
    """Full-width to half-width, and no whitespace (incl. no-break and ideographic) or invisible characters."""
    return re.sub(r"\s+", "", INVISIBLE.sub("", unicodedata.normalize("NFKC", value)))


def header_key(text: str) -> str:
    """A header as compared: normalised, lower case, without a required marker (*) or a trailing colon."""
    return normalise_text(text).lower().replace("*", "").replace("※", "").rstrip(":")


def row_text(row) -> str:
    return " ".join(str(c).strip() for c in row if c is not None and str(c).strip())


# ---------------------------------------------------------------- periods

_CN_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "1": "1", "2": "2", "3": "3", "4": "4"}
_PERIOD_PATTERNS = (
    re.compile(r"(?<!\d)(20\d{2})[-_/.]?[Qq]([1-4])(?!\d)"),
    re.compile(r"(?<!\d)(20\d{2})年(?:度)?第?([1-4一二三四])季度?"),
)


def parse_period(text) -> str | None:
    """'2025Q4', '2025-Q4', '2025年第四季度', '2025年第4季度', '2025年四季度' -> '2025Q4'."""
    if text is None:
        return None
    s = normalise_text(str(text))
    for pattern in _PERIOD_PATTERNS:
        m = pattern.search(s)
        if m:
            return f"{m.group(1)}Q{_CN_DIGITS[m.group(2)]}"
    return None


# ---------------------------------------------------------------- cells

def cell_text(value):
    """Excel cell -> text as an officer would read it (79.0 -> '79', dates ISO). Called for every cell of a
    workbook: the common types are tested first, by exact type."""
    kind = type(value)
    if kind is str:
        return value if value.strip() else None
    if kind is float:  # nan and inf are not is_integer(): they stay 'nan', 'inf' for the checks to name
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        return None
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if isinstance(value, datetime.date):  # datetime is a date too
        return value.isoformat()[:10]
    if isinstance(value, (datetime.time, datetime.timedelta)):
        return str(value)
    text = str(value)
    return text if text.strip() else None
