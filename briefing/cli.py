"""The briefing's command line, made for cron: no prompts; exit 0 when every pack was written, 1 when a pack could
not be made, 2 on a usage error; help, messages and errors entirely in Chinese (argparse's English is replaced)."""
import argparse
import os
import re
import sys
from pathlib import Path

from domain.allocation import AllocationError, check_name
from domain.periods import period_label
from etl.db import db_path
from etl.reading import parse_period
from exports import briefing
from i18n import LANGUAGES, t
from ops import audit
from warehouse.scope import RegionError, region_scope
from warehouse.status import database_status

EACH = ("county", "city")
CLI_USER = "命令行"             # who the audit log says made a pack from the command line
# argparse's own messages, as Python 3.11 words them, and what they say in Chinese.
ARGPARSE = ((re.compile(r"unrecognized arguments: (.*)"), "brief.cli.unrecognized"),
            (re.compile(r"argument (\S+): expected one argument"), "brief.cli.needs_value"),
            (re.compile(r"argument (\S+): ignored explicit argument (.*)"), "brief.cli.no_value"))


class UsageError(Exception):
    """A command line that cannot be run as given (exit 2); the message is Chinese."""


def say(key: str, **values) -> str:
    return t(key, "zh", **values)   # the command line speaks Chinese whatever --lang the pack is in


class Parser(argparse.ArgumentParser):
    """argparse with its help and errors in Chinese."""

    def format_usage(self) -> str:
        return say("brief.cli.usage") + "\n"

    def format_help(self) -> str:
        return say("brief.cli.usage") + "\n\n" + say("brief.cli.help") + "\n"

    def error(self, message):
        for pattern, key in ARGPARSE:
            match = pattern.fullmatch(message)
            if match:
                raise UsageError(say(key, arg=match.group(1)))
        raise UsageError(say("brief.cli.bad_args"))


def parser() -> Parser:
    p = Parser(prog="python -m briefing", add_help=False, allow_abbrev=False)
    for name in ("--db", "--period", "--region", "--format", "--lang", "--plan", "--out", "--each", "--out-dir"):
        p.add_argument(name)
    p.add_argument("-h", "--help", action="store_true")
    return p


def options(argv) -> argparse.Namespace:
    """Parse and check the command line; UsageError says what is wrong."""
    args = parser().parse_args(argv)
    if args.help:
        return args
    if not args.period:
        raise UsageError(say("brief.cli.no_period"))
    args.period_text, args.period = args.period, parse_period(args.period)
    if not args.period:
        raise UsageError(say("brief.cli.bad_period", period=args.period_text))
    args.region = (args.region or "").strip()
    try:
        region_scope(args.region)
    except RegionError as error:
        raise UsageError(str(error)) from error
    args.lang = args.lang or "zh"
    if args.lang not in LANGUAGES:
        raise UsageError(say("brief.cli.bad_lang", code=args.lang))
    if args.plan is not None:
        try:
            args.plan = check_name(args.plan)
        except AllocationError as error:
            raise UsageError(error.message("zh")) from error
    _targets(args)
    return args


def _targets(args):
    suffix = Path(args.out).suffix.lower().lstrip(".") if args.out else ""
    if args.format and args.format not in briefing.FORMATS:
        raise UsageError(say("brief.cli.bad_format", fmt=args.format))
    if args.each:
        if args.each not in EACH:
            raise UsageError(say("brief.cli.bad_each", each=args.each))
        if args.out or not args.out_dir:
            raise UsageError(say("brief.cli.each_needs_dir"))
    else:
        if args.out_dir or not args.out:
            raise UsageError(say("brief.cli.needs_out"))
        if args.format and suffix in briefing.FORMATS and suffix != args.format:
            raise UsageError(say("brief.cli.suffix_clash", fmt=args.format, out=args.out))
    args.format = args.format or (suffix if suffix in briefing.FORMATS else "pptx")


def write_pack(region: str, args, target: Path) -> Path:
    """Make one pack and write it; PackError or OSError when it cannot be done."""
    f = briefing.filters_for(region, args.period, args.lang)
    data = briefing.make(f, args.format, args.lang, plan_name=args.plan or "")
    path = target / briefing.file_name(f, args.format, args.lang) if target.is_dir() else target
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)    # a cron job's reader never sees half a file
    audit.log(CLI_USER, "briefing", region, what=f"briefing.{args.format}", file=str(path), bytes=len(data))
    print(say("brief.cli.written", path=str(path), region=f.region_label, period=period_label(args.period, "zh"),
              fmt=args.format.upper(), kb=f"{len(data) / 1024:,.0f}"))
    return path


def run(args) -> int:
    status = database_status(args.db)
    if not status.ok:
        print(say("brief.cli.failed", reason=status.message), file=sys.stderr)   # the ETL's own sentence
        return 1
    if not args.each:
        write_pack(args.region, args, Path(args.out))
        return 0
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    codes = briefing.sub_regions(args.region, args.each)
    if not codes:
        raise briefing.PackError("no_region", region=args.region or say("region.all"))
    failed = 0
    for code in codes:
        try:
            write_pack(code, args, out)
        except (briefing.PackError, OSError) as error:
            failed += 1
            print(say("brief.cli.one_failed", region=code, reason=str(error)), file=sys.stderr)
    print(say("brief.cli.burst", n=len(codes), failed=failed, out=str(out)))
    return 1 if failed else 0


def main(argv=None) -> int:
    try:
        args = options(sys.argv[1:] if argv is None else argv)
    except UsageError as error:
        print(say("brief.cli.error", reason=str(error)), file=sys.stderr)
        print(say("brief.cli.usage"), file=sys.stderr)
        return 2
    except Exception as error:   # a sentence, never a traceback
        print(say("brief.cli.crashed", kind=type(error).__name__), file=sys.stderr)
        return 1
    if args.help:
        print(parser().format_help())
        return 0
    args.db = str(db_path(args.db))
    os.environ["ARCHIVES_DB"] = args.db     # run_query reads the database named here
    try:
        return run(args)
    except briefing.PackError as error:
        print(say("brief.cli.failed", reason=str(error)), file=sys.stderr)
    except OSError as error:
        print(say("brief.cli.write_failed", reason=error.strerror or type(error).__name__,
                  path=str(error.filename or "")), file=sys.stderr)
    except Exception as error:   # the pack could not be made; a cron log gets a sentence, not a traceback
        print(say("brief.cli.crashed", kind=type(error).__name__), file=sys.stderr)
    return 1
