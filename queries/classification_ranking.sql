-- Branches ranked by classification accuracy this quarter, fair to small spot checks: one page of $limit
-- from $offset, best first (or worst first when $worst_first), with how many are ranked and not checked.
-- The rank uses an empirical-Bayes estimate (shrunk_rate, queries/build/stats.sql): beta prior with
-- mean p0 = the branch's county's pooled accuracy this quarter (all its branches, whatever the township
-- or org-type filter) and strength k = 20 pseudo-documents; estimate = (correct + k·p0) / (sampled + k).
-- So 3 of 3 correct stays near p0 and does not outrank 95 of 100. Rank 1 = best.
-- Branches that submitted with docs_sampled = 0 were not checked: not ranked, only counted.
with rows as (
    select * from branch_rows($scope, $period, $area, $township, $org_type) where has_row
),
priors as (
    select county_code, 1 - rate(sum(docs_misclassified), sum(docs_sampled)) as p0
    from rollup_area
    where period = $period and county_code like $scope || '%' and county_code like $area || '%'
    group by county_code
),
checked as (
    select r.*, r.docs_sampled - r.docs_misclassified as docs_correct, p.p0
    from rows r
    join priors p using (county_code)
    where r.docs_sampled > 0
),
scored as (
    select *,
           wilson_low(docs_correct, docs_sampled)      as accuracy_low,
           wilson_high(docs_correct, docs_sampled)     as accuracy_high,
           shrunk_rate(docs_correct, docs_sampled, p0, 20) as accuracy_shrunk
    from checked
),
ranked as (
    select *,
           rank() over (order by accuracy_shrunk desc) as rank,
           count(*) over () as total,
           (select count(*) from rows where coalesce(docs_sampled, 0) = 0) as not_checked
    from scored
),
final as (
    select rank, total, not_checked, branch_code, branch_name, county_name, township, org_type,
           docs_sampled, docs_correct, classification_accuracy, accuracy_low, accuracy_high,
           p0 as prior_mean, accuracy_shrunk, uses_standard_scheme
    from ranked
    order by case when $worst_first then -rank else rank end, branch_code
    limit $limit offset $offset
)
select * from final
