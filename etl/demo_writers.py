"""Demo generator, writers: the xlsx and GBK CSV files as county offices send them."""
from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import zipfile
from xml.sax.saxutils import escape

import pandas as pd

from etl.demo_data import _INT_FIELDS, REGISTER_TITLE, CountyProfile
from etl.spec import FORM_FIELDS, MONEY_FIELDS, REGISTER_FIELDS

# Fixed timestamps so that repeated runs give byte-identical xlsx files.
_FROZEN_TIME = dt.datetime(2025, 12, 31, 12, 0, 0)
_ZIP_TIME = (2025, 12, 31, 12, 0, 0)
_CN_Q = {1: "一", 2: "二", 3: "三", 4: "四"}

def period_cn(quarter: str) -> str:
    """'2024Q1' -> '2024年第一季度'."""
    return f"{quarter[:4]}年第{_CN_Q[int(quarter[-1])]}季度"


_UNITS = {"member_count": "人", "docs_expected": "件", "docs_archived": "件", "docs_digitised": "件",
          "docs_sampled": "件", "docs_misclassified": "件", "archive_staff": "人",
          "archive_staff_fulltime": "人", "staff_trained": "人", "training_hours": "学时"}


def _xlsx_headers(prof: CountyProfile) -> list[tuple[str, str]]:
    """(canonical, header) in the county's column order; period comes from the title."""
    lb, rb = ("(", ")") if prof.fullwidth else ("(", ")")
    cols = []
    for f in FORM_FIELDS:
        if f.name == "period":
            continue
        unit = "万元" if f.name in MONEY_FIELDS else _UNITS.get(f.name)
        header = f"{f.header}{lb}{unit}{rb}" if unit else f.header
        if prof.wrapped_header and f.name == "docs_expected":
            header = "应归档\n" + header[3:]
        cols.append((f.name, header))
    if prof.name_first:
        cols[0], cols[1] = cols[1], cols[0]
    return cols


def _wan(fen):
    """fen -> 万元; whole yuan gives at most 4 decimals, exact to the fen."""
    return round(fen / 1_000_000, 6) if isinstance(fen, (int, float)) else fen


def _xlsx_cell(name: str, value, yes_no):
    if value is None:
        return None
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if name in MONEY_FIELDS:
        return _wan(value)
    return value


