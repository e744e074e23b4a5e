-- Org types present in the user's scope.
with types as (
    select distinct org_type from rollup_area where county_code like $scope || '%'
),
final as (
    select org_type from types order by org_type
)
select * from final
