"""Files uploaded in the browser, loaded through the same ETL as the command line."""
import re
import tempfile
from pathlib import Path

from etl.db import db_path
from etl.load import load_register, load_submissions

FILE_TYPES = ("xlsx", "xls", "csv")


def save_uploads(uploads, folder: Path) -> list[Path]:
    """Write (name, bytes) pairs under their original base names, each in its own sub-folder so
    two uploads with the same name cannot overwrite each other. Returns the paths in upload order."""
    paths = []
    for i, (name, data) in enumerate(uploads):
        base = re.split(r"[\\/]", name)[-1].strip() or f"upload_{i}"
        path = folder / str(i) / base
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def load_uploads(uploads, kind: str, period: str | None = None, db=None, on_result=None):
    """Load uploaded (name, bytes) files as `kind` ('form' or 'register') through etl.load, exactly as
    `python -m etl load/registry` would; returns one FileResult per file, in upload order."""
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        paths = save_uploads(uploads, Path(tmp))
        if kind == "register":
            return load_register(db or db_path(), paths, on_result=on_result)
        return load_submissions(db or db_path(), paths, period=period, on_result=on_result)
