"""Excel workbooks (xlsx, xls, WPS .et) read in a separate reader process, so no file can stop the load.

python-calamine aborts the whole process on some damaged files (it asks for terabytes) and on a
formatted empty cell at XFD1048576: an abort cannot be caught. So workbooks are read by
`python -m etl.excel`, a small process with an address-space limit and a time limit, restarted
after a crash. Before calamine sees an xlsx, its parts are checked: unpacked size (zip bombs), the
used range by the cells that exist (cells holding nothing far away are dropped first), and the
error cells (#N/A, #DIV/0!…, which calamine reads as blanks) are noted so they can be named
(for .xls and .et by etl/biff.py).
"""
import atexit
import importlib
import io
import os
import pickle
import re
import resource
import select
import struct
import subprocess
import sys
import threading
import time
import zipfile
from xml.etree import ElementTree

from etl import biff, limits
from etl.failures import UnreadableFile

ALLOC_CELLS = 40_000_000  # a range calamine may allocate in the reader process without harm (~1.3 GB)
CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
ROW_REF = re.compile(rb'<row r="(\d{1,7})"')
CELL = re.compile(rb'<c\b([^>]*?)(/>|>(.*?)</c>)', re.S)
ERROR_CELL = re.compile(rb'<c\b[^>]*\bt="e"[^>]*>.*?<v>([^<]*)</v>.*?</c>', re.S)
REF_ATTR = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')


class Refused(Exception):
    """A workbook this reader will not open; the message is Chinese, for an officer."""


def col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


# ---------------------------------------------------------------- checking an xlsx before calamine

def exact_bounds(xml: bytes):
    """(rows, columns) of the range calamine would allocate, from every cell element; None if the XML
    is irregular (cells without a reference, namespace prefixes) and must be measured by parsing."""
    prefixed = b":row" in xml and re.search(rb"<[A-Za-z0-9_]+:(?:c|row)[\s>/]", xml)  # substring test first: cheap
    if prefixed:
        return None
    rows = [int(r) for r in ROW_REF.findall(xml)] or [0]
    digits = len(str(max(rows)))
    cols = widest_column(xml, digits)
    if cols is not None and (10 ** digits - 1) * cols <= ALLOC_CELLS:
        return max(rows), cols  # what the measure below finds, in one pass over the XML instead of five
    if xml.count(b"<c ") + xml.count(b"<c>") != xml.count(b'<c r="'):
        return None
    letters = set(re.findall(rb'<c r="([A-Z]{1,3})', xml))
    cols = max((col_number(x) for x in letters), default=0)
    if not re.search(rb'<c r="[A-Z]{1,3}\d{%d}' % (digits + 1), xml) and (10 ** digits - 1) * cols <= ALLOC_CELLS:
        return max(rows), cols  # no cell lies beyond a row number of this many digits: the bound is safe
    refs = CELL_REF.findall(xml)
    return max(int(r) for _, r in refs) if refs else 0, cols


def widest_column(xml: bytes, digits: int):
    """The widest column of the cells, guessed from the first and last cells and proved by one search that
    finds no cell further right; None when that search finds one, or a cell element without a reference
    (`<c>`, `<c s=…`), or a cell whose row has more than `digits` digits: exact_bounds then measures."""
    sample = re.findall(rb'<c r="([A-Z]{1,3})\d', xml[:1 << 16] + b" " + xml[-(1 << 16):])
    if not sample:
        return None
    widest = max(sample, key=col_number).decode()
    beyond = [f"[A-Z]{{{len(widest) + 1}}}"] if len(widest) < 3 else []
    for i, letter in enumerate(widest):  # same number of letters, alphabetically later
        if letter != "Z":
            beyond.append(f"{widest[:i]}[{chr(ord(letter) + 1)}-Z][A-Z]{{{len(widest) - 1 - i}}}")
    odd = re.compile(rb'<c(?:>| (?!r=")| r="(?:%s|[A-Z]{1,3}\d{%d}))' % ("|".join(beyond).encode(), digits + 1))
    return None if odd.search(xml) else col_number(widest.encode())


