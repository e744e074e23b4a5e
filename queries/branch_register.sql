-- One branch's register entry, every column, with the register file it came from. No row when the
-- code is unknown or outside the user's scope.
with entry as (
    select b.branch_code, b.branch_name, b.county_code, b.county_name, b.township, b.org_type,
           b.city_name, b.province_name, b.status, b.contact, b.phone, b.load_id,
           shown_file($scope, b.load_id, l.source_file) as register_file, b.updated_at
    from branches b
    left join loads l on l.load_id = b.load_id
    where b.branch_code = $code and b.county_code like $scope || '%'
),
final as (
    select * from entry
)
select * from final
