-- Completeness and digitisation per region one level down ($level), for the chosen quarter.
with sums as (
    select * from area_sums($scope, $area, $township, $org_type, $level) where period = $period
),
rates as (
    select * from with_indicators('sums')
),
final as (
    select region_code, region_name, registered, submitted, docs_expected, docs_archived, docs_digitised,
           completeness, digitisation
    from rates
    order by region_code
)
select * from final