# A minimal xlsx writer: openpyxl's write-only mode without lxml takes ~15 s for
# these files; plain XML strings take well under a second and are byte-stable.
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STATIC_PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_PKG}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{_PKG}/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        '</Relationships>'),
    "docProps/app.xml": (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>Microsoft Excel</Application></Properties>'),
    "docProps/core.xml": (
        f'<cp:coreProperties xmlns:cp="{_PKG}/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>承德市委组织部</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_FROZEN_TIME.isoformat()}Z</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_FROZEN_TIME.isoformat()}Z</dcterms:modified>'
        '</cp:coreProperties>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>'),
    # Style 1 = built-in date format 14, so 填报日期 reads back as a date.
    "xl/styles.xml": (
        f'<styleSheet {_NS}><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _write_xlsx_rows(path: pathlib.Path, sheet_name: str, rows: list[list], merged_rows: int = 0) -> None:
    """Write one sheet of plain values (str, int, float, date, None) as an xlsx file.

    The first merged_rows rows (title, units) are merged across the table, as offices do."""
    strings: dict[str, int] = {}
    letters = [_col_letter(i) for i in range(max((len(r) for r in rows), default=0))]
    out = [f"{_XML_HEAD}<worksheet {_NS}><sheetData>"]
    for n, row in enumerate(rows, start=1):
        cells = []
        for letter, v in zip(letters, row):
            ref = f"{letter}{n}"
            if v is None or (isinstance(v, float) and v != v):  # blank / NaN: no cell
                continue
            if isinstance(v, str):
                idx = strings.setdefault(v, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
            elif isinstance(v, dt.date):
                cells.append(f'<c r="{ref}" s="1"><v>{(v - _EXCEL_EPOCH).days}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
        out.append(f'<row r="{n}">{"".join(cells)}</row>')
    out.append("</sheetData>")
    if merged_rows:
        refs = "".join(f'<mergeCell ref="A{n}:{letters[-1]}{n}"/>' for n in range(1, merged_rows + 1))
        out.append(f'<mergeCells count="{merged_rows}">{refs}</mergeCells>')
    out.append("</worksheet>")
    sst = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    parts = dict(_STATIC_PARTS)
    parts["xl/workbook.xml"] = (f'<workbook {_NS} xmlns:r="{_REL}"><sheets>'
                                f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    parts["xl/sharedStrings.xml"] = f'<sst {_NS} count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>'
    parts["xl/worksheets/sheet1.xml"] = "".join(out)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            body = xml if xml.startswith("<?xml") else _XML_HEAD + xml
            zf.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), body.encode("utf-8"),
                        compress_type=zipfile.ZIP_DEFLATED)


def _write_xlsx(path, rows, prof: CountyProfile, quarter: str) -> None:
    cols = _xlsx_headers(prof)
    sheet = [[f"{prof.name}基层党组织党建工作档案统计表({period_cn(quarter)})"],
             ["金额单位:万元"],
             [h for _, h in cols]]
    sheet += [[_xlsx_cell(c, r[c], prof.yes_no) for c, _ in cols] for r in rows]
    if prof.blank_before_total:
        sheet.append([])
    sheet.append(_total_row(rows, cols))
    _write_xlsx_rows(path, "Sheet1", sheet, merged_rows=2)


def _total_row(rows, cols) -> list:
    """合计 row: no branch code, sums of the numeric columns (as an office would)."""
    out = []
    for c, _ in cols:
        if c == "branch_name":
            out.append("合计")
        elif c in _INT_FIELDS or c == "training_hours":
            vals = [r[c] for r in rows if isinstance(r[c], (int, float)) and not isinstance(r[c], bool)]
            total = sum(vals)
            out.append(_wan(total) if c in MONEY_FIELDS else total)
        else:
            out.append(None)
    return out


def _csv_money(fen, style: str) -> str:
    if not isinstance(fen, (int, float)):
        return str(fen)
    yuan = fen / 100
    if style == "thousands":
        return f"{yuan:,.2f}"
    if style == "fixed2" or fen % 100:
        return f"{yuan:.2f}"
    return f"{int(yuan)}"


def _csv_value(name: str, value, prof: CountyProfile) -> str:
    if value is None:
        return ""
    if name == "period":
        return period_cn(value) if prof.period_style == "cn" else value
    if isinstance(value, bool):
        return prof.yes_no[0] if value else prof.yes_no[1]
    if name in MONEY_FIELDS:
        return _csv_money(value, prof.money_style)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_csv(path, rows, prof: CountyProfile) -> None:
    headers = [f"{f.header}(元)" if f.name in MONEY_FIELDS else f.header for f in FORM_FIELDS]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # Excel on Windows writes CRLF
    w.writerow(headers)
    for r in rows:
        w.writerow([_csv_value(f.name, r[f.name], prof) for f in FORM_FIELDS])
    path.write_bytes(buf.getvalue().encode("gbk"))


def _write_register(path, reg: pd.DataFrame) -> None:
    sheet = [[REGISTER_TITLE], [f.header for f in REGISTER_FIELDS]]
    sheet += [list(rec) for rec in reg[[f.name for f in REGISTER_FIELDS]].itertuples(index=False)]
    _write_xlsx_rows(path, "组织台账", sheet, merged_rows=1)


def _write(path, rows, prof, quarter) -> None:
    if prof.fmt == "xlsx":
        _write_xlsx(path, rows, prof, quarter)
    else:
        _write_csv(path, rows, prof)
