"""Command line: python -m etl {registry,load,demo,rebuild} — load the register and quarterly forms."""
import argparse
import os
import sys
from pathlib import Path

from cli import ChineseParser
from etl.cli import print_result
from etl.db import DatabaseUnusable, db_path
from etl.failures import DemoRefused, LoadFailed
from etl.text import parse_period

EPILOG = "数据库默认为环境变量 ARCHIVES_DB 指定的文件,否则为 data/archives.duckdb。"
COMMANDS = "{registry,load,demo,rebuild}"


def period_arg(text):
    period = parse_period(text)
    if not period:
        raise argparse.ArgumentTypeError(f"无法识别的统计期「{text}」:请写成 2025Q4 或 2025年第四季度")
    return period


def region_arg(text):
    from domain.regions import check_region
    try:
        return check_region(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser():
    parser = ChineseParser(prog="python -m etl", description="党建档案看板:导入组织台账和季度统计表。", epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True, metavar=COMMANDS, title="命令", parser_class=ChineseParser)
    reg = sub.add_parser("registry", help="导入或更新组织台账", description="导入或更新组织台账(按组织代码更新,保留历史)。", epilog=EPILOG)
    reg.add_argument("files", nargs="+", metavar="文件或文件夹", help="台账文件(xlsx、xls、et 或 csv)或文件夹")
    load = sub.add_parser("load", help="导入季度统计表", description="导入季度统计表。文件按给出的顺序导入;文件夹内的文件按文件名排序导入。", epilog=EPILOG)
    load.add_argument("files", nargs="+", metavar="文件或文件夹", help="统计表文件(xlsx、xls、et 或 csv)或文件夹")
    load.add_argument("--period", type=period_arg, metavar="统计期", help="统计期(如 2025Q4),仅用于文件本身(统计期列、标题、文件名)都没有统计期时")
    for p in (reg, load):
        p.add_argument("--region", type=region_arg, metavar="区域代码",
                       help="只导入该区域(2 位省、4 位市或 6 位县代码)的支部,区域外的行退回")
    demo = sub.add_parser("demo", help="生成演示数据库(承德市)", description="生成承德市的演示台账和 8 个季度的统计表文件,并通过同一套导入流程写入数据库(标记为演示数据)。", epilog=EPILOG)
    demo.add_argument("--files", metavar="文件夹", help="演示文件的存放目录(默认为数据库旁的 demo_files/)")
    rebuild = sub.add_parser("rebuild", help="重建指标宏和汇总表", description="按 queries/build/ 重建数据库中的全部指标宏和汇总表(不改动已导入的数据)。", epilog=EPILOG)
    for p in (reg, load, demo, rebuild):
        p.add_argument("--db", metavar="路径", help="DuckDB 数据库文件路径")
    return parser


def left_out(paths):
    """Say which files of a folder are not spreadsheets and were left out."""
    from etl.load import folder_contents
    for p in map(Path, paths):
        if p.is_dir():
            others = folder_contents(p)[1]
            if others:
                print(f"文件夹 {p.name} 中有 {len(others)} 个文件不是表格,未导入:{'、'.join(o.name for o in others[:10])}"
                      f"{' 等' if len(others) > 10 else ''}")


def run(args, db):
    from etl.load import load_register, load_submissions
    if args.command == "rebuild":
        from etl.rollups import rebuild
        rebuild(db)
        print(f"已重建全部指标宏和汇总表。数据库:{db}")
        return 0
    if args.command == "demo":
        from etl.demo import build_demo, demo_folder
        results = build_demo(db, args.files, on_result=print_result)
        print(f"演示文件(台账和各季度统计表)在:{demo_folder(db, args.files)}")
    else:
        left_out(args.files)
        if args.command == "registry":
            results = load_register(db, args.files, on_result=print_result, region=args.region)
        else:
            results = load_submissions(db, args.files, args.period, on_result=print_result, region=args.region)
    failed = sum(not r.ok for r in results)
    print(f"共 {len(results)} 个文件,失败 {failed} 个。数据库:{db}")
    return 1 if failed else 0


def main(argv=None):
    args = build_parser().parse_args(argv)
    db = db_path(args.db)
    try:
        return run(args, db)
    except (DatabaseUnusable, LoadFailed, DemoRefused) as exc:
        print(f"✗ {exc}(数据库:{db})")
        return 1
    except Exception:  # noqa: BLE001 - no traceback reaches an officer; ETL_DEBUG=1 shows it
        if os.environ.get("ETL_DEBUG"):
            raise
        print(f"✗ 导入中止:出现意外错误,数据库未改变(数据库:{db})。请联系管理员;"
              f"设置环境变量 ETL_DEBUG=1 后重新运行可看到详细信息。")
        return 1


if __name__ == "__main__":
    sys.exit(main())
