"""What a file is, by its bytes rather than its name: a workbook (zip or OLE2), text, or something else.

An .xls saved as .xlsx (and the reverse) opens as what it is; a WPS .et is an OLE2 workbook calamine
reads like .xls. Whatever the loader cannot read is refused in words that say what the file is.
"""
from pathlib import Path

from etl.failures import UnreadableFile

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_SPREADSHEETS = (
    (b"%PDF", "这是 PDF 文件"), (b"\x89PNG", "这是图片(PNG)"), (b"\xff\xd8\xff", "这是图片(JPG)"),
    (b"GIF8", "这是图片(GIF)"), (b"Rar!", "这是 RAR 压缩包"), (b"7z\xbc\xaf", "这是 7z 压缩包"),
    (b"\x1f\x8b", "这是 gzip 压缩包"), (b"{\\rtf", "这是 RTF 文档"),
)


def sniff(path: Path) -> str:
    """'excel' or 'text'; raises UnreadableFile (Chinese) for an empty file or one that is neither."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        raise UnreadableFile("文件是空的(0 字节):请检查是否上传或复制了正确的文件")
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06") or head[:8] == OLE2:
        return "excel"
    for magic, what in NOT_SPREADSHEETS:
        if head.startswith(magic):
            raise UnreadableFile(f"{what},不是统计表:请导入 xlsx、xls 或 csv 格式的统计表")
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith(b"<") and (b"<html" in low or b"<table" in low or b"<!doctype" in low):
        raise UnreadableFile("这是网页(HTML)格式的表格,并非真正的 Excel 文件(常见于系统导出的 .xls):"
                             "请用 Excel 打开后另存为 xlsx 再导入")
    if low.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise UnreadableFile("这是 Excel 2003 XML 表格:请用 Excel 打开后另存为 xlsx 再导入")
    return "text"
