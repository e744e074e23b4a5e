"""Build the demo database: write realistic 承德市 files, then load them through the real ETL.

The database is marked as demo data (meta demo = '1', etl.db.is_demo) before anything is loaded, so
no reader ever sees its figures unmarked; a database that holds real loads is never filled with demo data.
"""
from pathlib import Path

from etl.db import DatabaseUnusable, open_checked, scalar, writer
from etl.failures import DemoRefused
from etl.demo_files import write_demo_files
from etl.load import load_register, load_submissions


def demo_folder(db, files_dir=None) -> Path:
    """Where the demo's files are written: files_dir, else demo_files/ beside the database."""
    return Path(files_dir) if files_dir else Path(db).parent / "demo_files"


def build_demo(db, files_dir=None, on_result=None):
    """Writes the demo files next to the database (or into files_dir) and loads them in order."""
    db = Path(db)
    refuse_real_data(db)
    with writer(db) as con:
        con.execute("insert or replace into meta values ('demo', '1')")
    out = demo_folder(db, files_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = write_demo_files(out)
    results = load_register(db, manifest["register"], on_result=on_result)
    results += load_submissions(db, manifest["submissions"], on_result=on_result)
    return results


def refuse_real_data(db: Path):
    if not db.exists():
        return
    try:
        con, _ = open_checked(db, True, {}, create=True)
    except DatabaseUnusable:
        raise
    try:
        demo = scalar(con, "select value from meta where key = 'demo'") == "1"
        loads = scalar(con, "select count(*) from loads") if not demo else 0
    finally:
        con.close()
    if loads:
        raise DemoRefused(f"数据库 {db.name} 中已有正式导入的数据,不能写入演示数据:请用 --db 指定另一个文件")
