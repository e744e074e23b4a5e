-- One page of $limit branches (from $offset) that reported no archive staff at all this quarter
-- (archive_staff = 0), those with most documents filed first, with how many there are in all.
-- Branches that did not submit are not in this list.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
no_staff as (
    select * from rows where archive_staff = 0
),
final as (
    select branch_code, branch_name, county_name, township, org_type, docs_archived, has_archive_room,
           contact, phone, (select count(*) from no_staff) as total
    from no_staff
    order by docs_archived desc nulls last, branch_code
    limit $limit offset $offset
)
select * from final
