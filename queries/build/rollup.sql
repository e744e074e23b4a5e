-- What the pages read, refreshed by the ETL after each load:
--   branch_quarter: one row per registered branch per quarter with data, its region, its submitted
--                   numbers (NULL if it did not submit) and its own rates; sorted so that a
--                   quarter-and-county filter skips most of the table.
--   rollup_area:    branch_quarter summed per quarter × county × township × org type.
-- Registered = status 正常 today; submitted = those of them with a current row that quarter.

create or replace table branch_quarter as
with periods as (
    select distinct period from submissions
),
register as (
    select branch_code, branch_name, county_code, county_name, township, org_type, status,
           left(county_code, 2) as province_code, left(county_code, 4) as city_code,
           coalesce(province_name, '') as province_name, coalesce(city_name, '') as city_name,
           contact, phone, status = '正常' as is_active
    from branches
),
rows as (
    select p.period, r.*, s.branch_code is not null as has_row,
           s.* exclude (period, branch_code, branch_name)
    from periods p
    cross join register r
    left join submissions s on s.branch_code = r.branch_code and s.period = p.period
    where r.is_active or s.branch_code is not null
),
final as (
    select *,
        rate(docs_archived, docs_expected)          as completeness,
        rate(docs_digitised, docs_archived)         as digitisation,
        1 - rate(docs_misclassified, docs_sampled)  as classification_accuracy,
        rate(staff_trained, archive_staff)          as training_coverage,
        rate(funds_spent, funds_allocated)          as fund_utilisation,
        rate(funds_designated, funds_spent)         as ringfence_compliance
    from rows
)
select * from final order by period, county_code, township, branch_code;

create or replace table rollup_area as
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
    group by all
)
select * from final order by period, county_code;
