"""python -m accounts: create and manage the dashboard's accounts, and read the audit log, from the server.

A password is read from standard input, or asked for (twice) on a terminal; it is never an argument,
so it never lands in the shell history or the process list.
"""
import getpass
import sys

from cli import ChineseParser
from ops import audit, users

EPILOG = "账号保存在环境变量 ARCHIVES_APP_DB 指定的 SQLite 文件中,默认为 data/app.sqlite。"
CLI_USER = "命令行"


def build_parser():
    parser = ChineseParser(prog="python -m accounts", description="党建档案看板:管理账号,查看审计日志。", epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True, metavar="{add,list,disable,enable,reset,audit}",
                                title="命令", parser_class=ChineseParser)
    add = sub.add_parser("add", help="新建账号(密码从标准输入读取,或在终端提示输入)", epilog=EPILOG)
    add.add_argument("name", metavar="账号")
    add.add_argument("--role", required=True, choices=users.ROLES, metavar="角色",
                     help="admin(管理员)、leader(领导)或 officer(数据管理员)")
    add.add_argument("--region", metavar="地区代码", help="管辖地区:2 位省、4 位市或 6 位县代码(管理员可不填)")
    add.add_argument("--email", metavar="邮箱", help="统一身份认证(OpenID Connect)登录时用来匹配的电子邮箱")
    add.add_argument("--temporary", action="store_true",
                     help="密码是临时的:账号本人首次登录时必须改设自己的密码(为他人建账号时使用)")
    sub.add_parser("list", help="列出全部账号", epilog=EPILOG)
    for name, text in (("disable", "停用账号"), ("enable", "启用账号并解除锁定"),
                       ("reset", "重置密码(新密码从标准输入读取;下次登录必须修改)")):
        p = sub.add_parser(name, help=text, epilog=EPILOG)
        p.add_argument("name", metavar="账号")
    log = sub.add_parser("audit", help="查看审计日志(最新的在前)", epilog=EPILOG)
    log.add_argument("--last", type=int, default=50, metavar="条数", help="显示最近多少条(默认 50)")
    log.add_argument("--user", metavar="账号", help="只看该账号的记录")
    log.add_argument("--action", choices=audit.ACTIONS, metavar="操作", help="只看该类操作:" + "、".join(audit.ACTIONS))
    return parser


def read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("密码:")
        if getpass.getpass("再次输入密码:") != first:
            raise users.AccountError("mismatch", "两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def show_accounts():
    rows = users.accounts()
    if not rows:
        print("还没有任何账号。用 python -m accounts add 名称 --role admin 创建第一个管理员。")
    for a in rows:
        state = "已停用" if a.disabled else ("锁定至 " + a.locked_until[:16] if a.locked_until and a.locked_until >
                                            users.now().isoformat(sep=" ") else "正常")
        flag = ",待修改密码" if a.must_change else ""
        print(f"{a.name}\t{a.role}\t{a.region or '全部地区' if a.role == 'admin' else a.region or '(无地区)'}"
              f"\t{a.email or ''}\t{state}{flag}")


def show_audit(args):
    for e in audit.entries(user=args.user, action=args.action, last=args.last):
        detail = ";".join(f"{k}={v}" for k, v in e.detail.items())
        print(f"{e.at}\t{e.user}\t{e.action}\t{e.scope or ''}\t{'成功' if e.ok else '失败'}\t{detail}")


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "add":
            account = users.add(args.name, args.role, args.region, read_password(), args.email, by=CLI_USER,
                                must_change=args.temporary)
            print(f"已创建账号 {account.name}({account.role},{account.region or '全部地区'})。")
        elif args.command == "list":
            show_accounts()
        elif args.command == "audit":
            show_audit(args)
        elif args.command == "reset":
            users.reset(args.name, read_password(), by=CLI_USER)
            print(f"已重置 {args.name} 的密码;该账号下次登录时必须设置新密码。")
        else:
            getattr(users, args.command)(args.name, by=CLI_USER)
            print(f"已{'停用' if args.command == 'disable' else '启用'}账号 {args.name}。")
    except users.AccountError as error:
        print(f"python -m accounts {args.command}:错误:{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
