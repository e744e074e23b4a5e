-- One page of branches in view with their own rates, ordered by $order (a column name among those
-- listed below) ascending (misuse descending), undefined last. Grain: one row per branch in view.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
final as (
    select branch_code, branch_name, county_name, township, org_type, has_row,
           completeness, digitisation, classification_accuracy, training_coverage,
           fund_utilisation, ringfence_compliance, archive_staff, archive_staff_fulltime,
           staff_trained, has_archive_room, funds_allocated, funds_spent, funds_misused,
           -- the overview's other indicators for one branch, as the area rates count it (macros.sql):
           -- 1 or 0 where the branch counts in the rate's denominator, else NULL
           case when is_active then has_row::INTEGER::DOUBLE end                       as submission_rate,
           uses_standard_scheme::INTEGER::DOUBLE                                       as scheme_adoption,
           case when has_row then (coalesce(archive_staff_fulltime, 0) >= 1)::INTEGER::DOUBLE end
                                                                                        as fulltime_staffing,
           has_archive_room::INTEGER::DOUBLE                                           as room_rate,
           rate(funds_misused, funds_spent)                                            as misuse_rate,
           (select count(*) from rows) as total
    from rows
    order by case $order when 'completeness' then completeness when 'digitisation' then digitisation
                         when 'classification_accuracy' then classification_accuracy
                         when 'training_coverage' then training_coverage
                         when 'fund_utilisation' then fund_utilisation
                         when 'ringfence_compliance' then ringfence_compliance
                         when 'submission_rate' then submission_rate when 'scheme_adoption' then scheme_adoption
                         when 'fulltime_staffing' then fulltime_staffing when 'room_rate' then room_rate
                         -- misuse: the worst (highest) first, like the others' worst (lowest) first
                         when 'misuse_rate' then -misuse_rate end nulls last, branch_code
    limit $limit offset $offset
)
select * from final
