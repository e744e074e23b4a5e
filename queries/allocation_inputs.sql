-- What the fund allocation planner needs per active branch in view for the driving quarter $period:
-- whether it submitted, its staff, room and funds, audit-found misuse in $period and the 3 calendar
-- quarters before it (misused_recent, counted once per load in branch_quarter), and the median special
-- funds per member over the submitting branches in view.
-- At most $limit rows, in branch-code order (the planner refuses a plan over more branches than that).
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type) where is_active
),
scope_median as (
    select funds_median as median_per_member from funds_median($scope, $period, $area, $township, $org_type)
),
final as (
    select r.branch_code, r.branch_name, r.county_code, r.county_name, r.township,
           r.has_row as submitted, r.member_count, r.archive_staff, r.archive_staff_fulltime,
           r.staff_trained, r.has_archive_room, r.funds_allocated::DOUBLE as funds_allocated,
           r.funds_spent::DOUBLE as funds_spent, r.misused_recent,
           s.median_per_member
    from rows r
    cross join scope_median s
    order by r.branch_code
    limit $limit
)
select * from final
