-- Every quarter of one branch (in the user's scope): whether it submitted, every field of its current
-- form row, its own rates, and the file that row came from; oldest first.
with rows as not materialized (
    select * from branch_quarter
    where branch_code = $code and county_code like $scope || '%'
),
final as (
    select period, has_row, member_count, docs_expected, docs_archived, docs_digitised, docs_sampled,
           docs_misclassified, uses_standard_scheme, archive_staff, archive_staff_fulltime, staff_trained,
           training_hours, has_archive_room, funds_allocated, funds_spent, funds_designated, funds_misused,
           strftime(submitted_on, '%Y-%m-%d') as submitted_on, reporter,
           completeness, digitisation, classification_accuracy, training_coverage, fund_utilisation,
           ringfence_compliance, shown_file($scope, load_id, source_file) as source_file, loaded_at
    from rows
    order by period
)
select * from final
