-- rollup_area: branch_quarter summed per quarter × county × township × org type (see branch_quarter.sql).

create or replace macro rollup_area_rows(p_periods, p_counties) as table
with final as (
    select period, province_code, city_code, county_code, township, org_type,
        any_value(province_name) as province_name, any_value(city_name) as city_name,
        any_value(county_name) as county_name,
        count(*) filter (where is_active)                          as registered,
        count(*) filter (where is_active and has_row)              as submitted,
        count(*) filter (where has_row)                            as reporting,
        sum(member_count)                                          as member_count,
        sum(docs_expected)                                         as docs_expected,
        sum(docs_archived)                                         as docs_archived,
        sum(docs_digitised)                                        as docs_digitised,
        sum(docs_sampled)                                          as docs_sampled,
        sum(docs_misclassified)                                    as docs_misclassified,
        count(*) filter (where uses_standard_scheme)               as scheme_yes,
        count(uses_standard_scheme)                                as scheme_answered,
        sum(archive_staff)                                         as archive_staff,
        sum(archive_staff_fulltime)                                as archive_staff_fulltime,
        count(*) filter (where archive_staff_fulltime >= 1)        as fulltime_branches,
        sum(staff_trained)                                         as staff_trained,
        sum(training_hours)                                        as training_hours,
        count(*) filter (where has_archive_room)                   as room_yes,
        count(has_archive_room)                                    as room_answered,
        sum(funds_allocated)                                       as funds_allocated,
        sum(funds_spent)                                           as funds_spent,
        sum(funds_designated)                                      as funds_designated,
        sum(funds_misused)                                         as funds_misused,
        count(*) filter (where funds_misused > 0)                  as misuse_branches,
        count(*) filter (where archive_staff = 0)                  as no_staff_branches,
        count(*) filter (where archive_staff > 0 and staff_trained = 0) as untrained_branches
    from branch_quarter
    where (p_periods is null or list_contains(p_periods, period))
      and (p_counties is null or list_contains(p_counties, county_code))
    group by all
)
select * from final order by period, county_code;
