-- The branches furthest behind on filing this quarter: lowest completeness first (at equal completeness,
-- the larger backlog first), one page of $limit from $offset, with how many there are in all.
-- Branches that did not submit or had nothing due are not in this list.
with rows as (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
behind as (
    select * from rows where has_row and completeness is not null
),
final as (
    select branch_code, branch_name, county_name, township, org_type,
           docs_expected, docs_archived, docs_digitised, completeness, digitisation,
           count(*) over () as total
    from behind
    order by completeness, docs_expected - docs_archived desc, branch_code
    limit $limit offset $offset
)
select * from final
