"""The indicator vocabulary as screens and exports use it: which column, how to show it, which way is better.

The formulas live in queries/build/macros.sql; this module only describes the resulting columns.
"""
from dataclasses import dataclass

from domain.missing import is_missing
from domain.money import money, money_delta
from i18n import DEFAULT_LANGUAGE, t


@dataclass(frozen=True)
class Indicator:
    key: str              # column name produced by with_indicators()
    kind: str = "rate"    # rate (0..1), yuan (stored in yuan, shown in 万元), hours
    higher_is_better: bool = True

    def label(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return t(f"ind.{self.key}", lang)

    def why_missing(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return t(f"why.{self.key}", lang)


SUBMISSION = Indicator("submission_rate")
COMPLETENESS = Indicator("completeness")
DIGITISATION = Indicator("digitisation")
ACCURACY = Indicator("classification_accuracy")
SCHEME = Indicator("scheme_adoption")
TRAINING = Indicator("training_coverage")
FULLTIME = Indicator("fulltime_staffing")
ROOM = Indicator("room_rate")
UTILISATION = Indicator("fund_utilisation")
RINGFENCE = Indicator("ringfence_compliance")
MISUSE_RATE = Indicator("misuse_rate", higher_is_better=False)
MISUSED = Indicator("funds_misused", kind="yuan", higher_is_better=False)
HOURS = Indicator("hours_per_staff", kind="hours")

OVERVIEW_CARDS = (SUBMISSION, COMPLETENESS, DIGITISATION, ACCURACY, SCHEME, TRAINING,
                  FULLTIME, ROOM, UTILISATION, RINGFENCE, MISUSE_RATE, MISUSED)
BY_KEY = {i.key: i for i in OVERVIEW_CARDS + (HOURS,)}
RATE_COLUMNS = frozenset(i.key for i in BY_KEY.values() if i.kind == "rate")


def fmt(indicator: Indicator, value, lang: str = DEFAULT_LANGUAGE) -> str:
    """'85.3%', '1.23 万元', or '—' when undefined (never 0% or 100%)."""
    if is_missing(value):
        return t("na", lang)
    if indicator.kind == "rate":
        return f"{float(value):.1%}"
    if indicator.kind == "yuan":
        return money(value, lang)
    return f"{float(value):,.1f}"


def fmt_delta(indicator: Indicator, value, previous, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """Change since the previous quarter: percentage points for rates; None when either is undefined."""
    if is_missing(value) or is_missing(previous):
        return None
    diff = float(value) - float(previous)
    if indicator.kind == "rate":
        shown = f"{diff * 100:+.1f}"
        return f"{'0.0' if shown in ('+0.0', '-0.0') else shown} {t('unit.pp', lang)}"
    if indicator.kind == "yuan":
        return money_delta(value, previous, lang)
    return f"{diff:+,.1f}"


def unchanged(delta: str | None) -> bool:
    """A change that rounds to nothing: fmt_delta writes it without a sign."""
    return delta is not None and not delta.startswith(("+", "-", "−"))


def delta_color(indicator: Indicator, delta: str | None = None) -> str:
    """Green for better, red for worse; grey for no change."""
    if unchanged(delta):
        return "off"
    return "normal" if indicator.higher_is_better else "inverse"


def delta_arrow(delta: str | None) -> str:
    """No arrow for no change."""
    return "off" if unchanged(delta) else "auto"
