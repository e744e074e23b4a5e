-- 薄弱支部: how many active branches in view fall in each quadrant of resources (x) against performance (y)
-- this quarter, and how many cannot be assessed (did not submit, or nothing to score).
-- The scores and quadrants come from the weak_scores macro (queries/build/scores.sql, docs/indicators.md).
with grouped as not materialized (
    select * from weak_scores($scope, $period, $area, $township, $org_type, $funds_median, 0,
                               $hours_target, $performance_cut, $resource_cut,
                               $w_accuracy, $w_completeness, $w_coverage, $w_digitisation, $w_fulltime, $w_funds, $w_hours, $w_room)
),
final as (
    select count(*) filter (where quadrant_code = 3)                             as under,
           count(*) filter (where quadrant_code = 2)                             as management,
           count(*) filter (where quadrant_code = 1)                             as lean,
           count(*) filter (where quadrant_code = 0)                             as sound,
           count(quadrant_code)                                                  as scored,
           count(*) filter (where quadrant_code is null)                         as unknown,
           count(*) filter (where not has_row)                                   as not_submitted,
           count(*) filter (where has_row and quadrant_code is null)             as unscorable,
           count(*) filter (where quadrant_code is not null and c_room is null)  as room_unknown,
           count(*) filter (where quadrant_code is not null and c_funds is null) as funds_left_out,
           count(*)                                                              as registered,
           any_value(funds_median)                                               as funds_median
    from grouped
)
select * from final
