-- 薄弱支部: a fixed sample of at most $limit assessed branches in view (the lowest hashes of the branch code
-- among those that submitted, so the same branches every time) with both scores and their quadrant, for
-- the quadrant scatter. Only the sample is scored; the funds median is still that of the whole view.
-- Scores from the weak_scores macro (queries/build/scores.sql, docs/indicators.md); branches that cannot be assessed are not drawn.
with grouped as not materialized (
    select * from weak_scores($scope, $period, $area, $township, $org_type, $funds_median, $limit,
                               $hours_target, $performance_cut, $resource_cut,
                               $w_accuracy, $w_completeness, $w_coverage, $w_digitisation, $w_fulltime, $w_funds, $w_hours, $w_room)
),
final as (
    select branch_code, branch_name, county_name, township, quadrant, resource_score, performance_score
    from grouped
    where quadrant <> 'unknown'
    order by hash(branch_code), branch_code
)
select * from final
