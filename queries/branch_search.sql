-- Up to 20 branches within the scope and the current filters whose name contains $text (or whose
-- code starts with it), for the picker on the branch profile.
with matches as (
    select branch_code, branch_name, county_name, township
    from branches
    where county_code like $scope || '%'
      and county_code like $area || '%'
      and ($township = '' or township = $township)
      and ($org_type = '' or org_type = $org_type)
      and (contains(lower(branch_name), lower($text)) or starts_with(branch_code, $text))
),
final as (
    select * from matches order by branch_name, branch_code limit 20
)
select * from final
