-- One branch against its county ($county) and the whole scope in one quarter: its own rates next to
-- the pooled rates (sums of numerators and denominators), and its completeness rank in its county.
-- One row per level: 'branch', 'county', 'scope'.
with own as (
    select * from branch_rows($scope, $period, $county, '', '') where branch_code = $code
),
ranked as (
    -- best first; percentile = share of the other ranked county branches with lower completeness
    select branch_code,
           rank() over (order by completeness desc) as completeness_rank,
           count(*) over () as ranked_branches,
           case when count(*) over () > 1 then percent_rank() over (order by completeness) end
               as completeness_percentile
    from branch_rows($scope, $period, $county, '', '')
    where completeness is not null
),
county_sums as (
    select * from area_sums($scope, $county, '', '', 'county') where period = $period
),
scope_sums as (
    select * from area_sums($scope, '', '', '', 'all') where period = $period
),
scope_name as (
    select case when count(distinct city_code) = 1 then any_value(city_name)
                when count(distinct province_code) = 1 then any_value(province_name) end as name
    from rollup_area
    where county_code like $scope || '%'
),
final as (
    select 1 as sort, 'branch' as level, o.branch_name as name, 1 as registered, o.has_row,
           o.completeness, o.digitisation, o.classification_accuracy, o.training_coverage,
           o.fund_utilisation, o.ringfence_compliance,
           r.completeness_rank, r.ranked_branches, r.completeness_percentile
    from own o left join ranked r using (branch_code)
    union all by name
    select 2 as sort, 'county' as level, region_name as name, registered, null as has_row,
           completeness, digitisation, classification_accuracy, training_coverage,
           fund_utilisation, ringfence_compliance
    from with_indicators('county_sums')
    union all by name
    select 3 as sort, 'scope' as level, (select name from scope_name) as name, registered, null as has_row,
           completeness, digitisation, classification_accuracy, training_coverage,
           fund_utilisation, ringfence_compliance
    from with_indicators('scope_sums')
    order by sort
)
select * from final
