-- The counties with rejected quarterly-form rows in the user's scope, with how many rows
-- ($include_fixed false: only rows no later file has replaced); county_code '-' gathers the rows
-- whose code is missing, malformed or not in the register (listed only when $scope = '').
-- Scope and "fixed" as in desk_rejects.sql.
with located as (
    select r.load_id, r.branch_code, r.period, b.county_code, b.county_name
    from rejects r
    join loads l using (load_id)
    left join branches b on b.branch_code = r.branch_code
    where l.kind = 'form'
),
in_scope as (
    select * from located where coalesce(county_code, '') like $scope || '%'
),
marked as (
    select i.*, exists (
               select 1 from submissions s
               where s.branch_code = i.branch_code and s.period = i.period and s.load_id > i.load_id) as is_fixed
    from in_scope i
),
counted as (
    select coalesce(county_code, '-') as county_code, any_value(county_name) as county_name, count(*) as rejects
    from marked
    where $include_fixed or not is_fixed
    group by all
),
final as (
    select * from counted order by county_code = '-', county_code
)
select * from final
