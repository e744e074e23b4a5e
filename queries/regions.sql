-- Every county in the user's scope with its city and province, for the region filters.
with counties as (
    select province_code, city_code, county_code,
           any_value(province_name) as province_name, any_value(city_name) as city_name,
           any_value(county_name) as county_name
    from rollup_area
    where county_code like $scope || '%'
    group by all
),
final as (
    select * from counties order by county_code
)
select * from final
