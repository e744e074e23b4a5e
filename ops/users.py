"""Accounts: who may log in, with which role and over which region; argon2 password hashes, lockout after
repeated failures, and a new password forced after a reset. No password is ever stored or logged in clear."""
import datetime
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ops import audit
from ops.store import connect
from warehouse.scope import EVERYTHING, RegionError, Scope, region_scope

ROLES = ("admin", "leader", "officer")
MIN_PASSWORD = 10
MAX_FAILURES = 5
LOCK_MINUTES = 15
IDLE_MINUTES = 30
ENDS_LOGINS = ("account_disabled", "account_reset", "account_changed")
_hasher = PasswordHasher()
_DUMMY = _hasher.hash("a password nobody has")     # unknown names cost the same time as known ones


class AccountError(ValueError):
    """A refused account change; the message is Chinese, `code` names the reason."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    region: str = ""
    email: str | None = None
    must_change: bool = False
    disabled: bool = False
    failed: int = 0
    locked_until: str | None = None
    created_at: str = ""
    is_guest: bool = False          # the demo's visitor: no account, no login

    @property
    def scope(self) -> Scope | None:
        """What the account may see: everything for an admin (and the demo visitor), its region for the
        others, and nothing (None) for a leader or officer without a region."""
        if self.role == "admin" or self.is_guest:
            return EVERYTHING
        if not self.region:
            return None
        try:
            return region_scope(self.region)
        except RegionError:
            return None

    def can(self, capability: str) -> bool:
        return capability in CAPABILITIES[self.role] or (self.is_guest and capability in GUEST)


# What each role may do beyond reading its region (docs/access.md).
CAPABILITIES = {
    "admin": {"read", "plan", "export", "load", "desk", "accounts", "audit"},
    "leader": {"read", "plan", "export"},
    "officer": {"read", "export", "load", "desk"},
}
GUEST = {"read", "plan", "export", "load", "desk"}
DEMO_GUEST = Account(name="演示访客", role="leader", is_guest=True)


def now() -> datetime.datetime:
    return datetime.datetime.now().replace(microsecond=0)


def _stamp(moment: datetime.datetime) -> str:
    return moment.isoformat(sep=" ")


def _account(row) -> Account:
    return Account(name=row["name"], role=row["role"], region=row["region"], email=row["email"],
                   must_change=bool(row["must_change"]), disabled=bool(row["disabled"]), failed=row["failed"],
                   locked_until=row["locked_until"], created_at=row["created_at"])


def check_password(password: str):
    if len(password or "") < MIN_PASSWORD:
        raise AccountError("short_password", f"密码至少需要 {MIN_PASSWORD} 个字符")


def check_role_region(role: str, region: str | None) -> str:
    if role not in ROLES:
        raise AccountError("bad_role", f"角色「{role}」无效:应为 admin、leader 或 officer")
    region = (region or "").strip()
    if region:
        try:
            region_scope(region)
        except RegionError as exc:
            raise AccountError("bad_region", str(exc)) from exc
    elif role != "admin":
        raise AccountError("no_region", "领导和数据管理员账号必须指定管辖地区(2 位省、4 位市或 6 位县代码)")
    return region


def get(name: str, path=None) -> Account | None:
    with connect(path) as con:
        row = con.execute("select * from accounts where name = ?", [name]).fetchone()
    return _account(row) if row else None


def by_email(email: str, path=None) -> Account | None:
    """The account an identity provider's e-mail address belongs to (st.login), if any."""
    with connect(path) as con:
        row = con.execute("select * from accounts where lower(email) = lower(?)", [email or ""]).fetchone()
    return _account(row) if row else None


def accounts(path=None) -> list[Account]:
    with connect(path) as con:
        return [_account(r) for r in con.execute("select * from accounts order by name")]


def count(path=None) -> int:
    with connect(path) as con:
        return con.execute("select count(*) from accounts").fetchone()[0]


