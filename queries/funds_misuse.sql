-- Every branch where audit found special funds misused this quarter (funds_misused > 0), largest first:
-- one page of $limit from $offset, with how many there are and how much was misused in all.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
misused as (
    select * from rows where funds_misused > 0
),
final as (
    select branch_code, branch_name, county_name, township, org_type, contact, phone,
           funds_spent, funds_misused, round(100 * rate(funds_misused, funds_spent), 1) as misuse_pct,
           (select count(*) from misused) as total, sum(funds_misused) over () as total_misused
    from misused
    order by funds_misused desc, branch_code
    limit $limit offset $offset
)
select * from final
