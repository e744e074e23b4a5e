"""Command line: python -m etl {registry,load,demo} — load the register and quarterly forms."""
import argparse
import sys

from etl.db import db_path
from etl.load import load_register, load_submissions
from etl.reading import parse_period

EPILOG = "数据库默认为环境变量 ARCHIVES_DB 指定的文件,否则为 data/archives.duckdb。"


def period_arg(text):
    period = parse_period(text)
    if not period:
        raise argparse.ArgumentTypeError(f"无法识别的统计期「{text}」:请写成 2025Q4 或 2025年第四季度")
    return period


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m etl", description="党建档案看板:导入组织台账和季度统计表。", epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True, metavar="{registry,load,demo}")
    reg = sub.add_parser("registry", help="导入或更新组织台账", description="导入或更新组织台账(按组织代码更新,保留历史)。", epilog=EPILOG)
    reg.add_argument("files", nargs="+", metavar="FILE", help="台账文件(xlsx、xls 或 csv)或文件夹")
    load = sub.add_parser("load", help="导入季度统计表", description="导入季度统计表。文件按给出的顺序导入;文件夹内的文件按文件名排序导入。", epilog=EPILOG)
    load.add_argument("files", nargs="+", metavar="FILE_OR_FOLDER", help="统计表文件(xlsx、xls 或 csv)或文件夹")
    load.add_argument("--period", type=period_arg, help="统计期(如 2025Q4),仅用于文件本身(统计期列、标题、文件名)都没有统计期时")
    demo = sub.add_parser("demo", help="生成演示数据库(承德市)", description="生成承德市的演示台账和 8 个季度的统计表文件,并通过同一套导入流程写入数据库。", epilog=EPILOG)
    demo.add_argument("--files", metavar="DIR", help="演示文件的存放目录(默认为数据库旁的 demo_files/)")
    for p in (reg, load, demo):
        p.add_argument("--db", metavar="PATH", help="DuckDB 数据库文件路径")
    return parser


def print_result(r):
    if r.status == "failed":
        print(f"✗ {r.path.name}: 导入失败 —— {r.message}")
        return
    if r.status == "unchanged":
        print(f"= {r.path.name}: {r.message}")
        return
    period = f";统计期 {'、'.join(r.periods)}(来自{r.period_source})" if r.periods else ""
    dup = f",重复行 {r.duplicate}" if r.duplicate else ""
    print(f"✓ {r.path.name}: 入库 {r.loaded} 行,退回 {r.rejected} 行,警告 {r.warned} 行,"
          f"跳过 {r.skipped} 行(标题、单位、空行、合计){dup}{period}")


def main(argv=None):
    args = build_parser().parse_args(argv)
    db = db_path(args.db)
    if args.command == "registry":
        results = load_register(db, args.files, on_result=print_result)
    elif args.command == "load":
        results = load_submissions(db, args.files, args.period, on_result=print_result)
    else:
        from etl.demo import build_demo
        results = build_demo(db, args.files, on_result=print_result)
    failed = sum(not r.ok for r in results)
    print(f"共 {len(results)} 个文件,失败 {failed} 个。数据库:{db}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
