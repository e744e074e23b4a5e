"""Saved allocation plans (scenarios): named plans with the inputs that made them, kept per scope in the
operational store (SQLite), to reopen, compare, export and delete."""
import contextlib
import json
import os
import re
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path

from domain.allocation.planner import Allocation, AllocationError, Plan, Rules
from ops import audit
from ops.store import connect


_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def legacy_plans_root() -> Path:
    """Where plans were JSON files before the store: $ARCHIVES_PLANS, else `plans` beside the database file."""
    from etl.db import db_path
    return Path(os.environ.get("ARCHIVES_PLANS") or Path(db_path()).parent / "plans")


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 60 or name.startswith(".") or _BAD_NAME.search(name):
        raise AllocationError("bad_plan_name", name=name)
    return name


def plan_to_dict(plan_: Plan) -> dict:
    columns = [f.name for f in fields(Allocation)]
    return {"budget": plan_.budget, "rules": asdict(plan_.rules), "median_per_member": plan_.median_per_member,
            "rate": plan_.rate, "topup": plan_.topup, "unallocated": plan_.unallocated,
            "unallocated_reason": plan_.unallocated_reason, "columns": columns,
            "rows": [[list(v) if isinstance(v, tuple) else v for v in (getattr(r, c) for c in columns)]
                     for r in plan_.rows]}


def plan_from_dict(data: dict) -> Plan:
    rows = tuple(Allocation(**{k: tuple(v) if k == "reasons" else v for k, v in zip(data["columns"], values)})
                 for values in data["rows"])
    return Plan(budget=data["budget"], rules=Rules(**data["rules"]), rows=rows,
                median_per_member=data["median_per_member"], rate=data["rate"], topup=data["topup"],
                unallocated=data["unallocated"], unallocated_reason=data["unallocated_reason"])


def save_plan(scope: str, name: str, plan_: Plan, context: dict, overwrite: bool = False, by: str = "",
              path=None) -> str:
    """Keep the plan with its inputs (context: quarter, region, filters) under `scope` (the saver's scope prefix)."""
    name = check_name(name)
    _migrate_once(path)
    saved_at = datetime.now().isoformat(sep=" ", timespec="minutes")
    with connect(path) as con:
        with con:
            exists = con.execute("select 1 from plans where scope = ? and name = ?", [scope, name]).fetchone()
            if exists and not overwrite:
                raise AllocationError("plan_exists", name=name)
            con.execute("insert or replace into plans values (?, ?, ?, ?, ?, ?)",
                        [scope, name, saved_at, by, _json(context), _json(plan_to_dict(plan_))])
            audit.record(con, by or "?", "plan_saved", scope, detail={"plan": name, "budget": plan_.budget,
                                                                      "replaced": bool(exists)})
    return name


def saved_plans(scope: str, path=None) -> list:
    """The names of the plans saved under `scope`, in name order."""
    _migrate_once(path)
    with connect(path) as con:
        return [r[0] for r in con.execute("select name from plans where scope = ? order by name", [scope])]


def load_plan(scope: str, name: str, path=None) -> tuple:
    """(plan, context) of a saved plan of `scope`; AllocationError('no_plan') when there is none."""
    _migrate_once(path)
    with connect(path) as con:
        row = con.execute("select * from plans where scope = ? and name = ?", [scope, check_name(name)]).fetchone()
    if row is None:
        raise AllocationError("no_plan", name=name)
    return plan_from_dict(json.loads(row["data"])), {**json.loads(row["context"]), "saved_at": row["saved_at"],
                                                     "saved_by": row["saved_by"]}


def delete_plan(scope: str, name: str, by: str = "", path=None):
    with connect(path) as con:
        with con:
            gone = con.execute("delete from plans where scope = ? and name = ?", [scope, check_name(name)]).rowcount
            if not gone:
                raise AllocationError("no_plan", name=name)
            audit.record(con, by or "?", "plan_deleted", scope, detail={"plan": name})


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _migrate_once(path=None):
    """Plans saved as JSON files (data/plans/<scope or 'all'>/<name>.json) move into the store the first time
    the store is asked for plans; each file is then renamed <name>.json.migrated and kept as it was."""
    root = legacy_plans_root()
    files = sorted(root.glob("*/*.json")) if root.is_dir() else []
    if not files:
        return
    with connect(path) as con:
        with con:
            for file in files:
                data = json.loads(file.read_text(encoding="utf-8"))
                context, saved_at = data.pop("context", {}), data.pop("saved_at", "")
                data.pop("name", None)
                scope = "" if file.parent.name == "all" else file.parent.name
                con.execute("insert or ignore into plans values (?, ?, ?, '', ?, ?)",
                            [scope, file.stem, saved_at, _json(context), _json(data)])
    for file in files:
        with contextlib.suppress(OSError):       # another process may have moved it first
            file.rename(file.with_name(file.name + ".migrated"))
