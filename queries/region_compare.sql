-- Every indicator per region one level down ($level), for the chosen quarter.
with sums as (
    select * from area_sums($scope, $area, $township, $org_type, $level) where period = $period
),
final as (
    select * from with_indicators('sums') order by region_code
)
select * from final
