-- Training coverage against classification accuracy, one point per checked branch with archive staff,
-- for the chosen quarter: a fixed sample of at most $limit (lowest hash of the branch code, so the same
-- branches every time and spread evenly), with how many branches the sample is drawn from.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
    where has_row and docs_sampled > 0 and archive_staff > 0
),
final as (
    -- the count as a scalar subquery: a window over every row would have to be computed before the top-N
    select branch_code, branch_name, county_name, township, training_coverage, classification_accuracy,
           docs_sampled, (select count(*) from rows) as total
    from rows
    order by hash(branch_code), branch_code
    limit $limit
)
select * from final
