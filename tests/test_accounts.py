"""Accounts from the command line (python -m accounts) and on the admin pages: create, list, disable, enable,
reset, the audit log, and what the store keeps."""
import io
import os
import subprocess
import sys

import openpyxl
import pytest

from conftest import ROOT, TEST_PASSWORD, account
from exports import audit_sheet
from ops import audit, users
from ops.store import connect


def run_accounts(*args, password=None, app_db=None):
    env = {**os.environ, "ARCHIVES_APP_DB": str(app_db)}
    return subprocess.run([sys.executable, "-m", "accounts", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, input=(password + "\n") if password is not None else "", timeout=60)


def test_the_command_line_manages_accounts(app_db):
    made = run_accounts("add", "局长", "--role", "admin", password="first admin password", app_db=app_db)
    assert made.returncode == 0 and "已创建" in made.stdout
    assert run_accounts("add", "县领导", "--role", "leader", "--region", "130824", password="county leader pw",
                        app_db=app_db).returncode == 0
    assert not users.get("县领导").must_change                         # they chose it themselves
    assert run_accounts("add", "乡镇数据员", "--role", "officer", "--region", "130824", "--temporary",
                        password="given by the admin", app_db=app_db).returncode == 0
    assert users.get("乡镇数据员").must_change                          # made for someone else: changed at login
    listed = run_accounts("list", app_db=app_db).stdout
    assert "局长\tadmin" in listed and "县领导\tleader\t130824" in listed
    assert run_accounts("disable", "县领导", app_db=app_db).returncode == 0
    assert not users.login("县领导", "county leader pw").ok
    assert run_accounts("enable", "县领导", app_db=app_db).returncode == 0
    assert run_accounts("reset", "县领导", password="a temporary one", app_db=app_db).returncode == 0
    assert users.get("县领导").must_change and users.login("县领导", "a temporary one").ok
    log = run_accounts("audit", "--last", "20", app_db=app_db).stdout
    for action in ("account_added", "account_disabled", "account_enabled", "account_reset", "login"):
        assert action in log
    assert "county leader pw" not in log and "a temporary one" not in log
    theirs = run_accounts("audit", "--user", "县领导", app_db=app_db).stdout.splitlines()
    assert theirs and {line.split("\t")[1] for line in theirs} == {"县领导"}
    assert [line.split("\t")[2] for line in theirs] == ["login", "login_failed"]     # newest first
    assert "reason=disabled" in theirs[1]


@pytest.mark.parametrize("args, password, words", [
    (("add", "甲", "--role", "leader"), "long enough pw", "管辖地区"),
    (("add", "甲", "--role", "leader", "--region", "13x"), "long enough pw", "地区代码"),
    (("add", "甲", "--role", "admin"), "short", "至少"),
    (("disable", "nobody"), None, "没有名为"),
])
def test_refusals_are_in_chinese_with_exit_code_1(app_db, args, password, words):
    out = run_accounts(*args, password=password, app_db=app_db)
    assert out.returncode == 1 and words in out.stderr and "Traceback" not in out.stderr


def test_help_and_usage_errors_are_chinese(app_db):
    helped = run_accounts("--help", app_db=app_db)
    assert helped.returncode == 0 and "用法" in helped.stdout and "usage" not in helped.stdout.lower()
    wrong = run_accounts("add", "甲", "--role", "boss", app_db=app_db)
    assert wrong.returncode == 2 and "错误" in wrong.stderr and "invalid choice" not in wrong.stderr


def test_the_store_is_sqlite_in_wal_mode(app_db):
    account("甲")
    with connect() as con:
        assert con.execute("pragma journal_mode").fetchone()[0] == "wal"


# ---------------------------------------------------------------- the admin pages

def test_the_accounts_page_creates_and_disables_accounts(app, db):
    at = app(db, "pages/accounts.py")
    assert not at.exception and at.dataframe
    for key, value in (("acc_name", "新领导"), ("acc_region", "130828"), ("acc_password", "temporary password")):
        at.text_input(key=key).set_value(value)
    at.selectbox(key="acc_role").set_value("leader")
    at.button(key="acc_add").click().run()
    assert not at.exception and at.success
    created = users.get("新领导")
    assert created.role == "leader" and created.region == "130828" and created.must_change
    at.selectbox(key="acc_pick").set_value("新领导").run()
    at.button(key="acc_disable").click().run()
    assert users.get("新领导").disabled
    assert [e.action for e in audit.entries(user="测试管理员")][:2] == ["account_disabled", "account_added"]


def test_the_audit_page_filters_and_downloads(app, db):
    account("县领导", "leader", "130824")
    users.login("县领导", "wrong password!")
    users.login("县领导", TEST_PASSWORD)
    at = app(db, "pages/audit.py")
    assert not at.exception
    at.selectbox(key="audit_user").set_value("县领导").run()
    table = at.dataframe[0].value
    assert set(table.iloc[:, 1]) == {"县领导"} and list(table.iloc[:, 2]) == ["登录", "登录失败", "新建账号"]
    at.selectbox(key="audit_action").set_value("login_failed").run()
    assert len(at.dataframe[0].value) == 1
    data = audit_sheet.to_xlsx(dict(user="县领导", action=None, since=None, until=None), footer="测试管理员 · 现在")
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert "县领导" in rows[1][0] and rows[2][:3] == ("时间", "用户", "操作")
    assert [r[2] for r in rows[3:]] == ["登录", "登录失败", "新建账号"] and {r[1] for r in rows[3:]} == {"县领导"}


def test_a_non_admin_cannot_open_the_admin_pages(app, db):
    from warehouse import Scope
    for page in ("pages/accounts.py", "pages/audit.py"):
        at = app(db, page, scope=Scope("130824"))
        assert not at.exception and not at.dataframe and at.error
