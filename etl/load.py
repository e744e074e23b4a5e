"""Load register and submission files into DuckDB: read, check in SQL, commit each file whole.

Files are staged and checked in batches (set-based SQL over many files is far faster than file by
file), then committed in one transaction on the writer's private copy of the database, so every
file's good rows, rejects, warnings and `loads` entry land together or not at all. If a batch
fails to commit, its files are retried one by one so one bad file cannot sink the others.
Staging is etl/staging.py, the checks run in etl/checking.py, the commit is etl/commit.py.
"""
import dataclasses
import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

from domain.regions import check_region
from etl import checks, excel, failures, reading
from etl.checking import parse
from etl.commit import commit_batch, commit_form, commit_register, drop_batch_tables, record_load, sha256_of
from etl.db import scalar, writer
from etl.failures import machine_problem
from etl.result import FileResult
from etl.spec import FORM_FIELDS, REGISTER_FIELDS
from etl.staging import StagedFile, period_notes, stage_file

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


def run_batch(con, form, staged, selects, infos, now, region=None):
    """Parse, check and commit a batch; if that fails, retry its files one at a time. A machine problem
    (disk full, out of memory) is not a file's fault: it ends the whole load."""
    try:
        parse(con, form, selects, infos, region)
        commit_batch(con, form, staged, now, region, annotate=period_notes)
    except Exception as exc:
        if machine_problem(exc):
            raise
        if len(staged) == 1:
            s = staged[0].result
            s.status, s.message, s.detail = "failed", failures.unexpected(exc), failures.detail(exc)
            record_load(con, form, s, now, region)
            return
        for s in staged:
            one_selects = [sel for sel, info in zip(selects, infos) if info[1] == s.index]
            one_infos = [info for info in infos if info[1] == s.index]
            run_batch(con, form, [s], one_selects, one_infos, now, region)


class Loader:
    """Feeds files through staging in batches of about BATCH_ROWS rows, in the order given."""

    def __init__(self, con, form, period, region=None, on_progress=None):
        self.con, self.form, self.period, self.region = con, form, period, region
        self.on_progress = on_progress
        self.now = datetime.datetime.now().replace(microsecond=0)
        self.seen = set()       # sha256 of files loaded in this run
        self.results = []
        self.reset()

    def reset(self):
        self.staged, self.selects, self.infos, self.rows, self.next_sheet = [], [], [], 0, 0

    def add(self, path: Path, workdir: Path, name: str | None = None):
        r = FileResult(path=path, name=name or "")
        self.results.append(r)
        try:
            self.stage(r, workdir)
        except reading.UnreadableFile as exc:
            r.message = str(exc)
            self.finish_alone(r)
        except Exception as exc:  # noqa: BLE001 - any failure to read one file is that file's failure
            if machine_problem(exc):
                raise
            r.message, r.detail = failures.unexpected(exc), failures.detail(exc)
            self.finish_alone(r)
        except BaseException as exc:  # a Rust panic in a reader arrives as a BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            r.message, r.detail = failures.unexpected(exc), failures.detail(exc)
            self.finish_alone(r)

    def stage(self, r, workdir):
        path = r.path
        if not path.is_file():
            raise reading.UnreadableFile("文件或文件夹不存在" if not path.exists() else "这不是一个文件")
        r.sha256 = sha256_of(path)
        if r.sha256 in self.seen or self.loaded_before(r.sha256):
            r.status, r.message = "unchanged", "与已导入的文件内容相同,未重复导入"
            return self.finish_alone(r)
        staged = StagedFile(index=len(self.staged), result=r)
        selects, infos = stage_file(self.con, self.form, staged, self.next_sheet, self.period, workdir)
        self.seen.add(r.sha256)
        self.staged.append(staged)
        self.selects += selects
        self.infos += infos
        self.next_sheet += len(selects)
        self.rows += staged.rows
        if self.rows >= BATCH_ROWS:
            self.flush()

    def loaded_before(self, sha):
        """Loaded already, under a region that covers this load's (or under no restriction)."""
        return scalar(self.con, """select 1 from loads where sha256 = $sha and kind = $kind and status = 'loaded'
                                   and (region is null or starts_with(coalesce($region, ''), region)) limit 1""",
                      {"sha": sha, "kind": self.form.kind, "region": self.region}) is not None

    def finish_alone(self, r):
        """A file that is not staged (unchanged, unreadable) still waits for the files before it."""
        self.flush()
        record_load(self.con, self.form, r, self.now, self.region)
        self.progress(r)

    def flush(self):
        if self.staged:
            run_batch(self.con, self.form, self.staged, self.selects, self.infos, self.now, self.region)
            drop_batch_tables(self.con, self.staged)
            for s in self.staged:
                self.progress(s.result)
        self.reset()

    def progress(self, r):
        """Checked but not yet in the database: a copy of the result with status 'pending'."""
        if self.on_progress:
            self.on_progress(dataclasses.replace(r, status="pending" if r.status == "loaded" else r.status))


# ---------------------------------------------------------------- entry points

def folder_contents(folder: Path):
    """(files to load sorted by name, other files left out) of a folder. Spreadsheet-like files are
    always offered to the reader (an .et or .ods is read or refused in words, never skipped)."""
    files, others = [], []
    for f in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(("~$", "."))):
        (files if f.suffix.lower() in reading.OFFERED_SUFFIXES else others).append(f)
    return files, others


def expand_paths(paths):
    """Files in the order given; a folder gives its spreadsheet files sorted by name."""
    out = []
    for p in map(Path, paths):
        out.extend(folder_contents(p)[0] if p.is_dir() else [p])
    return out


def load_files(db, paths, form=SUBMISSION_FORM, period=None, on_result=None, region=None, names=None,
               on_progress=None):
    """Load files in order into the database at `db`; returns one FileResult per file.

    on_result(r) is called for each file once the database file has been swapped in (so a reported
    success is in the database); on_progress(r) as each file is checked, with status 'pending'.
    `names` maps a path to the name the officer knows it by (uploads). Raises DatabaseUnusable
    (damaged or unknown database, or a missing one for forms) and LoadFailed (disk full, unwritable
    folder, out of memory): the database is then unchanged.
    """
    region = check_region(region)
    names = {Path(k): v for k, v in (names or {}).items()}
    files = expand_paths(paths)
    if any(p.suffix.lower() in reading.WORKBOOK_SUFFIXES for p in files):
        excel.READER.warm()
    # Forms need a register to check against: a missing database (a mistyped --db) is named as missing, never
    # made into a new, empty one; the register's load creates it.
    with writer(db, create=form.kind == "register") as con, tempfile.TemporaryDirectory() as tmp:
        loader = Loader(con, form, period, region, on_progress)
        for path in files:
            loader.add(path, Path(tmp), names.get(path))
        loader.flush()
    for r in loader.results:
        if on_result:
            on_result(r)
    return loader.results


def load_submissions(db, paths, period=None, on_result=None, region=None, **kw):
    return load_files(db, paths, SUBMISSION_FORM, period, on_result, region, **kw)


def load_register(db, paths, on_result=None, region=None, **kw):
    return load_files(db, paths, REGISTER_FORM, None, on_result, region, **kw)
