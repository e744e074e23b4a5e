-- Completeness and digitisation per org type, for the chosen quarter, region and org type.
with sums as (
    select org_type,
           sum(columns(* exclude (period, province_code, city_code, county_code, township, org_type,
                                  province_name, city_name, county_name)))
    from rollup_area
    where period = $period
      and county_code like $scope || '%'
      and county_code like $area || '%'
      and ($township = '' or township = $township)
      and ($org_type = '' or org_type = $org_type)
    group by org_type
),
rates as (
    select * from with_indicators('sums')
),
final as (
    select org_type, registered, submitted, docs_expected, docs_archived, docs_digitised,
           completeness, digitisation
    from rates
    order by org_type
)
select * from final
