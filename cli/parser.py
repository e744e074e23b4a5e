"""What every command line shares (etl, accounts, briefing): an argument parser that speaks only Chinese.

argparse builds its usage, section titles and errors from English strings; ChineseParser replaces
each of them, so neither --help nor a mistyped command shows an English word from the library.
"""
import argparse
import re
import sys


ERRORS = (  # argparse's error messages (Python 3.11), in Chinese
    (r"the following arguments are required: (.*)", r"缺少必需的参数:\1"),
    (r"argument \S+: invalid choice: '?([^']*)'? \(choose from (.*)\)", r"没有「\1」这个命令或选项(可用:\2)"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数:\1"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要写一个值"),
    (r"argument (\S+): expected at least one argument", r"参数 \1 后面至少需要写一个值"),
    (r"argument (\S+): invalid \S+ value: '?([^']*)'?", r"参数 \1 的值「\2」无效"),
    (r"ambiguous option: (\S+) could match (.*)", r"参数 \1 有歧义,可能是:\2"),
    (r"argument (\S+): (.*)", r"参数 \1:\2"),
)


class ChineseFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法:" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """ArgumentParser whose help and errors read entirely in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message):
        for pattern, chinese in ERRORS:
            if re.fullmatch(pattern, message, flags=re.S):
                message = re.sub(pattern, chinese, message, flags=re.S).replace("'", "").replace(", ", "、")
                break
        else:
            if re.search(r"[A-Za-z]{4,}", re.sub(r"--?[\w-]+|\{[^}]*\}", "", message)):
                message = f"命令行参数有误({message})"
        self.print_usage(sys.stderr)
        root = " ".join(self.prog.split()[:3])      # "python -m etl load" -> "python -m etl"
        self.exit(2, f"{self.prog}:错误:{message}\n请运行 {root} --help 查看用法。\n")
