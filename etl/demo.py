"""Build the demo database: write realistic 承德市 files, then load them through the real ETL."""
from pathlib import Path

from etl.demo_files import write_demo_files
from etl.load import load_register, load_submissions


def build_demo(db, files_dir=None, on_result=None):
    """Writes the demo files next to the database (or into files_dir) and loads them in order."""
    db = Path(db)
    out = Path(files_dir) if files_dir else db.parent / "demo_files"
    out.mkdir(parents=True, exist_ok=True)
    manifest = write_demo_files(out)
    results = load_register(db, manifest["register"], on_result=on_result)
    results += load_submissions(db, manifest["submissions"], on_result=on_result)
    return results
