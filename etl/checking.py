"""Checks-running: parse a staged batch in SQL, flag non-branch rows and repeats, and collect every failed check."""
from etl.text import parse_period
from etl.checks import suspect_condition
from etl.sqlparse import parse_expressions

# Labels of rows that are not branches. Not a bare 单位: 事业单位 is an org type.
SKIP_WORDS = r"合[\s\pZ]*计|总[\s\pZ]*计|小[\s\pZ]*计|金额单位|单位[:：]|^单位|填表说明|^说明|^注[:：]|制表人|审核人|填表人[:：]"


def parse(con, form, selects, infos, region=None):
    """`stage`: every data row parsed and flagged; `parsed`: the rows to check (no skips, no repeats)."""
    con.execute("create or replace temp view mapped as " + " union all ".join(selects))
    con.execute("create or replace temp table sheet_info (sheet_index INTEGER, file_index INTEGER, file_period VARCHAR)")
    con.executemany("insert into sheet_info values (?, ?, ?)", infos)
    period_map(con, form)
    numeric, values = [], []
    for f in form.fields:
        n, value = parse_expressions(f)
        if n:
            numeric.append(f"{n} as n_{f.name}")
        values.append(f"{value} as {f.name}")
    substance = " or ".join(
        f"regexp_matches(coalesce(v_{name}, ''), '\\d')" if name != "branch_name" else f"v_{name} is not null"
        for name in form.substance)
    key = ", ".join(("file_index",) + form.key)
    has_key = " and ".join(f"{k} is not null" for k in form.key)
    # Unparseable cells count with their raw text, so two different typos are not "identical".
    content = ", ".join(f"{f.name}, case when {f.name} is null then v_{f.name} end" for f in form.fields)
    join_period = ("left join period_map pm on pm.raw = numbers.v_period left join sheet_info si using (sheet_index)"
                   if form.kind == "form" else "")
    con.execute(f"""create or replace temp table stage as
        with numbers as (select m.*, {', '.join(numeric) if numeric else '1 as _none'} from mapped m),
        parsed_values as (select numbers.*, {', '.join(values)} from numbers {join_period}),
        final as (
          select *, coalesce(_text is not null and (regexp_matches(_text, '{SKIP_WORDS}') or not ({substance})), false)
                      as is_skipped,
                 false as is_repeat, false as is_rejected
          from parsed_values)
        select * from final""")
    # Rows of one file sharing a key are rare: hash their contents only, to find identical repeats.
    # One grouping finds the keys a file holds more than once; repeats and conflicts are both among them.
    con.execute(f"""create or replace temp table shared_keys as
        select {key} from stage where not is_skipped and {has_key} group by all having count(*) > 1""")
    con.execute(f"""create or replace temp table repeats as
        with shared as (select * from stage semi join shared_keys using ({key}) where not is_skipped),
        ranked as (select file_index, sheet_index, row_number,
                          row_number() over (partition by {key}, hash({content}) order by sheet_index, row_number) as rank
                   from shared),
        final as (select file_index, sheet_index, row_number from ranked where rank > 1)
        select * from final""")
    # Flags set by UPDATE on the few rows concerned: cheaper than copying the batch through anti joins.
    mark_rows(con, "is_repeat", "repeats")
    con.execute("create or replace temp view parsed as select * from stage where not is_skipped and not is_repeat")
    con.execute(f"""create or replace temp table conflicts as
        select {key}, count(*) as dup_count,
               string_agg(coalesce(sheet || ' ', '') || '第' || row_number || '行', '、' order by sheet_index, row_number) as dup_rows
        from parsed semi join shared_keys using ({key}) group by all having count(*) > 1""")
    con.execute(f"create or replace temp table suspect as select * from parsed where {suspect_condition(form.fields)}")
    con.execute(f"create or replace temp table issues as {' union all '.join(form.checks(region))}")


def mark_rows(con, flag, table):
    con.execute(f"""update stage set {flag} = true from {table} t
                    where stage.sheet_index = t.sheet_index and stage.row_number = t.row_number""")


def period_map(con, form):
    con.execute("create or replace temp table period_map (raw VARCHAR, period VARCHAR)")
    if form.kind != "form":
        return
    raws = [r[0] for r in con.execute("select distinct v_period from mapped where v_period is not null").fetchall()]
    if raws:
        con.executemany("insert into period_map values (?, ?)", [(r, parse_period(r)) for r in raws])
