"""The ETL command line's per-file summary lines, in Chinese."""
from etl.checks import HEADERS

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
    if r.rejected and not r.loaded:     # nothing went in: not a success to tick off
        lines = [f"⚠ {r.name}:{counts_line(r)}{period}", f"    这个文件没有一行入库:全部 {r.rejected} 行都被退回"]
    else:
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
