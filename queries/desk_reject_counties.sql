-- The counties with rejected quarterly-form rows in the user's scope, with how many rows
-- ($include_fixed false: only rows no later file has replaced); county_code '-' gathers the rows
-- whose code is missing, malformed or not in the register (listed only when $scope = '').
-- Scope and "fixed" from the rejects_in_scope macro (queries/build/access.sql).
with marked as (
    select * from rejects_in_scope($scope) where kind = 'form'
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
