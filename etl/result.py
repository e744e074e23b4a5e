"""What loading one file gave: the FileResult every caller (command line, uploads, the data desk) reads."""
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_REJECTS = 5  # returned rows carried in a result, for the summary line; the full list is in `rejects`


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
    message: str = ""          # why it failed (Chinese, for an officer); for a loaded file, what was noticed
    load_id: int | None = None
    sha256: str | None = None
    name: str = ""             # the file's name as the officer knows it (an upload's original name, sanitised)
    notes: list = field(default_factory=list)      # sheets skipped, which period won, ... (Chinese)
    rejects: list = field(default_factory=list)    # the first returned rows: (sheet, row_number, field, reason)
    detail: str = ""           # engine text of an unexpected failure: for logs, never shown to an officer

    def __post_init__(self):
        self.path = Path(self.path)
        self.name = self.name or self.path.name

    @property
    def ok(self):
        return self.status != "failed"
