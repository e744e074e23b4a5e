"""The DuckDB file: where it is, how readers open it, and how writers replace it without locking readers.

Writers work on a private copy and os.replace() it over the original when done, so a dashboard
holding the file open read-only never blocks a load, and a killed load leaves the original intact.
A file that is missing, damaged or of an unknown schema version is met with DatabaseUnusable, whose
message says in Chinese what is wrong and which command restores or rebuilds it.
"""
import contextlib
import fcntl
import os
import shutil
import uuid
from pathlib import Path

import duckdb

from etl import rollups
from etl.failures import load_failed, machine_problem
from etl.schema import SCHEMA_VERSION, ensure_schema, has_tables, known_version, stored_version

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "archives.duckdb"
# Memory caps: the ETL must stay under 2 GB and the dashboard under 1.5 GB on a national database.
# ARCHIVES_WRITER_MEMORY lowers the writer's cap (the upload child sets it under its own limit).
WRITER_MEMORY = "1200MB"
READER_MEMORY = "800MB"

RELOAD = ("如无备份,可将该文件改名移走,再用 python -m etl registry 重新导入组织台账、"
          "python -m etl load 重新导入各季度统计表(演示数据库可用 python -m etl demo 重建)")


class DatabaseUnusable(Exception):
    """The database file cannot be used. str() is a Chinese sentence for an officer; .reason is one of
    'missing', 'corrupt', 'schema'; .path is the file."""

    def __init__(self, reason: str, path: Path, found=None):
        self.reason, self.path, self.found = reason, Path(path), found
        name = self.path.name
        if reason == "missing":
            text = (f"数据库文件 {name} 不存在。请先用 python -m etl registry 导入组织台账(或用 python -m etl demo "
                    f"生成演示数据库);如果设置了环境变量 ARCHIVES_DB,请检查其中的路径是否正确。")
        elif reason == "corrupt":
            text = f"数据库文件 {name} 已损坏(文件为空、不完整或不是数据库文件),无法打开。请从备份恢复该文件;{RELOAD}。"
        elif found is None:
            text = f"文件 {name} 不是党建档案看板的数据库(其中没有本系统的数据表)。请检查数据库路径(--db 或 ARCHIVES_DB)。"
        else:
            text = (f"数据库文件 {name} 的结构版本为「{found}」,本程序只认识版本 1–{SCHEMA_VERSION}:它可能由更新版本的程序写入。"
                    f"请升级本程序后再打开;或从备份恢复与本程序匹配的数据库文件;{RELOAD}。")
        super().__init__(text)


def db_path(explicit=None) -> Path:
    """--db, else $ARCHIVES_DB, else data/archives.duckdb in the repo."""
    return Path(explicit or os.environ.get("ARCHIVES_DB") or DEFAULT_DB)


def open_checked(path: Path, read_only: bool, config: dict, create: bool):
    """A connection to `path` whose schema version this code knows, or DatabaseUnusable."""
    try:
        if Path(path).stat().st_size == 0:  # DuckDB would call it invalid too; say "empty" plainly
            raise DatabaseUnusable("corrupt", path)
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except FileNotFoundError:
        raise DatabaseUnusable("missing", path) from None
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise
        raise DatabaseUnusable("corrupt", path) from None
    except (duckdb.SerializationException, duckdb.InternalException, duckdb.FatalException):
        raise DatabaseUnusable("corrupt", path) from None
    try:
        found = stored_version(con)
        if found is None and (not create or has_tables(con)):
            raise DatabaseUnusable("schema", path)
        if found is not None and known_version(found) is None:
            raise DatabaseUnusable("schema", path, found)
    except DatabaseUnusable:
        con.close()
        raise
    except duckdb.Error:
        con.close()
        raise DatabaseUnusable("corrupt", path) from None
    return con, (known_version(found) if found is not None else None)


def reader(path: Path):
    """A read-only connection, memory-capped so a dashboard stays small; big sorts spill to disk.
    Open one per identity: DuckDB reuses an open instance per path. Raises DatabaseUnusable."""
    con, _ = open_checked(Path(path), True, {"memory_limit": READER_MEMORY}, create=False)
    return con