def parsed_bounds(xml: bytes):
    """Rows and columns by walking the XML (for cells and rows without references)."""
    rows = cols = row = 0
    for _, el in ElementTree.iterparse(io.BytesIO(xml), events=("start",)):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "row":
            row = int(el.get("r") or row + 1)
            rows, col = max(rows, row), 0
        elif tag == "c":
            ref = el.get("r")
            m = re.fullmatch(r"([A-Z]{1,3})(\d+)", ref or "")
            col = col_number(m.group(1).encode()) if m else col + 1
            rows, cols = max(rows, int(m.group(2)) if m else row), max(cols, col)
    return rows, cols


def has_value(body: bytes | None, attrs: bytes, strings) -> bool:
    if not body:
        return False
    v = re.search(rb"<v>([^<]*)</v>", body)
    if b't="s"' in attrs:
        try:
            return bool(v) and bool(strings[int(v.group(1))].strip())
        except (ValueError, IndexError):
            return True
    texts = re.findall(rb"<t(?:\s[^>]*)?>([^<]*)</t>", body)
    return bool((v and v.group(1).strip()) or any(t.strip() for t in texts))


def drop_empty_cells(xml: bytes, strings) -> bytes:
    """The sheet without its cells that hold nothing (formatted blanks, empty strings)."""
    return CELL.sub(lambda m: m.group(0) if has_value(m.group(3), m.group(1), strings) else b"", xml)


def shared_strings(zf, names):
    if "xl/sharedStrings.xml" not in names:
        return []
    xml = zf.read("xl/sharedStrings.xml")
    return [b"".join(re.findall(rb"<t(?:\s[^>]*)?>([^<]*)</t>", si)) for si in re.findall(rb"<si>(.*?)</si>", xml, re.S)]


