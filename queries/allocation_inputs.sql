-- What the fund allocation planner needs per active branch in view for the driving quarter $period:
-- whether it submitted, its staff, room and funds, audit-found misuse in $period and the 3 calendar
-- quarters before it, and the median special funds per member over the submitting branches in view.
-- At most $limit rows, in branch-code order (the planner refuses a plan over more branches than that).
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type) where is_active
),
window_start as (
    -- the quarter 3 before $period ('2025Q1' -> '2024Q2'); 'YYYYQn' strings sort in time order
    select cast(left($period, 4) as integer) * 4 + cast(right($period, 1) as integer) - 4 as n,
           printf('%dQ%d', n // 4, n % 4 + 1) as period
),
misuse as (
    select b.branch_code, sum(b.funds_misused) as misused_recent
    from branch_quarter b
    where b.period between (select period from window_start) and $period
      and b.county_code like $scope || '%'
      and b.funds_misused > 0
      and b.branch_code in (select branch_code from rows)
    group by b.branch_code
),
scope_median as (
    select funds_median as median_per_member from funds_median($scope, $period, $area, $township, $org_type)
),
final as (
    select r.branch_code, r.branch_name, r.county_code, r.county_name, r.township,
           r.has_row as submitted, r.member_count, r.archive_staff, r.archive_staff_fulltime,
           r.staff_trained, r.has_archive_room, r.funds_allocated::DOUBLE as funds_allocated,
           r.funds_spent::DOUBLE as funds_spent, coalesce(m.misused_recent, 0)::DOUBLE as misused_recent,
           s.median_per_member
    from rows r
    left join misuse m using (branch_code)
    cross join scope_median s
    order by r.branch_code
    limit $limit
)
select * from final
