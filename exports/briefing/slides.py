"""The briefing pack as an editable PowerPoint file (16:9): native text boxes and tables, native charts where
PowerPoint has one (bars per region, lines per quarter), an image where it has not (error bars). Every slide
carries the filters and the data time at the foot, and who made it and when."""
import io
import re

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches, Pt

from charts.figures import CJK_FONT, COLOURS
from exports import charts as chart_files
from exports.briefing.content import Area, Pack, Table
from i18n import t

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.45)
INK, GREY, ACCENT, HEADER = RGBColor(0x22, 0x2B, 0x36), RGBColor(0x66, 0x6E, 0x78), RGBColor(0xC0, 0x39, 0x2B), \
    RGBColor(0xDD, 0xE6, 0xF0)
TONES = {"better": RGBColor(0x1E, 0x84, 0x49), "worse": RGBColor(0xC0, 0x39, 0x2B), "": GREY}
TABLE_LINES = 15                   # lines of text per slide of a long table; the header repeats on each slide
ROW_HEIGHT = Inches(0.3)           # one line of 10-point text in a cell
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _hex(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def render(pack: Pack) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _theme_fonts(prs)
    deck = Deck(prs, pack)
    deck.cover()
    deck.cards()
    for area in pack.areas:
        deck.area(area)
    for table in pack.attention:
        deck.tables(t("brief.attention", pack.lang), [table])
    if pack.plan:
        deck.tables(t("brief.plan", pack.lang), pack.plan, lines=pack.plan_lines)
    deck.tables(pack.appendix.title, [pack.appendix])
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _theme_fonts(prs):
    """Make the theme's Latin and East Asian fonts the CJK font, so every text box, table and chart uses it
    (PowerPoint and LibreOffice otherwise pick a font without Chinese glyphs for the East Asian text)."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'<a:(latin|ea) typeface="[^"]*"', lambda m: f'<a:{m.group(1)} typeface="{CJK_FONT}"', xml)
    theme._blob = xml.encode("utf-8")


class Deck:
    def __init__(self, prs, pack: Pack):
        self.prs, self.pack, self.lang = prs, pack, pack.lang
        self.blank = prs.slide_layouts[6]

    # ------------------------------------------------------------ frame
    def slide(self, title: str):
        """A blank slide with its title, and the filters, data time, maker and page number at the foot."""
        slide = self.prs.slides.add_slide(self.blank)
        self.text(slide, title, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.7), size=26, bold=True)
        p = self.pack.provenance
        number = len(self.prs.slides)
        self.text(slide, " · ".join(p.lines()), MARGIN, HEIGHT - Inches(0.45), Inches(9.4), Inches(0.3), size=9,
                  colour=GREY)
        self.text(slide, f"{p.footer()} · {t('brief.page', self.lang, n=number)}", WIDTH - MARGIN - Inches(3.2),
                  HEIGHT - Inches(0.45), Inches(3.2), Inches(0.3), size=9, colour=GREY, align=PP_ALIGN.RIGHT)
        return slide

    def text(self, slide, text, left, top, width, height, size=14, bold=False, colour=INK, align=PP_ALIGN.LEFT,
             anchor=MSO_ANCHOR.TOP):
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap, frame.vertical_anchor = True, anchor
        for i, line in enumerate(text if isinstance(text, list) else [text]):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.alignment = align
            run = para.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
        return box

    # ------------------------------------------------------------ slides
    def cover(self):
        pack, p = self.pack, self.pack.provenance
        slide = self.prs.slides.add_slide(self.blank)
        band = slide.shapes.add_shape(1, 0, Inches(2.3), WIDTH, Inches(0.08))
        band.fill.solid()
        band.fill.fore_color.rgb = ACCENT
        band.line.fill.background()
        self.text(slide, pack.title, MARGIN, Inches(1.0), WIDTH - 2 * MARGIN, Inches(1.1), size=36, bold=True)
        lines = [t("brief.cover.region", self.lang, region=pack.region), t("brief.cover.period", self.lang,
                                                                           period=pack.period),
                 p.lines()[0], p.data_line(), p.footer()]
        self.text(slide, lines, MARGIN, Inches(2.7), WIDTH - 2 * MARGIN, Inches(3), size=18, colour=INK)

    def cards(self):
        slide = self.slide(t("brief.cards", self.lang))
        cols, gap = 4, Inches(0.2)
        width = (WIDTH - 2 * MARGIN - gap * (cols - 1)) / cols
        height = Inches(1.5)
        for i, card in enumerate(self.pack.cards):
            left = MARGIN + (width + gap) * (i % cols)
            top = Inches(1.15) + (height + gap) * (i // cols)
            shape = slide.shapes.add_shape(1, int(left), int(top), int(width), int(height))
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor(0xF4, 0xF6, 0xF9)
            shape.line.color.rgb = RGBColor(0xD0, 0xD7, 0xE0)
            delta = t("brief.cards.delta", self.lang, delta=card.delta) if card.delta else \
                t("brief.cards.no_delta", self.lang)
            frame = shape.text_frame
            frame.word_wrap = True
            for j, (line, size, bold, colour) in enumerate(((card.label, 13, False, GREY), (card.value, 26, True, INK),
                                                            (delta, 11, False, TONES[card.tone]))):
                para = frame.paragraphs[0] if j == 0 else frame.add_paragraph()
                para.alignment = PP_ALIGN.LEFT
                run = para.add_run()
                run.text = line
                run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour

    def area(self, area: Area):
        slide = self.slide(area.title)
        top, chart_w = Inches(1.1), Inches(7.1)
        self.chart(slide, area, MARGIN, top, chart_w, HEIGHT - top - Inches(0.65))
        right = MARGIN + chart_w + Inches(0.25)
        width = WIDTH - right - MARGIN
        self.text(slide, t("brief.findings", self.lang), right, top, width, Inches(0.4), size=15, bold=True,
                  colour=ACCENT)
        points = [f"{i}. {line}" for i, line in enumerate(area.findings, start=1)] or \
            [t("brief.findings.none", self.lang)]
        # 13-point text: a half-em is 0.09 in, a line 0.3 in high with the paragraph's spacing
        lines = sum(-(-_units(p) // int(width / Inches(0.09))) for p in points)
        self.text(slide, points, right, top + Inches(0.45), width, Inches(0.3) * lines, size=13)
        self.table(slide, area.table, right, top + Inches(0.75) + Inches(0.3) * lines, width, size=10)

    def chart(self, slide, area: Area, left, top, width, height):
        chart = area.chart
        if chart.kind == "image":
            png = chart_files.image(chart.figure, "png", self.pack.provenance, width=int(width / 9525),
                                    height=int(height / 9525), note=False)
            slide.shapes.add_picture(io.BytesIO(png), left, top, width, height)
            return
        data = CategoryChartData(number_format=chart.number_format)
        data.categories = chart.categories
        for name, values in chart.series.items():
            data.add_series(name, values)
        kind = XL_CHART_TYPE.BAR_CLUSTERED if chart.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
        shape = slide.shapes.add_chart(kind, left, top, width, height, data).chart
        shape.has_title = True
        title, _, caption = chart.figure.layout.title.text.partition("<br>")
        frame = shape.chart_title.text_frame
        frame.text = title
        frame.paragraphs[0].runs[0].font.size = Pt(13)
        if caption:   # quarter, region and branches under the title, as on the dashboard
            run = frame.add_paragraph().add_run()
            run.text = re.sub(r"<[^>]+>", "", caption)
            run.font.size, run.font.bold, run.font.color.rgb = Pt(10), False, GREY
        shape.font.size = Pt(10)
        shape.has_legend = len(chart.series) > 1
        if shape.has_legend:
            shape.legend.position, shape.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        values = shape.value_axis
        percent = chart.number_format.endswith("%")
        values.tick_labels.number_format = "0%" if percent else "#,##0"
        values.tick_labels.number_format_is_linked = False
        values.has_major_gridlines = True
        if percent:
            values.minimum_scale, values.maximum_scale = 0, 1
        if chart.kind == "bar":
            shape.category_axis.reverse_order = True       # the first region at the top, as on the dashboard
            plot = shape.plots[0]
            plot.gap_width = 60
            plot.has_data_labels = len(chart.series) == 1      # labels on grouped bars only clutter
            if plot.has_data_labels:
                plot.data_labels.number_format = chart.number_format
                plot.data_labels.number_format_is_linked = False
                plot.data_labels.font.size = Pt(9)
        for colour, series in zip(COLOURS[1:], shape.plots[0].series):
            fill = series.format.fill if chart.kind == "bar" else series.format.line
            if chart.kind == "bar":
                fill.solid()
                fill.fore_color.rgb = _hex(colour)
            else:
                fill.color.rgb = _hex(colour)

    def table(self, slide, table: Table, left, top, width, size=10, rows=None):
        rows = table.rows if rows is None else rows
        shares = _shares(table)
        lines = [_lines(row, shares, width) for row in rows]
        shape = slide.shapes.add_table(len(rows) + 1, len(table.headers), left, top, width,
                                       Emu(int(ROW_HEIGHT * (sum(lines) + 1)))).table
        for c, share in enumerate(shares):
            shape.columns[c].width = Emu(int(width * share))
        shape.rows[0].height = ROW_HEIGHT
        for r, n in enumerate(lines, start=1):
            shape.rows[r].height = Emu(int(ROW_HEIGHT * n))
        for c, header in enumerate(table.headers):
            self._cell(shape.cell(0, c), header, size, bold=True, fill=HEADER, right=table.numeric[c])
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                self._cell(shape.cell(r, c), value, size, right=table.numeric[c])
        return shape

    def _cell(self, cell, value, size, bold=False, fill=None, right=False):
        cell.text = str(value)
        cell.margin_left = cell.margin_right = Inches(0.05)
        cell.margin_top = cell.margin_bottom = Inches(0.02)
        para = cell.text_frame.paragraphs[0]
        para.alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, INK
        if fill is not None:
            cell.fill.solid()
            cell.fill.fore_color.rgb = fill
        elif fill is None:
            cell.fill.background()

    def tables(self, title: str, tables: list, lines=()):
        """Tables on slides of their own, a long one cut into slides of about TABLE_LINES lines of text, with
        the header repeated on each."""
        for n, table in enumerate(tables):
            chunks = _chunks(table, WIDTH - 2 * MARGIN, TABLE_LINES - (3 if lines and n == 0 else 0))
            for k, rows in enumerate(chunks):
                slide = self.slide(title + (t("brief.continued", self.lang) if k else ""))
                top = Inches(1.05)
                if lines and n == 0 and k == 0:
                    self.text(slide, list(lines), MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.7), size=13)
                    top += Inches(0.75)
                self.text(slide, table.title, MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.4), size=15, bold=True,
                          colour=ACCENT)
                top += Inches(0.45)
                if rows:
                    self.table(slide, table, MARGIN, top, WIDTH - 2 * MARGIN, rows=rows)
                if table.note and k == len(chunks) - 1:
                    height = ROW_HEIGHT * (1 + sum(_lines(r, _shares(table), WIDTH - 2 * MARGIN) for r in rows))
                    below = top + height + Inches(0.1) if rows else top
                    self.text(slide, table.note, MARGIN, below, WIDTH - 2 * MARGIN, Inches(0.4), size=11, colour=GREY)


def _shares(table: Table) -> list:
    """Each column's share of the table's width, from the longest text in it (within bounds, so a long reason
    column wraps instead of squeezing the numbers)."""
    longest = [max([_units(h)] + [_units(row[c]) for row in table.rows]) for c, h in enumerate(table.headers)]
    weights = [min(max(n, 8), 72) for n in longest]
    return [w / sum(weights) for w in weights]


def _units(text) -> int:
    """Text width in half-ems: a CJK character is two, a digit or Latin letter one."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in str(text))


def _lines(row, shares, width) -> int:
    """How many lines a row takes: a half-em of 10-point text is 0.07 in, less the cell's margins."""
    units = [max(1, int((width * share - Inches(0.1)) / Inches(0.07))) for share in shares]
    return max(1, *(-(-_units(v) // n) for v, n in zip(row, units)))


def _chunks(table: Table, width, budget: int) -> list:
    shares, chunks, lines = _shares(table), [[]], 0
    for row in table.rows:
        n = _lines(row, shares, width)
        if chunks[-1] and lines + n > budget:
            chunks.append([])
            lines = 0
        chunks[-1].append(row)
        lines += n
    return chunks
