-- Quarters that have data in the user's scope, newest first.
with in_scope as (
    select distinct period from rollup_area where county_code like $scope || '%'
),
final as (
    select period from in_scope order by period desc
)
select * from final
