-- Special-fund amounts (yuan) and rates for the chosen region and org type, one row per quarter
-- (KPI cards and the quarterly chart); funds_unspent = allocated − spent.
with sums as (
    select * from area_sums($scope, $area, $township, $org_type, 'all')
),
final as (
    select *, funds_allocated - funds_spent as funds_unspent
    from with_indicators('sums')
    order by period
)
select * from final
