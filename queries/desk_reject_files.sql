-- The files with rejected rows in the user's scope, newest first, with how many of their rows are
-- listed ($include_fixed false: only rows no later file has replaced), for the 退回修改清单 picker.
-- Scope and "fixed" as in desk_rejects.sql. At most 500 files.
with located as (
    select r.load_id, r.branch_code, r.period, l.kind, b.county_code
    from rejects r
    join loads l using (load_id)
    left join branches b on b.branch_code = r.branch_code
),
in_scope as (
    select * from located where coalesce(county_code, '') like $scope || '%'
),
marked as (
    select i.*,
           case when i.kind = 'form' then exists (
                    select 1 from submissions s
                    where s.branch_code = i.branch_code and s.period = i.period and s.load_id > i.load_id)
                else exists (
                    select 1 from branches b
                    where b.branch_code = i.branch_code and b.load_id > i.load_id) end as is_fixed
    from in_scope i
),
counted as (
    select load_id, count(*) as rejects
    from marked
    where $include_fixed or not is_fixed
    group by load_id
),
final as (
    select c.load_id, l.kind, l.source_file, l.loaded_at, c.rejects
    from counted c
    join loads l using (load_id)
    order by l.loaded_at desc, c.load_id desc
    limit 500
)
select * from final
