-- Branches ranked by classification accuracy this quarter, fair to small spot checks: one page of $limit
-- from $offset, best first (or worst first when $worst_first), with how many are ranked in all.
-- The rank uses an empirical-Bayes estimate (shrunk_rate, queries/build/stats.sql): beta prior with
-- mean p0 = the branch's county's pooled accuracy this quarter (all its branches, whatever the township
-- or org-type filter) and strength k = $prior_k pseudo-documents (domain/stats.py); estimate = (correct + k·p0) / (sampled + k).
-- So 3 of 3 correct stays near p0 and does not outrank 95 of 100. Rank 1 = best; equal estimates share
-- a rank. Branches that submitted with docs_sampled = 0 were not checked and are not ranked.
-- At national scale only the page is sorted (top-N) and ranked (1 + branches with a higher estimate);
-- names and the Wilson interval are added for the page's rows only.
with rows as (
    select branch_code, county_code, docs_sampled, docs_misclassified
    from branch_rows($scope, $period, $area, $township, $org_type) where has_row and docs_sampled > 0
),
priors as (
    select county_code, 1 - rate(sum(docs_misclassified), sum(docs_sampled)) as p0
    from rollup_area
    where period = $period and county_code like $scope || '%' and county_code like $area || '%'
    group by county_code
),
scored as (
    select r.branch_code, p.p0,
           shrunk_rate(r.docs_sampled - r.docs_misclassified, r.docs_sampled, p.p0, $prior_k) as accuracy_shrunk
    from rows r join priors p using (county_code)
),
page as (
    select * from scored
    order by case when $worst_first then accuracy_shrunk else -accuracy_shrunk end, branch_code
    limit $limit offset $offset
),
ranked as (
    select p.branch_code, any_value(p.p0) as p0, any_value(p.accuracy_shrunk) as accuracy_shrunk,
           1 + count(*) filter (where s.accuracy_shrunk > p.accuracy_shrunk) as rank, count(*) as total
    from page p cross join scored s
    group by p.branch_code
),
final as (
    select p.rank, p.total, b.branch_code, b.branch_name, b.county_name, b.township, b.org_type,
           b.docs_sampled, b.docs_sampled - b.docs_misclassified as docs_correct, b.classification_accuracy,
           wilson_low(b.docs_sampled - b.docs_misclassified, b.docs_sampled)  as accuracy_low,
           wilson_high(b.docs_sampled - b.docs_misclassified, b.docs_sampled) as accuracy_high,
           p.p0 as prior_mean, p.accuracy_shrunk, b.uses_standard_scheme
    from ranked p
    join branch_quarter b on b.branch_code = p.branch_code and b.period = $period
    order by case when $worst_first then p.accuracy_shrunk else -p.accuracy_shrunk end, p.branch_code
)
select * from final
