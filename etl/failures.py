"""Failures put in words an officer understands: what went wrong, in Chinese, never engine text.

A failure that belongs to one file (it cannot be read, it is too big) ends as that file's result.
A failure of the machine (the disk is full, the folder cannot be written, memory ran out) ends the
whole load as LoadFailed, with the database left as it was.
"""
import errno

DISK_FULL = "磁盘空间不足"
MEMORY = "内存不足"
UNWRITABLE = "没有写入权限"


class LoadFailed(Exception):
    """The load as a whole could not be written; the database is unchanged. str() is for an officer."""


def machine_problem(exc: BaseException) -> str | None:
    """DISK_FULL, MEMORY or UNWRITABLE when `exc` is the machine's fault rather than a file's, else None."""
    import duckdb  # here, not at the top: the workbook reader process imports this module and not DuckDB
    if isinstance(exc, MemoryError) or isinstance(exc, duckdb.OutOfMemoryException):
        return MEMORY
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return DISK_FULL
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return UNWRITABLE
    if isinstance(exc, duckdb.Error):
        text = str(exc).lower()
        if "no space left" in text or "file too large" in text or "disk quota" in text:
            return DISK_FULL
        if "out of memory" in text or "failed to allocate" in text:
            return MEMORY
        if "permission denied" in text or "read-only file system" in text:
            return UNWRITABLE
    return None


def load_failed(problem: str, db_name: str) -> LoadFailed:
    """The whole load's failure for a machine problem, saying what to do."""
    advice = {
        DISK_FULL: "请清理数据库所在磁盘(导入时需要约等于数据库大小的空余空间)后重新导入",
        MEMORY: "请关闭其他占用内存的程序,或把文件拆小后分批导入",
        UNWRITABLE: "数据库所在文件夹不可写:请检查该文件夹的权限,或用 --db 指定可写的位置",
    }[problem]
    return LoadFailed(f"{problem},本次导入没有写入数据库(数据库 {db_name} 保持原样,未留下临时文件)。{advice}。")


def unexpected(exc: BaseException) -> str:
    """A file's failure that no check foresaw: say so plainly; the detail goes to FileResult.detail."""
    return "读取或检查这个文件时出现意外错误,文件未导入。请检查文件内容是否完整,或另存为 xlsx 后重试;如仍失败请联系管理员。"


def detail(exc: BaseException) -> str:
    """Engine text for logs and administrators only, never shown to an officer."""
    return f"{type(exc).__name__}: {exc}"[:2000]


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message is for an officer, in Chinese."""


class DemoRefused(Exception):
    """The demo would be written over real data; str() is for an officer. Here, not in etl.demo, so the
    command line need not import the demo's generator (pandas) to catch it."""
