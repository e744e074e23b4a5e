-- Townships of one county (within the user's scope), for the township filter.
with towns as (
    select distinct township from rollup_area
    where county_code like $scope || '%' and county_code = $county
),
final as (
    select township from towns order by township
)
select * from final
