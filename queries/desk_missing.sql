-- 催报名单: the active branches of the register in the chosen region and org type that have not
-- submitted for $period, ordered by county, township and code, with their contact details; one page
-- of $limit from $offset, with how many there are in all.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
missing as (
    select * from rows where is_active and not has_row
),
final as (
    select branch_code, branch_name, county_code, county_name, township, org_type,
           coalesce(contact, '') as contact, coalesce(phone, '') as phone,
           (select count(*) from missing) as total
    from missing
    order by county_code, township, branch_code
    limit $limit offset $offset
)
select * from final