def sheet_parts(zf, names):
    """{part name: sheet name} from workbook.xml and its relationships (best effort)."""
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    except (KeyError, zipfile.BadZipFile):
        return {}
    target = {m.group(1): m.group(2) for m in re.finditer(rb'<Relationship\b[^>]*\bId="([^"]+)"[^>]*\bTarget="([^"]+)"', rels)}
    target.update({m.group(2): m.group(1) for m in re.finditer(rb'<Relationship\b[^>]*\bTarget="([^"]+)"[^>]*\bId="([^"]+)"', rels)})
    out = {}
    for m in re.finditer(rb'<sheet\b[^>]*>', book):
        name, rid = re.search(rb'\bname="([^"]*)"', m.group(0)), re.search(rb'\br:id="([^"]*)"', m.group(0))
        if name and rid and rid.group(1) in target:
            part = target[rid.group(1)].decode("utf-8", "replace").lstrip("/")
            part = part if part.startswith("xl/") else "xl/" + part
            out[part] = unescape(name.group(1).decode("utf-8", "replace"))
    return out


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def prepare_xlsx(data: bytes):
    """(bytes for calamine, {sheet: {(row, col): error text}}, {sheet: problem}); raises Refused."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused("文件已损坏或不完整(不是完整的 xlsx 压缩包):请重新保存或重新下载后再导入") from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise Refused("这是 OpenDocument(ods)表格:请用 Excel 或 WPS 另存为 xlsx 后再导入")
        if "word/document.xml" in names:
            raise Refused("这是 Word 文档,不是统计表:请把表格复制到 Excel 中另存为 xlsx")
        raise Refused("这是一个压缩包,不是 Excel 表格:请解压后导入其中的 xlsx、xls 或 csv 文件")
    if sum(i.file_size for i in infos) > limits.MAX_UNPACKED_MB << 20:
        raise Refused(f"文件解压后超过 {limits.MAX_UNPACKED_MB} MB(可能是异常文件):请删除无关的工作表或另存为 CSV 后再导入")
    parts, strings, replaced, errors, problems = sheet_parts(zf, names), None, {}, {}, {}
    try:
        for info in infos:
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            xml = zf.read(info)
            sheet = parts.get(info.filename, info.filename)
            bounds = exact_bounds(xml) or parsed_bounds(xml)
            if bounds[0] * bounds[1] > ALLOC_CELLS:
                strings = shared_strings(zf, names) if strings is None else strings
                xml = drop_empty_cells(xml, strings)
                bounds = exact_bounds(xml) or parsed_bounds(xml)
                if bounds[0] * bounds[1] > limits.MAX_SHEET_CELLS:
                    problems[sheet] = far_cells(bounds)
                    xml = re.sub(rb"<sheetData\b.*?(</sheetData>|/>)", b"<sheetData/>", xml, flags=re.S)
                replaced[info.filename] = xml
            errors[sheet] = {(int(r) - 1, col_number(c) - 1): v.decode("utf-8", "replace")
                             for c, r, v in error_cells(xml)}
    except (zipfile.BadZipFile, ElementTree.ParseError, EOFError, OSError, ValueError):
        raise Refused("文件已损坏或不完整(xlsx 中的工作表无法解压或解析):请重新保存后再导入") from None
    if replaced:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info in infos:
                z.writestr(info.filename, replaced.get(info.filename) or zf.read(info))
        data = out.getvalue()
    return data, errors, problems


def error_cells(xml: bytes):
    if b't="e"' not in xml:  # the common case, without running the regex over every cell
        return
    for m in ERROR_CELL.finditer(xml):
        ref = REF_ATTR.search(m.group(0))
        if ref:
            yield ref.group(1), ref.group(2), m.group(1)


def far_cells(bounds):
    rows, cols = bounds
    return (f"表格范围过大(有内容的单元格一直延伸到第 {rows:,} 行、第 {cols:,} 列,超过 {limits.MAX_SHEET_CELLS:,} 个单元格的上限):"
            "请删除表格右下方多余的内容后重新保存,或把数据另存为 CSV")


# ---------------------------------------------------------------- reading (in the reader process)

def read_workbook(path: str):
    """Every sheet of a workbook: [{'name', 'hidden', 'kind', 'table', 'blank_cells', 'merges', 'problem'}],
    'table' a pyarrow Table of text columns (see read_sheet). Raises Refused."""
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum
    with open(path, "rb") as fh:
        data = fh.read()
    errors, problems = {}, {}
    if data[:4] == b"PK\x03\x04":
        data, errors, problems = prepare_xlsx(data)
    else:
        errors = biff.error_cells(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = book.sheets_metadata
    except PasswordError:
        raise Refused("文件设置了打开密码,无法读取:请取消密码后另存再导入") from None
    except BaseException as exc:  # noqa: BLE001 - calamine raises its own errors and Rust panics
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise Refused(ole_problem(data)) from None
    sheets = []
    for meta in metas:
        entry = {"name": meta.name, "hidden": meta.visible != SheetVisibleEnum.Visible,
                 "kind": "worksheet" if meta.typ == SheetTypeEnum.WorkSheet else "other",
                 "table": None, "blank_cells": False, "merges": [], "problem": problems.get(meta.name)}
        sheets.append(entry)
        if entry["hidden"] or entry["kind"] != "worksheet" or entry["problem"]:
            continue
        try:
            read_sheet(book.get_sheet_by_name(meta.name), entry, errors.get(meta.name, {}))
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            entry["problem"] = "工作表已损坏,无法读取"
    return sheets


def read_sheet(sheet, entry, errors):
    """The sheet's cells as a table of text columns from row 1 and column A (etl/columns.py); a used
    range (by the cells holding values) over the limit is refused."""
    from etl import columns  # pyarrow: serve() imports it in the background while calamine parses
    try:
        cols, blank = columns.sheet_columns(sheet, errors, limits.MAX_SHEET_CELLS)
    except columns.TooManyCells:
        entry["problem"] = far_cells((sheet.end[0] + 1, sheet.end[1] + 1))
        return
    entry["table"], entry["blank_cells"] = columns.to_table(cols), blank
    entry["merges"] = sheet.merged_cell_ranges or []


def ole_problem(data: bytes) -> str:
    """Why an OLE2 (or other) file that calamine refused cannot be read, in words."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "文件设置了打开密码,无法读取:请取消密码后另存再导入"
        if "WordDocument".encode("utf-16-le") in data:
            return "这是 Word 文档,不是统计表:请把表格复制到 Excel 中另存为 xlsx"
        return "无法读取这个 xls/et 文件(文件已损坏,或是本程序不支持的旧版格式):请用 Excel 或 WPS 打开后另存为 xlsx 再导入"
    return "文件已损坏或不是 Excel 格式:请用 Excel 或 WPS 打开后另存为 xlsx 再导入"


