-- Completeness and digitisation of the chosen region and org type, one row per quarter
-- (the KPI cards with their change since the previous quarter, and the trend).
with sums as (
    select * from area_sums($scope, $area, $township, $org_type, 'all')
),
rates as (
    select * from with_indicators('sums')
),
final as (
    select period, registered, submitted, reporting, docs_expected, docs_archived, docs_digitised,
           completeness, digitisation
    from rates
    order by period
)
select * from final
