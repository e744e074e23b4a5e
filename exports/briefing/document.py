"""The briefing pack as a PDF of real, selectable text: HTML and CSS laid out by WeasyPrint (Debian's Pango),
which embeds the Noto CJK font it uses as a subset (docs/platform-notes.md). Long tables break across pages with
their header repeated; a chart is never split. Every page's foot carries the filters, the data time, who made the
file and when, and the page number."""
import base64
import html

from charts.figures import CJK_FONT
from exports import charts as chart_files
from exports.briefing.content import Area, Pack, Table
from i18n import t

MIME = "application/pdf"
CHART_PX = (640, 580)                # a chart beside the findings, filling a landscape A4 page
STYLE = """
@page { size: A4 landscape; margin: 14mm 14mm 18mm 14mm; font-family: "@FONT@", sans-serif;
  @bottom-left { content: "@LEFT@"; font-size: 7.5pt; color: #666; }
  @bottom-right { content: @RIGHT@; font-size: 7.5pt; color: #666; } }
body { font-family: "@FONT@", sans-serif; font-size: 10pt; color: #222b36; line-height: 1.45; }
section { break-before: page; }
section.cover { break-before: auto; padding-top: 40mm; }
.cover h1 { font-size: 28pt; margin: 0 0 6mm; border-bottom: 1.2mm solid #c0392b; padding-bottom: 4mm; }
.cover p { font-size: 14pt; margin: 1.5mm 0; }
h2 { font-size: 18pt; margin: 0 0 4mm; }
h3 { font-size: 12pt; color: #c0392b; margin: 3mm 0 2mm; }
.meta { font-size: 8.5pt; color: #666; margin: -2mm 0 3mm; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 4mm; }
.card { border: 0.3mm solid #d0d7e0; background: #f4f6f9; padding: 3mm 4mm; break-inside: avoid; }
.card .label { color: #666; font-size: 10pt; }
.card .value { font-size: 20pt; font-weight: bold; }
.card .delta { color: #666; font-size: 9pt; }
.card .delta.better { color: #1e8449; } .card .delta.worse { color: #c0392b; }
.area { display: grid; grid-template-columns: 58% 40%; gap: 2%; }
figure { margin: 0; break-inside: avoid; }
figure img { width: 100%; }
ol { padding-left: 5mm; margin: 0 0 3mm; } li { margin-bottom: 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: #dde6f0; font-weight: bold; }
th, td { border: 0.25mm solid #b9c2cc; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
.num { text-align: right; white-space: nowrap; }
.note { color: #666; font-size: 9pt; margin: 1.5mm 0 4mm; }
"""


def _css_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def render(pack: Pack) -> bytes:
    from weasyprint import HTML   # imported when a PDF is made: it loads Pango and fontconfig (about a second)
    return HTML(string=page(pack)).write_pdf()


def page(pack: Pack) -> str:
    """The whole pack as one HTML document."""
    p, lang = pack.provenance, pack.lang
    before, after = t("brief.page", lang, n="\0").split("\0")     # the page number goes where {n} stands
    right = f'"{_css_text(p.footer() + " · " + before)}" counter(page) "{_css_text(after)}"'
    style = STYLE.replace("@FONT@", CJK_FONT).replace("@LEFT@", _css_text(" · ".join(p.lines()))).replace("@RIGHT@", right)
    parts = [_cover(pack), _cards(pack)] + [_area(pack, a) for a in pack.areas]
    parts.append(_section(t("brief.attention", lang), pack, "".join(_table(tb) for tb in pack.attention)))
    if pack.plan:
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in pack.plan_lines)
        parts.append(_section(t("brief.plan", lang), pack, lines + "".join(_table(tb) for tb in pack.plan)))
    parts.append(_section(pack.appendix.title, pack, _table(pack.appendix, title=False)))
    return (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{html.escape(pack.title)}</title><style>{style}</style></head><body>{''.join(parts)}</body></html>")


def _section(title: str, pack: Pack, body: str, cls: str = "") -> str:
    """A section starts a page; its title and, under it, the filters and data time."""
    meta = html.escape(" · ".join(pack.provenance.lines()))
    return f'<section class="{cls}"><h2>{html.escape(title)}</h2><p class="meta">{meta}</p>{body}</section>'


def _cover(pack: Pack) -> str:
    p, lang = pack.provenance, pack.lang
    lines = [t("brief.cover.region", lang, region=pack.region), t("brief.cover.period", lang, period=pack.period),
             p.lines()[0], p.data_line(), p.footer()]
    return (f'<section class="cover"><h1>{html.escape(pack.title)}</h1>'
            + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</section>")


def _cards(pack: Pack) -> str:
    lang = pack.lang
    cards = "".join(
        f'<div class="card"><div class="label">{html.escape(c.label)}</div><div class="value">{html.escape(c.value)}'
        f'</div><div class="delta {c.tone}">{html.escape(t("brief.cards.delta", lang, delta=c.delta) if c.delta else t("brief.cards.no_delta", lang))}</div></div>'
        for c in pack.cards)
    return _section(t("brief.cards", lang), pack, f'<div class="cards">{cards}</div>')


def _area(pack: Pack, area: Area) -> str:
    lang = pack.lang
    width, height = CHART_PX
    png = chart_files.image(area.chart.figure, "png", pack.provenance, width=width, height=height, note=False)
    figure = f'<figure><img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt=""></figure>'
    points = "".join(f"<li>{html.escape(line)}</li>" for line in area.findings) or \
        f"<li>{html.escape(t('brief.findings.none', lang))}</li>"
    side = f"<div><h3>{html.escape(t('brief.findings', lang))}</h3><ol>{points}</ol>{_table(area.table)}</div>"
    return _section(area.title, pack, f'<div class="area">{figure}{side}</div>')


def _table(table: Table, title: bool = True) -> str:
    head = "".join(f'<th class="{"num" if n else ""}">{html.escape(h)}</th>' for h, n in zip(table.headers, table.numeric))
    body = "".join("<tr>" + "".join(f'<td class="{"num" if n else ""}">{html.escape(str(v))}</td>'
                                    for v, n in zip(row, table.numeric)) + "</tr>" for row in table.rows)
    caption = f"<h3>{html.escape(table.title)}</h3>" if title else ""
    grid = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" if table.rows else ""
    note = f'<p class="note">{html.escape(table.note)}</p>' if table.note else ""
    return caption + grid + note
