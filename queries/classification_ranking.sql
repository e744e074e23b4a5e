-- Branches ranked by classification accuracy this quarter, fair to small spot checks: one page of $limit
-- from $offset, best first (or worst first when $worst_first), with how many are ranked in all.
-- The rank uses an empirical-Bayes estimate (shrunk_rate, queries/build/stats.sql): beta prior with
-- mean p0 = the branch's county's pooled accuracy this quarter (all its branches, whatever the township
-- or org-type filter) and strength k pseudo-documents (domain/stats.py); estimate = (correct + k·p0) / (sampled + k),
-- computed once per load in branch_quarter (accuracy_shrunk, county_accuracy).
-- So 3 of 3 correct stays near p0 and does not outrank 95 of 100. Rank 1 = best; equal estimates share
-- a rank (1 + how many are strictly better). Branches that submitted with docs_sampled = 0 were not
-- checked and are not ranked. At national scale only the page is sorted (top-N); its ranks come from one
-- count over the quarter: every branch before the page is better than the page's lower rows, every branch
-- strictly better than the page's best is before it (or after it, worst first).
with scored as not materialized (
    select branch_code, county_accuracy as p0, accuracy_shrunk
    from branch_rows($scope, $period, $area, $township, $org_type) where has_row and docs_sampled > 0
),
page as (
    select * from scored
    order by case when $worst_first then accuracy_shrunk else -accuracy_shrunk end, branch_code
    limit $limit offset $offset
),
bounds as (
    select max(accuracy_shrunk) as best, count(*) as shown from page
),
counts as (
    select count(*) as total, count(*) filter (where s.accuracy_shrunk > b.best) as above_best
    from scored s cross join bounds b
),
ranked as (
    select p.branch_code, p.p0, p.accuracy_shrunk, c.total,
           1 + (select count(*) from page q where q.accuracy_shrunk > p.accuracy_shrunk)
             + case when p.accuracy_shrunk = b.best then c.above_best
                    when $worst_first then c.total - $offset - b.shown
                    else $offset end as rank
    from page p cross join bounds b cross join counts c
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
