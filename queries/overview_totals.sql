-- Every indicator for the chosen region and org type, one row per quarter (KPI cards and trend).
with sums as (
    select * from area_sums($scope, $area, $township, $org_type, 'all')
),
final as (
    select * from with_indicators('sums') order by period
)
select * from final
