-- One page of branches in view with their own rates, ordered by $order (a column name among those
-- listed below) ascending, undefined last.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
final as (
    select branch_code, branch_name, county_name, township, org_type, has_row,
           completeness, digitisation, classification_accuracy, training_coverage,
           fund_utilisation, ringfence_compliance, archive_staff, archive_staff_fulltime,
           staff_trained, has_archive_room, funds_allocated, funds_spent, funds_misused,
           (select count(*) from rows) as total
    from rows
    order by case $order when 'completeness' then completeness when 'digitisation' then digitisation
                         when 'classification_accuracy' then classification_accuracy
                         when 'training_coverage' then training_coverage
                         when 'fund_utilisation' then fund_utilisation end nulls last, branch_code
    limit $limit offset $offset
)
select * from final
