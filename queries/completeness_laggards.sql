-- The branches furthest behind on filing this quarter: lowest completeness first (at equal completeness,
-- the larger backlog first), one page of $limit from $offset, with how many there are in all.
-- Branches that did not submit or had nothing due are not in this list. Only (code, completeness,
-- backlog) is sorted; the other columns are added for the page's rows.
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
behind as not materialized (
    select branch_code, completeness, docs_expected - docs_archived as backlog
    from rows where has_row and completeness is not null
),
page as (
    -- the count as a scalar subquery: a window over every row would have to be computed before the top-N
    select *, (select count(*) from behind) as total from behind
    order by completeness, backlog desc, branch_code
    limit $limit offset $offset
),
final as (
    select b.branch_code, b.branch_name, b.county_name, b.township, b.org_type,
           b.docs_expected, b.docs_archived, b.docs_digitised, b.completeness, b.digitisation, p.total
    from page p
    join branch_quarter b on b.branch_code = p.branch_code and b.period = $period
    order by p.completeness, p.backlog desc, p.branch_code
)
select * from final
