-- 简报: where the pack's region stands among the regions of its parent this quarter, for every indicator: its
-- rank (1 = best; for misuse the least is best), how many regions had a value to rank, and the parent's total.
-- Only the region's own ranks and the parent's totals come out, never another region's row: a county's pack
-- goes to people whose scope is that county, and may say "居 11 个县第 9 位" but not who is first.
-- $region is a province, city or county code inside $scope (with $township: that township of county $region);
-- $parent and $level must be its parent and its own level (checked here, so nothing else can be read):
-- a county's parent is its city, a city's its province, a province's '' (all), a township's its county.
with target as (
    select 1 as ok
    where $region like $scope || '%'
      and case when $township <> '' then length($region) = 6 and $parent = $region and $level = 'township'
               else length($region) in (2, 4, 6) and $parent = left($region, length($region) - 2)
                    and $level = case length($region) when 6 then 'county' when 4 then 'city' else 'province' end
          end
),
sums as (
    select s.* from area_sums($parent, $parent, '', $org_type, $level) s, target where s.period = $period
),
rates as (
    select * from with_indicators('sums')
),
long as (
    unpivot (select region_code, submission_rate, completeness, digitisation, classification_accuracy,
                    scheme_adoption, training_coverage, fulltime_staffing, room_rate, fund_utilisation,
                    ringfence_compliance, misuse_rate, funds_misused::DOUBLE as funds_misused, hours_per_staff
             from rates)
    on columns(* exclude (region_code)) into name indicator value value
),
ranked as (
    select region_code, indicator, value,
           rank() over (partition by indicator
                        order by case when indicator in ('misuse_rate', 'funds_misused') then value else -value end)
               as rank,
           count(*) over (partition by indicator) as ranked
    from long
),
parent_sums as (
    select s.* from area_sums($parent, $parent, '', $org_type, 'all') s, target where s.period = $period
),
parent_rates as (
    select * from with_indicators('parent_sums')
),
parent_long as (
    unpivot (select submission_rate, completeness, digitisation, classification_accuracy, scheme_adoption,
                    training_coverage, fulltime_staffing, room_rate, fund_utilisation, ringfence_compliance,
                    misuse_rate, funds_misused::DOUBLE as funds_misused, hours_per_staff
             from parent_rates)
    on columns(*) into name indicator value parent_value
),
final as (
    select r.indicator, r.value, r.rank, r.ranked, p.parent_value, (select count(*) from rates) as regions
    from ranked r
    left join parent_long p using (indicator)
    where r.region_code = case when $township <> '' then $township else $region end
    order by r.indicator
)
select * from final
