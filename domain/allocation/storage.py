"""Saved allocation plans (scenarios): named plans with the inputs that made them, to reopen and compare."""
import json
import os
import re
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path

from domain.allocation.planner import Allocation, AllocationError, Plan, Rules


_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def plans_dir(scope_prefix: str) -> Path:
    """data/plans/<scope prefix or 'all'>: under $ARCHIVES_PLANS, else `plans` beside the database file."""
    from etl.db import db_path
    root = Path(os.environ.get("ARCHIVES_PLANS") or Path(db_path()).parent / "plans")
    return root / (scope_prefix or "all")


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


def save_plan(directory: Path, name: str, plan_: Plan, context: dict, overwrite: bool = False) -> Path:
    """Write the plan with its inputs (context: quarter, region, filters) to <directory>/<name>.json."""
    name = check_name(name)
    path = Path(directory) / f"{name}.json"
    if path.exists() and not overwrite:
        raise AllocationError("plan_exists", name=name)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"name": name, "saved_at": datetime.now().isoformat(sep=" ", timespec="minutes"), "context": context,
            **plan_to_dict(plan_)}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)
    return path


def saved_plans(directory: Path) -> list:
    directory = Path(directory)
    return sorted(p.stem for p in directory.glob("*.json")) if directory.is_dir() else []


def load_plan(directory: Path, name: str) -> tuple:
    """(plan, context) of a saved plan."""
    data = json.loads((Path(directory) / f"{check_name(name)}.json").read_text(encoding="utf-8"))
    return plan_from_dict(data), {**data.get("context", {}), "saved_at": data.get("saved_at")}