def serve():
    """The reader process: read requests (a path) from stdin, answer each on stdout, one pickle per frame."""
    limit = limits.EXCEL_READER_MEMORY_MB << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # The cell conversion's import (pyarrow, ~0.3 s) overlaps the first workbook's checks and parsing:
    # calamine releases the GIL while it parses.
    threading.Thread(target=importlib.import_module, args=("etl.columns",), daemon=True).start()
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        head = inp.read(4)
        if len(head) < 4:
            return
        path = pickle.loads(inp.read(struct.unpack(">I", head)[0]))
        try:
            answer = {"sheets": read_workbook(path)}
        except Refused as exc:
            answer = {"refused": str(exc)}
        except MemoryError:
            answer = {"refused": "文件太大或内容异常,读取时超出内存上限:请拆分文件或另存为 CSV 后再导入"}
        blob = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(struct.pack(">Q", len(blob)) + blob)
        out.flush()


# ---------------------------------------------------------------- the client (in the loader)

class ExcelReader:
    """One reader process, started on first use and again after it dies; read() returns the sheets."""
    proc = None

    def read(self, path) -> list:
        for attempt in (1, 2):  # a reader that died on the previous file is restarted once
            if self.proc is None or self.proc.poll() is not None:
                self.start()
            try:
                return self.ask(str(path))
            except BrokenPipeError:
                self.stop()
                if attempt == 2:
                    raise UnreadableFile(CRASHED) from None
        raise UnreadableFile(CRASHED)

    def warm(self):
        """Start the reader now (it takes ~0.3 s to import its libraries) so it is ready when the first
        workbook comes, while the writer copies the database."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()

    def start(self):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-m", "etl.excel"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)

    def ask(self, path):
        blob = pickle.dumps(path)
        self.proc.stdin.write(struct.pack(">I", len(blob)) + blob)
        self.proc.stdin.flush()
        deadline = time.monotonic() + limits.EXCEL_READ_SECONDS
        head = self.receive(8, deadline)
        answer = pickle.loads(self.receive(struct.unpack(">Q", head)[0], deadline))
        if "refused" in answer:
            raise UnreadableFile(answer["refused"])
        return answer["sheets"]

    def receive(self, n, deadline):
        fd, chunks, got = self.proc.stdout.fileno(), [], 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.stop()
                raise UnreadableFile(f"读取超时(超过 {limits.EXCEL_READ_SECONDS} 秒):文件可能过大或内容异常,请拆分或另存为 CSV 后再导入")
            chunk = os.read(fd, min(n - got, 1 << 20))
            if not chunk:
                self.stop()
                raise UnreadableFile(CRASHED)
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def stop(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for pipe in (self.proc.stdin, self.proc.stdout):
                try:
                    pipe.close()
                except OSError:
                    pass
            self.proc = None


CRASHED = "文件已损坏或内容异常,读取程序无法处理(已中止读取,其他文件不受影响):请用 Excel 或 WPS 打开后另存为 xlsx 再导入"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


READER = ExcelReader()
atexit.register(READER.stop)


if __name__ == "__main__":
    serve()
