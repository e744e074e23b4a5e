-- One page of $limit branches (from $offset) of the chosen township that submitted this quarter, with
-- their special-fund amounts (yuan), most allocated first; with how many there are in all.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type) where has_row
),
final as (
    select branch_code, branch_name, org_type, funds_allocated, funds_spent, funds_designated, funds_misused,
           fund_utilisation, (select count(*) from rows) as total
    from rows
    order by funds_allocated desc, funds_spent desc, branch_code
    limit $limit offset $offset
)
select * from final