def is_demo(con) -> bool:
    """True for a database built by `python -m etl demo` (meta demo = '1'): its figures are not real."""
    try:
        rows = con.execute("select value from meta where key = 'demo'").fetchall()
    except duckdb.Error:
        return False
    return bool(rows) and rows[0][0] == "1"


def temp_paths(tmp: Path):
    """Everything a writer's copy may leave: the file, its WAL, and DuckDB's spill folder."""
    return (tmp, Path(f"{tmp}.wal"), Path(f"{tmp}.tmp"))


@contextlib.contextmanager
def writer(path: Path, create: bool = True):
    """A read-write connection to a private copy of `path`, swapped in atomically on success.

    One writer at a time (an flock on a side file); readers never wait. If the process dies,
    the original file is untouched and the stale copy is removed by the next writer. Macros and
    rollups are re-applied from queries/build/ on every session. Raises DatabaseUnusable for a
    damaged or unknown file (or a missing one when create is False) and LoadFailed when the disk,
    the folder's permissions or memory stop the write; the original is then unchanged.
    """
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseUnusable("missing", path)
    tmp = Path(f"{path}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(f"{path}.lock", "a")
    except OSError as exc:
        raise as_load_failed(exc, path) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        remove_stale_copies(path)
        con = None
        try:
            if path.exists():
                shutil.copyfile(path, tmp)
                con, version = open_checked(tmp, False, writer_config(tmp), create=True)
            else:
                con, version = duckdb.connect(str(tmp), config=writer_config(tmp)), None
            ensure_schema(con, version)
            last_load = scalar(con, "select coalesce(max(load_id), 0) from loads")
            yield con
            rollups.apply(con, last_load)
            con.execute("insert or replace into meta values ('generation', ?)", [uuid.uuid4().hex])
            con.execute("checkpoint")
            con.close()
            con = None
            os.replace(tmp, path)
            sync_folder(path.parent)
        except BaseException as exc:
            if con is not None:
                with contextlib.suppress(Exception):
                    con.close()
            remove_copy(tmp)
            if isinstance(exc, DatabaseUnusable) and exc.path == tmp:
                raise DatabaseUnusable(exc.reason, path, exc.found) from None
            problem = machine_problem(exc) if isinstance(exc, Exception) else None
            if problem:
                raise load_failed(problem, path.name) from exc
            raise


def as_load_failed(exc: OSError, path: Path):
    from etl.failures import UNWRITABLE
    return load_failed(machine_problem(exc) or UNWRITABLE, path.name)


def writer_config(tmp: Path) -> dict:
    # The spill folder is named after the copy, so the clean-up of a killed writer finds it.
    return {"memory_limit": os.environ.get("ARCHIVES_WRITER_MEMORY") or WRITER_MEMORY,
            "temp_directory": f"{tmp}.tmp"}


def remove_stale_copies(path: Path):
    """Whatever a killed writer left next to `path`: copies, their WALs, spill folders."""
    for stale in path.parent.glob(path.name + ".tmp-*"):
        remove_any(stale)


def clear_leftovers(path: Path):
    """After a writer process was killed (an upload's child): remove what it left, under the writers' lock."""
    path = Path(path)
    try:
        with open(f"{path}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            remove_stale_copies(path)
    except OSError:
        pass  # an unwritable folder: nothing can have been left there


def remove_copy(tmp: Path):
    for p in temp_paths(tmp):
        remove_any(p)


def remove_any(p: Path):
    with contextlib.suppress(FileNotFoundError):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink()


def sync_folder(folder: Path):
    """fsync the folder so the rename survives a power cut, not only the file's contents."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def file_identity(path: Path):
    """Changes whenever a writer swaps the file in: use it to key cached connections."""
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def scalar(con, sql, params=None):
    """First value of the first row, or None. fetchall() finishes the result: DuckDB 2 refuses
    some calls (register, for one) while a fetchone() result is still open."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None
