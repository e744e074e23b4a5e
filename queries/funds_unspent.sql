-- Branches sitting on unspent special funds: of those allocated funds this quarter, one page of $limit
-- (from $offset) with most left unspent (allocated − spent) first, their utilisation, how many there
-- are in all, and what each has left unspent over all quarters up to this one (Σ allocated − Σ spent).
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
funded as not materialized (
    -- referenced twice (the page and the count): not materialized, or the quarter's rows would be copied
    select *, funds_allocated - funds_spent as unspent from rows where funds_allocated > 0
),
page as (
    select branch_code, branch_name, county_code, county_name, township, org_type, contact, phone,
           funds_allocated, funds_spent, unspent, fund_utilisation, (select count(*) from funded) as total
    from funded
    order by unspent desc, branch_code
    limit $limit offset $offset
),
to_date as (
    -- only the page's branches; the county filter lets DuckDB skip most of branch_quarter
    select q.branch_code, sum(q.funds_allocated) - sum(q.funds_spent) as unspent_to_date
    from branch_quarter q
    where q.period <= $period
      and q.county_code like $scope || '%'
      and q.county_code in (select county_code from page)
      and q.branch_code in (select branch_code from page)
    group by q.branch_code
),
final as (
    select p.* exclude (county_code, unspent), round(p.unspent, 2) as funds_unspent,
           round(d.unspent_to_date, 2) as funds_unspent_to_date
    from page p
    left join to_date d using (branch_code)
    order by p.unspent desc, p.branch_code
)
select * from final
