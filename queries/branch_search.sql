-- Up to 20 branches within the scope and the current filters whose name contains $text (or whose
-- code starts with it), for the picker on the branch profile. Plain contains(): names are Chinese, and
-- over 5,000,000 branches it takes 0.7 s where lower() or ilike take 1.7–4 s.
with matches as (
    select branch_code, branch_name, county_name, township
    from branches
    where county_code like $scope || '%'
      and county_code like $area || '%'
      and ($township = '' or township = $township)
      and ($org_type = '' or org_type = $org_type)
      and (contains(branch_name, $text) or starts_with(branch_code, $text))
),
final as (
    select * from matches order by branch_name, branch_code limit 20
)
select * from final
