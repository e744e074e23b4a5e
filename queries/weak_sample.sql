-- 薄弱支部: a fixed sample of at most $limit assessed branches in view (the lowest hashes of the branch code
-- among those that submitted, so the same branches every time) with both scores and their quadrant, for
-- the quadrant scatter. Only the sample is scored; the funds median is still that of the whole view.
-- Scores as in weak_quadrants.sql (docs/indicators.md); branches that cannot be assessed are not drawn.
with rows as not materialized (
    select branch_code, branch_name, county_code, county_name, township, org_type, contact, phone, has_row,
           member_count, completeness, digitisation, docs_sampled, docs_misclassified, archive_staff,
           archive_staff_fulltime, staff_trained, training_hours::DOUBLE as training_hours, has_archive_room,
           funds_allocated::DOUBLE as funds_allocated
    from branch_rows($scope, $period, $area, $township, $org_type)
    where is_active
),
priors as (
    -- the prior of the shrunk accuracy: each county's pooled accuracy this quarter, as on the classification page
    select county_code, 1 - rate(sum(docs_misclassified), sum(docs_sampled)) as p0
    from rollup_area
    where period = $period and county_code like $scope || '%' and county_code like $area || '%'
    group by county_code
),
funds_median as (
    select median(funds_allocated / member_count) as funds_median
    from rows where has_row and member_count > 0
),
subject as (
    -- the branches to score: a fixed sample of those that submitted (the funds median is still the view's)
    select * from rows where has_row order by hash(branch_code), branch_code limit $limit
),
components as not materialized (
    -- each component in [0, 1]; NULL = unknown or undefined (left out of the score), and NULL for every
    -- component of a branch that did not submit. DuckDB's least() skips NULLs: its arguments are guarded.
    select r.*, m.funds_median,
        case when r.archive_staff_fulltime >= 1 then 1.0::DOUBLE when r.has_row then 0.0 end           as c_fulltime,
        case when r.has_archive_room then 1.0::DOUBLE when not r.has_archive_room then 0.0 end         as c_room,
        case when r.archive_staff > 0 then r.staff_trained / r.archive_staff
             when r.has_row then 0.0 end                                                               as c_coverage,
        case when r.archive_staff > 0 then least(1.0, r.training_hours / r.archive_staff / $hours_target)
             when r.has_row then 0.0 end                                                               as c_hours,
        case when r.member_count > 0 and m.funds_median > 0 and r.funds_allocated is not null
             then least(1.0, r.funds_allocated / r.member_count / m.funds_median) end                  as c_funds,
        r.completeness                                                                                 as c_completeness,
        shrunk_rate(r.docs_sampled - r.docs_misclassified, r.docs_sampled, p.p0, 20)                   as c_accuracy,
        r.digitisation                                                                                 as c_digitisation
    from subject r
    left join priors p using (county_code)
    cross join funds_median m
),
scored as not materialized (
    -- 0–100: the weighted mean of the known components (unknown ones drop out and the rest renormalise);
    -- NULL for a branch that did not submit, or whose known components all have weight 0
    select *,
        100 * ($w_fulltime * c_fulltime + $w_coverage * c_coverage + $w_hours * c_hours
               + coalesce($w_room * c_room, 0) + coalesce($w_funds * c_funds, 0))
            / nullif($w_fulltime + $w_coverage + $w_hours + if(c_room is null, 0, $w_room)
                     + if(c_funds is null, 0, $w_funds), 0)                                           as resource_score,
        100 * (coalesce($w_completeness * c_completeness, 0) + coalesce($w_accuracy * c_accuracy, 0)
               + coalesce($w_digitisation * c_digitisation, 0))
            / nullif(if(c_completeness is null, 0, $w_completeness) + if(c_accuracy is null, 0, $w_accuracy)
                     + if(c_digitisation is null, 0, $w_digitisation), 0)                             as performance_score
    from components
),
grouped as not materialized (
    -- the quadrant at the cut-offs (a score at the cut-off counts as sufficient/good), or 'unknown' when a
    -- score is NULL; each score is named once here, so DuckDB computes it once (not once per CASE branch)
    select *,
        coalesce(['sound', 'lean', 'management', 'under'][1 + (resource_score < $resource_cut)::INTEGER
                                                            + 2 * (performance_score < $performance_cut)::INTEGER],
                 'unknown') as quadrant
    from scored
),
final as (
    select branch_code, branch_name, county_name, township, quadrant, resource_score, performance_score
    from grouped
    where quadrant <> 'unknown'
    order by hash(branch_code), branch_code
)
select * from final
