-- One page of $limit branches (from $offset) whose archive staff had no training this quarter
-- (archive_staff > 0 and staff_trained = 0), most staff first, with how many there are in all.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
untrained as (
    select * from rows where archive_staff > 0 and staff_trained = 0
),
final as (
    select branch_code, branch_name, county_name, township, org_type, archive_staff, archive_staff_fulltime,
           contact, phone, (select count(*) from untrained) as total
    from untrained
    order by archive_staff desc, branch_code
    limit $limit offset $offset
)
select * from final
