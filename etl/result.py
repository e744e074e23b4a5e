"""What loading one file gave: the FileResult every caller (command line, uploads, the data desk) reads."""
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FileResult:
    path: Path
    status: str = "failed"     # loaded, unchanged, failed
    loaded: int = 0
    rejected: int = 0
    warned: int = 0
    skipped: int = 0
    duplicate: int = 0
    periods: list = field(default_factory=list)
    period_source: str = ""
    message: str = ""
    load_id: int | None = None
    sha256: str | None = None

    @property
    def ok(self):
        return self.status != "failed"
