"""The command line's words: an argument parser that speaks only Chinese, and the per-file summary lines.

argparse builds its usage, section titles and errors from English strings; ChineseParser replaces
each of them, so neither --help nor a mistyped command shows an English word from the library.
"""
import argparse
import re
import sys

from etl.checks import HEADERS

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
        self.exit(2, f"{self.prog}:错误:{message}\n请运行 python -m etl --help 查看用法。\n")


# ---------------------------------------------------------------- summary lines

def counts_line(r) -> str:
    """入库 N 行 always; the other counts only when they happened."""
    parts = [f"入库 {r.loaded} 行"]
    for n, label in ((r.rejected, "退回 {} 行"), (r.warned, "警告 {} 行"), (r.duplicate, "重复行 {} 行(只入库一次)"),
                     (r.skipped, "跳过 {} 行(标题、单位、空行、合计等非支部行)")):
        if n:
            parts.append(label.format(n))
    return ",".join(parts)


def result_lines(r) -> list[str]:
    """The lines an officer reads for one file: outcome, the first returned rows, notes."""
    if r.status == "failed":
        return [f"✗ {r.name}:导入失败 —— {r.message}"] + [f"    注:{n}" for n in r.notes]
    if r.status == "unchanged":
        return [f"= {r.name}:{r.message}"]
    period = f";统计期 {'、'.join(r.periods)}(来自{r.period_source})" if r.periods else ""
    lines = [f"✓ {r.name}:{counts_line(r)}{period}"]
    for sheet, row, field, reason in r.rejects:
        where = f"工作表「{sheet}」" if sheet else ""
        lines.append(f"    退回 {where}第 {row} 行 {HEADERS.get(field, field)}:{reason}")
    if r.rejected:
        more = f"以上为前 {len(r.rejects)} 行," if r.rejected > len(r.rejects) else ""
        lines.append(f"    {more}共退回 {r.rejected} 行;完整的退回原因见看板「数据管理 → 退回修改清单」")
    lines += [f"    注:{n}" for n in r.notes]
    return lines


def print_result(r):
    print("\n".join(result_lines(r)), flush=True)
