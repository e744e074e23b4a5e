-- 薄弱支部: one page of $limit branches (from $offset) of group $group: a quadrant ('under', 'management',
-- 'lean', 'sound'), '' for every assessed branch quadrant by quadrant, or 'unknown' (did not submit, or
-- nothing to score); with scores, components and the reason the branch is there, in words. How many are in
-- each group comes from weak_quadrants.sql (same parameters), so the quarter is scored once per question.
-- Largest gap first within a quadrant: under and sound by resource + performance ascending; management by
-- performance − resource ascending (most resources for the least result); lean by resource − performance
-- ascending; unknown: non-submitters first, then by region. Scores from the weak_scores macro (queries/build/scores.sql).
-- The reason joins phrases from the catalogue ($why_no_staff …: DuckDB format() templates; $sep between them):
-- resource shortfalls when resources are below $resource_cut, performance shortfalls when performance is
-- below $performance_cut (thresholds in docs/indicators.md). "No training this year" reads the branch's
-- hours in every quarter of the year up to $period, for the page's rows only.
with grouped as not materialized (
    select * from weak_scores($scope, $period, $area, $township, $org_type, $funds_median, 0,
                               $hours_target, $performance_cut, $resource_cut,
                               $w_accuracy, $w_completeness, $w_coverage, $w_digitisation, $w_fulltime, $w_funds, $w_hours, $w_room)
),
page as materialized (
    select *,
        case quadrant when 'under' then 1 when 'management' then 2 when 'lean' then 3 when 'sound' then 4
                      else 5 end as quadrant_order,
        case quadrant when 'management' then performance_score - resource_score
                      when 'lean' then resource_score - performance_score
                      else resource_score + performance_score end as gap
    from grouped
    where quadrant = $group or ($group = '' and quadrant <> 'unknown')
    order by quadrant_order, gap, has_row, county_code, township, branch_code
    limit $limit offset $offset
),
year_training as (
    select branch_code, sum(training_hours) as year_hours
    from branch_quarter
    where period between left($period, 4) || 'Q1' and $period
      and county_code like $scope || '%' and county_code like $area || '%'
      and branch_code in (select branch_code from page)
    group by branch_code
),
phrases as (
    select p.*, coalesce(y.year_hours, 0) as year_hours,
        nullif(concat_ws($sep,
            case when archive_staff = 0 then $why_no_staff when archive_staff_fulltime = 0 then $why_no_fulltime end,
            case when has_archive_room is null then $why_room_unknown when not has_archive_room then $why_no_room end,
            case when coalesce(y.year_hours, 0) = 0 then $why_untrained_year
                 when archive_staff > 0 and c_coverage < 0.5
                 then format($why_low_coverage, staff_trained, archive_staff) end,
            case when archive_staff > 0 and training_hours > 0 and c_hours < 0.5
                 then format($why_low_hours, training_hours / archive_staff, $hours_target::DOUBLE) end,
            case when funds_allocated = 0 then $why_no_funds when c_funds < 0.5 then $why_low_funds end), '')
            as resource_reasons,
        nullif(concat_ws($sep,
            case when c_completeness < 0.8 then format($why_low_completeness, 100 * c_completeness) end,
            case when c_accuracy < 0.8 then format($why_low_accuracy, 100 * c_accuracy) end,
            case when c_digitisation < 0.5 then format($why_low_digitisation, 100 * c_digitisation) end), '')
            as performance_reasons
    from page p
    left join year_training y using (branch_code)
),
final as (
    select branch_code, branch_name, county_name, township, org_type, contact, phone, has_row, quadrant,
           resource_score, performance_score, c_fulltime, c_room, c_coverage, c_hours, c_funds,
           c_completeness, c_accuracy, c_digitisation, archive_staff, archive_staff_fulltime, staff_trained,
           training_hours, year_hours, has_archive_room, member_count, funds_allocated, funds_median,
           case when quadrant = 'unknown' then if(has_row, $why_unscorable, $why_not_submitted)
                when quadrant = 'sound' then null
                else coalesce(nullif(concat_ws($sep,
                         if(resource_score < $resource_cut, resource_reasons, null),
                         if(performance_score < $performance_cut, performance_reasons, null)), ''),
                     $why_near_cut) end as reason
    from phrases
    order by quadrant_order, gap, has_row, county_code, township, branch_code
)
select * from final
