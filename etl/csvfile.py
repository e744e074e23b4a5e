"""CSV as county offices save it: any common encoding, comma or tab, CR-only line ends; text out for DuckDB.

DuckDB reads only UTF-8 here, so anything else is decoded in Python and written to a UTF-8 copy.
A semicolon-separated file is refused in words (its numbers may use a decimal comma).
"""
import csv
import io
from pathlib import Path

from etl.failures import UnreadableFile
from etl.headers import HEADER_SCAN_ROWS

csv.field_size_limit(1 << 24)  # a cell of up to 16 MB is read (and later refused by the checks), not a crash


def decode_bytes(data: bytes):
    """(text, note): UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030; a UTF-8 BOM before GBK bytes
    is read as GBK and said so. Raises UnreadableFile."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise UnreadableFile("文件标记为 UTF-16 编码,但内容无法按 UTF-16 读取:请另存为 UTF-8 编码的 CSV") from None
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = body.decode("gb18030")  # a superset of GBK
    except UnicodeDecodeError:
        raise UnreadableFile("无法识别文件编码(既不是 UTF-8 也不是 GBK):请另存为 UTF-8 或 GBK 编码的 CSV") from None
    return text, ("文件开头标记为 UTF-8,但内容是 GBK 编码:已按 GBK 读取" if bom else None)


def check_text(data: bytes):
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("文件不是文本格式的 CSV(可能是改了扩展名的其他文件,或已损坏)")
    if not data.strip(b"\xef\xbb\xbf \t\r\n,;"):
        raise UnreadableFile("文件中没有任何内容(只有空行或分隔符)")


def normalise_newlines(text: str) -> str:
    """Old Excel for Mac ends lines with CR alone: make them LF so every reader sees the lines."""
    return text.replace("\r", "\n") if "\r" in text and "\n" not in text else text


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:20000].splitlines()[:HEADER_SCAN_ROWS])
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    if counts[";"] > max(counts[","], counts["\t"]):
        raise UnreadableFile("文件以分号(;)分隔,数字中的逗号可能是小数点,无法可靠读取:"
                             "请在 Excel 中另存为「CSV UTF-8(逗号分隔)」后再导入")
    return "\t" if counts["\t"] > counts[","] else ","


def records(text: str, delim: str, limit=None):
    """(record, first line number) pairs, blank records dropped; at most `limit` records if given."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    out, line = [], 0
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if any(c.strip() for c in record):
                out.append(([c if c != "" else None for c in record], start))
                if limit and len(out) >= limit:
                    break
    except csv.Error:
        raise UnreadableFile(f"CSV 格式有误(约第 {line + 1} 行):引号不成对或内容异常,请用 Excel 打开后重新另存为 CSV") from None
    return out


def physical_lines_after(text: str, line: int) -> int:
    """Physical lines after line `line` (1-based), to verify that DuckDB read one record per line."""
    rest = text.split("\n", line)[-1] if line else text
    return rest.count("\n") + (0 if rest.endswith("\n") or not rest else 1)


def utf8_copy(data: bytes, text: str, path: Path, workdir: Path) -> Path:
    """The file itself if DuckDB can read it as is, else a UTF-8 copy (LF line ends) in workdir."""
    try:
        if data.decode("utf-8") == text and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return path
    except UnicodeDecodeError:
        pass
    out = workdir / f"{len(list(workdir.iterdir()))}.utf8.csv"
    out.write_text(text, encoding="utf-8")
    return out