def add(name: str, role: str, region: str | None, password: str, email: str | None = None, by: str = "",
        must_change: bool = False, path=None) -> Account:
    """A new account. One an admin creates for someone else starts with a temporary password
    (must_change): its owner chooses their own at the first login."""
    name = (name or "").strip()
    if not name or len(name) > 40 or any(c in name for c in "\t\r\n"):
        raise AccountError("bad_name", "账号名不能为空,最长 40 个字符")
    region = check_role_region(role, region)
    check_password(password)
    stamp = _stamp(now())
    with connect(path) as con:
        if con.execute("select 1 from accounts where name = ?", [name]).fetchone():
            raise AccountError("exists", f"账号「{name}」已存在")
        with con:
            con.execute("insert into accounts (name, role, region, password_hash, email, must_change, created_at, "
                        "changed_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        [name, role, region, _hasher.hash(password), email or None, int(must_change), stamp, stamp])
            audit.record(con, by or name, "account_added", region, detail={"account": name, "role": role})
    return get(name, path)


def _change(name: str, sql: str, params: list, action: str, by: str, path=None, **detail):
    with connect(path) as con:
        row = con.execute("select region from accounts where name = ?", [name]).fetchone()
        if not row:
            raise AccountError("unknown", f"没有名为「{name}」的账号")
        with con:
            con.execute(sql, params + [_stamp(now()), name])
            if action in ENDS_LOGINS:      # its browsers must log in again (ops/sessions.py)
                con.execute("delete from sessions where user = ?", [name])
            audit.record(con, by or name, action, row["region"], detail={"account": name, **detail})


def disable(name: str, by: str = "", path=None):
    _change(name, "update accounts set disabled = 1, changed_at = ? where name = ?", [], "account_disabled", by, path)


def enable(name: str, by: str = "", path=None):
    _change(name, "update accounts set disabled = 0, failed = 0, locked_until = null, changed_at = ? where name = ?",
            [], "account_enabled", by, path)


def reset(name: str, password: str, by: str = "", path=None):
    """A temporary password set by an admin: the account must choose a new one at its next login."""
    check_password(password)
    _change(name, "update accounts set password_hash = ?, must_change = 1, failed = 0, locked_until = null, "
                  "changed_at = ? where name = ?", [_hasher.hash(password)], "account_reset", by, path)


def change_password(name: str, old: str, new: str, path=None):
    """The account's own new password (forced after a reset); it must differ from the old one."""
    check_password(new)
    if new == old:
        raise AccountError("same_password", "新密码不能与原密码相同")
    account = get(name, path)
    if account is None or not _matches(name, old, path):
        raise AccountError("bad_password", "原密码不正确")
    _change(name, "update accounts set password_hash = ?, must_change = 0, changed_at = ? where name = ?",
            [_hasher.hash(new)], "password_changed", name, path)


def set_role(name: str, role: str, region: str | None, by: str = "", path=None):
    region = check_role_region(role, region)
    _change(name, "update accounts set role = ?, region = ?, changed_at = ? where name = ?", [role, region],
            "account_changed", by, path, role=role, region=region)


def _matches(name: str, password: str, path=None) -> bool:
    with connect(path) as con:
        row = con.execute("select password_hash from accounts where name = ?", [name]).fetchone()
    try:
        return _hasher.verify(row["password_hash"] if row else _DUMMY, password or "") and row is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    reason: str = ""                 # "", "unknown", "disabled", "locked", "bad_password"
    locked_until: str | None = None

    @property
    def ok(self) -> bool:
        return self.account is not None and not self.reason


def login(name: str, password: str, path=None, moment: datetime.datetime | None = None) -> LoginResult:
    """Check a password; count failures, lock the account for LOCK_MINUTES after MAX_FAILURES, log it all."""
    moment = moment or now()
    name = (name or "").strip()
    account = get(name, path)
    with connect(path) as con:
        if account is None:
            _matches(name, password, path)                       # same cost as a known name
            audit.record(con, name or "?", "login_failed", None, ok=False, detail={"reason": "unknown"})
            return LoginResult(None, "unknown")
        if account.disabled:
            audit.record(con, name, "login_failed", account.region, ok=False, detail={"reason": "disabled"})
            return LoginResult(None, "disabled")
        if account.locked_until and account.locked_until > _stamp(moment):
            audit.record(con, name, "login_failed", account.region, ok=False, detail={"reason": "locked"})
            return LoginResult(None, "locked", account.locked_until)
        if _matches(name, password, path):
            with con:
                con.execute("update accounts set failed = 0, locked_until = null where name = ?", [name])
                audit.record(con, name, "login", account.region)
            return LoginResult(get(name, path))
        failed = (0 if account.locked_until else account.failed) + 1   # a lock that ran out starts a new count
        locked = _stamp(moment + datetime.timedelta(minutes=LOCK_MINUTES)) if failed >= MAX_FAILURES else None
        with con:
            con.execute("update accounts set failed = ?, locked_until = ? where name = ?",
                        [0 if locked else failed, locked, name])
            audit.record(con, name, "login_failed", account.region, ok=False,
                         detail={"reason": "bad_password", "failures": failed})
            if locked:
                audit.record(con, name, "lockout", account.region, ok=False,
                             detail={"until": locked, "failures": failed})
        return LoginResult(None, "locked" if locked else "bad_password", locked)
