-- One page of $limit branches (from $offset) of the chosen township that submitted this quarter, with
-- their staffing and training, weakest first on $order (an indicator key: training_coverage,
-- hours_per_staff, fulltime_staffing or room_rate), undefined last; with how many there are in all.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type) where has_row
),
measured as (
    select *, rate(training_hours, archive_staff) as hours_per_staff
    from rows
),
final as (
    select branch_code, branch_name, org_type, archive_staff, archive_staff_fulltime, staff_trained,
           training_hours, training_coverage, has_archive_room, (select count(*) from measured) as total
    from measured
    order by case $order when 'training_coverage' then training_coverage
                         when 'hours_per_staff' then hours_per_staff
                         when 'fulltime_staffing' then archive_staff_fulltime
                         when 'room_rate' then has_archive_room::int end nulls last, branch_code
    limit $limit offset $offset
)
select * from final
