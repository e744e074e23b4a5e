"""Reading the files the product writes, as a person's tools would: every text of a PPTX (slides, tables, chart
titles and the workbooks behind native charts), a PDF's text page by page (pdftotext), its fonts (pdffonts), its
first page as pixels (pdftoppm), and independent sums over the raw submissions to compare with."""
import io
import re
import subprocess
import zipfile

import numpy as np
from pptx import Presentation

from conftest import query


def slide_texts(data: bytes) -> list[str]:
    """The text of every slide: text boxes, table cells and chart titles and categories, in order."""
    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                chart = shape.chart
                if chart.has_title:
                    parts.append(chart.chart_title.text_frame.text)
                parts += [str(c) for c in chart.plots[0].categories]
        slides.append("\n".join(parts))
    return slides


def every_text_in_zip(data: bytes) -> str:
    """Every XML part of an Office file, and of the workbooks embedded in it (a native chart's data), as text."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            blob = z.read(name)
            if name.endswith((".xml", ".rels")):
                out.append(blob.decode("utf-8", "replace"))
            elif name.endswith(".xlsx"):
                out.append(every_text_in_zip(blob))
    return "\n".join(out)


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def pdf_fonts(path) -> list[dict]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type… encoding emb sub uni object ID: the three yes/no columns come before the object number
        fonts.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return fonts


def first_page_pixels(path, tmp_path) -> np.ndarray:
    """Page 1 rendered at 40 dpi as a grey image (pdftoppm's PGM output, read without an image library)."""
    stem = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", "-singlefile", str(path), str(stem)],
                   check=True)
    raw = (tmp_path / "page.pgm").read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", raw)
    width, height = int(header.group(1)), int(header.group(2))
    return np.frombuffer(raw[header.end():header.end() + width * height], dtype=np.uint8).reshape(height, width)


def raw_sums(db, prefix: str, period: str) -> dict:
    """Sums of the current submissions of a region and quarter, straight from the tables the ETL writes."""
    cols = ("docs_expected", "docs_archived", "docs_digitised", "docs_sampled", "docs_misclassified", "archive_staff",
            "staff_trained", "funds_allocated", "funds_spent", "funds_designated", "funds_misused")
    row = query(db, f"select {', '.join(f'sum(s.{c})' for c in cols)}, count(*) filter (where s.funds_misused > 0) "
                    "from submissions s join branches b using (branch_code) "
                    "where b.county_code like ? || '%' and s.period = ?", [prefix, period])[0]
    sums = {c: float(v or 0) for c, v in zip(cols, row)}
    sums["misuse_branches"] = int(row[-1])
    return sums


def county_completeness(db, city: str, period: str) -> dict:
    """Each county's completeness in a city and quarter: Σ archived ÷ Σ expected over its submissions."""
    rows = query(db, "select b.county_code, sum(s.docs_archived) / sum(s.docs_expected) from submissions s "
                     "join branches b using (branch_code) where b.county_code like ? || '%' and s.period = ? "
                     "group by 1", [city, period])
    return {code: float(v) for code, v in rows}
