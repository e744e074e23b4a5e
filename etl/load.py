"""Load register and submission files into DuckDB: read, check in SQL, commit each file whole.

Files are staged and checked in batches (set-based SQL over many files is far faster than file by
file), then committed in one transaction on the writer's private copy of the database, so every
file's good rows, rejects, warnings and `loads` entry land together or not at all. If a batch
fails to commit, its files are retried one by one so one bad file cannot sink the others.
Staging is etl/staging.py, the checks run in etl/checking.py, the commit is etl/commit.py.
"""
import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

from etl import checks, reading
from etl.checking import parse
from etl.commit import commit_batch, commit_form, commit_register, drop_batch_tables, record_load, sha256_of
from etl.db import scalar, writer
from etl.result import FileResult
from etl.spec import FORM_FIELDS, REGISTER_FIELDS
from etl.staging import StagedFile, stage_file

__all__ = ["FileResult", "load_files", "load_register", "load_submissions"]

BATCH_ROWS = 200_000  # bounds memory: a batch is staged and checked in one go


@dataclass
class Form:
    """What differs between the register and the quarterly form."""
    kind: str
    fields: tuple
    key: tuple
    substance: tuple            # fields whose presence makes a row a real record, not a blank or a label
    checks: object
    commit: object


SUBMISSION_FORM = Form("form", FORM_FIELDS, ("branch_code", "period"),
                       tuple(f.name for f in FORM_FIELDS if f.kind in ("count", "money", "number")) + ("branch_name",),
                       checks.form_checks, commit_form)
REGISTER_FORM = Form("register", REGISTER_FIELDS, ("branch_code",),
                     ("branch_name", "county_code", "county_name", "township", "org_type"),
                     checks.register_checks, commit_register)


def run_batch(con, form, staged, selects, infos, now):
    """Parse, check and commit a batch; if that fails, retry its files one at a time."""
    try:
        parse(con, form, selects, infos)
        commit_batch(con, form, staged, now)
    except Exception as exc:
        if len(staged) == 1:
            s = staged[0].result
            s.status, s.message = "failed", f"导入出错({type(exc).__name__}):{exc}"
            record_load(con, form, s, now)
            return
        for s in staged:
            one_selects = [sel for sel, info in zip(selects, infos) if info[1] == s.index]
            one_infos = [info for info in infos if info[1] == s.index]
            run_batch(con, form, [s], one_selects, one_infos, now)


class Loader:
    """Feeds files through staging in batches of about BATCH_ROWS rows, in the order given."""

    def __init__(self, con, form, period, on_result):
        self.con, self.form, self.period, self.on_result = con, form, period, on_result
        self.now = datetime.datetime.now().replace(microsecond=0)
        self.seen = set()       # sha256 of files loaded in this run
        self.results = []
        self.reset()

    def reset(self):
        self.staged, self.selects, self.infos, self.rows, self.next_sheet = [], [], [], 0, 0

    def add(self, path: Path, workdir: Path):
        r = FileResult(path=path)
        self.results.append(r)
        if not path.exists():
            r.message = "文件不存在"
            return self.finish_alone(r)
        r.sha256 = sha256_of(path)
        if r.sha256 in self.seen or scalar(
                self.con, "select 1 from loads where sha256 = ? and kind = ? and status = 'loaded'", [r.sha256, self.form.kind]):
            r.status, r.message = "unchanged", "与已导入的文件内容相同,未重复导入"
            return self.finish_alone(r)
        staged = StagedFile(index=len(self.staged), result=r)
        try:
            selects, infos = stage_file(self.con, self.form, staged, self.next_sheet, self.period, workdir)
        except reading.UnreadableFile as exc:
            r.message = str(exc)
            return self.finish_alone(r)
        self.seen.add(r.sha256)
        self.staged.append(staged)
        self.selects += selects
        self.infos += infos
        self.next_sheet += len(selects)
        self.rows += staged.rows
        if self.rows >= BATCH_ROWS:
            self.flush()

    def finish_alone(self, r):
        """A file that is not staged (unchanged, unreadable) still waits for the files before it."""
        self.flush()
        record_load(self.con, self.form, r, self.now)
        self.report(r)

    def flush(self):
        if self.staged:
            run_batch(self.con, self.form, self.staged, self.selects, self.infos, self.now)
            drop_batch_tables(self.con, self.staged)
            for s in self.staged:
                self.report(s.result)
        self.reset()

    def report(self, r):
        if self.on_result:
            self.on_result(r)


# ---------------------------------------------------------------- entry points

def expand_paths(paths):
    """Files in the order given; a folder gives its supported files sorted by name."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(("~$", "."))
                              and f.suffix.lower() in reading.SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out


def load_files(db, paths, form=SUBMISSION_FORM, period=None, on_result=None):
    """Load files in order into the database at `db`; returns one FileResult per file."""
    with writer(db) as con, tempfile.TemporaryDirectory() as tmp:
        loader = Loader(con, form, period, on_result)
        for path in expand_paths(paths):
            loader.add(path, Path(tmp))
        loader.flush()
    return loader.results


def load_submissions(db, paths, period=None, on_result=None):
    return load_files(db, paths, SUBMISSION_FORM, period, on_result)


def load_register(db, paths, on_result=None):
    return load_files(db, paths, REGISTER_FORM, None, on_result)
