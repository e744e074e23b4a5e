-- Per county in the chosen region and org type: active branches, how many submitted for $period and
-- how many have not (the 催报名单 counts).
with sums as (
    select * from area_sums($scope, $area, $township, $org_type, 'county') where period = $period
),
final as (
    select region_code as county_code, region_name as county_name, registered::BIGINT as registered,
           submitted::BIGINT as submitted, (registered - submitted)::BIGINT as missing
    from sums
    order by missing desc, county_code
)
select * from final
