"""The audit log as a workbook: the filtered entries, newest first, with the filters printed above them."""
import pandas as pd

from exports.writer import Column, Sheet, workbook
from i18n import t
from ops import audit

CAP = 200_000
COLUMNS = ("at", "user", "action", "scope", "ok", "detail")


def table(entries, lang: str = "zh") -> pd.DataFrame:
    rows = [{"at": e.at, "user": e.user, "action": t(f"audit.action.{e.action}", lang), "scope": e.scope or "",
             "ok": e.ok, "detail": ";".join(f"{k}={v}" for k, v in e.detail.items())} for e in entries]
    return pd.DataFrame(rows, columns=list(COLUMNS)).rename(columns=lambda c: t(f"audit.col.{c}", lang))


def filters_text(filters: dict, lang: str = "zh") -> str:
    everything = t("audit.all", lang)
    return t("audit.filters", lang, user=filters.get("user") or everything,
             action=t(f"audit.action.{filters['action']}", lang) if filters.get("action") else everything,
             dates=f"{filters.get('since') or ''} – {filters.get('until') or ''}")


def to_xlsx(filters: dict, lang: str = "zh", footer: str = "") -> bytes:
    """The whole filtered log (at most CAP entries); `filters` as audit.entries takes them."""
    frame = table(audit.entries(**filters, last=CAP), lang)
    columns = [Column(c, 40 if i == 5 else 18, wrap=i == 5) for i, c in enumerate(frame.columns)]
    return workbook([Sheet(t("audit.sheet", lang), columns, frame.itertuples(index=False), title=t("audit.title", lang),
                           notes=[filters_text(filters, lang)])], footer=footer)
