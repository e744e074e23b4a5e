"""Files uploaded in the browser, loaded through the same ETL as the command line, in a child process.

Nothing a file does can stop the server: the load runs in `python -m etl.uploads` with a memory limit
(resident size watched by the parent, address space capped) and a time limit. The child streams each
file's result back as it is known; a child that is killed or crashes is reported as failed results
with a Chinese message, the database unchanged (the writer swaps the file in only at the very end).
"""
import dataclasses
import json
import os
import re
import resource
import select
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from etl import limits
from etl.db import db_path
from etl.result import FileResult

FILE_TYPES = ("xlsx", "xls", "et", "csv")
MAX_UPLOAD_MB = limits.MAX_UPLOAD_MB          # one file; the page states these before an upload starts
MAX_UNPACKED_MB = limits.MAX_UNPACKED_MB      # an xlsx once unzipped
UPLOAD_MEMORY_MB = limits.UPLOAD_MEMORY_MB    # the load process's resident memory
UPLOAD_SECONDS = limits.UPLOAD_SECONDS        # the load process's wall time
ADDRESS_SPACE_MB = 8192                       # a backstop against one huge allocation between two looks
ROOT = Path(__file__).resolve().parent.parent


def display_name(name, i: int) -> str:
    """The name as the officer knows it, safe to show and store: no path, no control characters."""
    text = "".join(ch for ch in str(name or "") if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"[\\/]+", "_", text).strip().strip(".")
    return text[:120] or f"上传文件{i + 1}"


def stored_name(display: str) -> str:
    """A file name any filesystem takes (≤ 255 bytes, no leading dot), keeping the suffix for the reader."""
    stem, dot, suffix = display.rpartition(".")
    suffix = re.sub(r"[^0-9A-Za-z]", "", suffix)[:8] if dot else ""
    stem = (stem if dot else display).encode("utf-8")[:150].decode("utf-8", "ignore") or "upload"
    return f"{stem}.{suffix}" if suffix else stem


def save_uploads(uploads, folder: Path) -> list[Path]:
    """Write (name, bytes) pairs, each in its own sub-folder under a safe name (so `..`, an empty name or
    a path cannot escape `folder`, and two uploads with the same name cannot overwrite each other)."""
    paths = []
    for i, (name, data) in enumerate(uploads):
        path = folder / str(i) / stored_name(display_name(name, i))
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def load_uploads(uploads, kind: str, period: str | None = None, db=None, on_result=None, region=None, on_progress=None):
    """Load uploaded (name, bytes) files as `kind` ('form' or 'register') exactly as `python -m etl load/registry`
    would, in a child process; returns one FileResult per file, in upload order. on_result(r) is called per
    file as the child reports it (after the database was swapped in); on_progress(r) as each is checked."""
    names = [display_name(n, i) for i, (n, _) in enumerate(uploads)]
    results = [None] * len(uploads)
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        paths = save_uploads(uploads, Path(tmp))
        todo = []
        for i, (path, (_, data)) in enumerate(zip(paths, uploads)):
            if len(data) > MAX_UPLOAD_MB << 20:
                results[i] = FileResult(path=Path(names[i]), message=f"文件超过 {MAX_UPLOAD_MB} MB 的上传上限:请拆分后上传,或用命令行导入")
            else:
                todo.append(i)
        job = {"db": str(db or db_path()), "kind": kind, "period": period, "region": region,
               "files": [[str(paths[i]), names[i]] for i in todo]}
        got = run_child(job, on_progress) if todo else {}
    for k, i in enumerate(todo):
        results[i] = got.get(k) or FileResult(path=Path(names[i]), message=got.get("failure") or CRASH)
    for r in results:
        if on_result:
            on_result(r)
    return results


CRASH = "导入进程意外中止(可能是文件内容异常),数据库未改变:请检查文件后重新上传;如仍失败请联系管理员。"


def run_child(job, on_progress):
    """Results by position from the child, and 'failure' (Chinese) if it did not finish."""
    env = {**os.environ, "ARCHIVES_WRITER_MEMORY": f"{UPLOAD_MEMORY_MB // 2}MB",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    limit = ADDRESS_SPACE_MB << 20

    def limited():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "etl.uploads"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err, env=env, cwd=ROOT, preexec_fn=limited, start_new_session=True)
        proc.stdin.write(json.dumps(job).encode())
        proc.stdin.close()
        got = {}
        failure = watch(proc, got, on_progress)
        if failure:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        if failure or proc.returncode != 0 or "done" not in got:
            from etl.db import clear_leftovers
            clear_leftovers(Path(job["db"]))
            got["failure"] = got.get("failure") or failure or CRASH
    return got


def watch(proc, got, on_progress):
    """Read the child's events until it ends; None, or why it was stopped (time or memory)."""
    deadline, buffer, fd = time.monotonic() + UPLOAD_SECONDS, b"", proc.stdout.fileno()
    while True:
        if time.monotonic() > deadline:
            return f"导入超时(超过 {UPLOAD_SECONDS} 秒),已中止,数据库未改变:请把文件拆小后分批上传,或请管理员用命令行导入。"
        if resident_mb(proc.pid) > UPLOAD_MEMORY_MB:
            return (f"导入时占用内存超过上限({UPLOAD_MEMORY_MB} MB),已中止,数据库未改变:"
                    "请把文件拆小或另存为 CSV 后再上传。")
        if not select.select([fd], [], [], 0.1)[0]:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return None
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            event = json.loads(line)
            if event["event"] == "done":
                got["done"] = True
            elif event["event"] == "failure":
                got["failure"] = event["message"]
            else:
                r = FileResult(**{**event["result"], "path": Path(event["result"]["name"])})
                if event["event"] == "result":
                    got[event["index"]] = r
                elif on_progress:
                    on_progress(r)


def resident_mb(pid) -> float:
    """Resident memory of a process and its children (the Excel reader), in MB; 0 once it is gone."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


# ---------------------------------------------------------------- the child

def child():
    """Run the load described on stdin; write one JSON event per line on stdout."""
    from etl.db import DatabaseUnusable
    from etl.failures import LoadFailed
    from etl.load import load_register, load_submissions
    job = json.loads(sys.stdin.read())
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the event stream
    paths = [Path(p) for p, _ in job["files"]]
    names = {Path(p): n for p, n in job["files"]}
    index = {p: k for k, p in enumerate(paths)}

    def send(event, r=None):
        body = {"event": event}
        if r is not None:
            body.update(index=index.get(r.path), result={**dataclasses.asdict(r), "path": str(r.path)})
        out.write(json.dumps(body, ensure_ascii=False, default=str) + "\n")
        out.flush()
    loader = load_register if job["kind"] == "register" else load_submissions
    extra = {} if job["kind"] == "register" else {"period": job["period"]}
    try:
        loader(job["db"], paths, on_result=lambda r: send("result", r), region=job["region"], names=names,
               on_progress=lambda r: send("progress", r), **extra)
    except (DatabaseUnusable, LoadFailed) as exc:
        out.write(json.dumps({"event": "failure", "message": str(exc)}, ensure_ascii=False) + "\n")
    out.write(json.dumps({"event": "done"}) + "\n")
    out.flush()


if __name__ == "__main__":
    child()
