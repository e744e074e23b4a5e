-- What the pages read, refreshed by the ETL after each load (etl/rollups.py): as table macros over a
-- list of quarters, so a load of one quarter's forms rebuilds that quarter only (NULL = every quarter).
--   branch_quarter: one row per registered branch per quarter with data, its region, its submitted
--                   numbers (NULL if it did not submit) and its own rates; sorted so that a
--                   quarter-and-county filter skips most of the table.
--   rollup_area:    branch_quarter summed per quarter × county × township × org type.
-- Registered = status 正常 today; submitted = those of them with a current row that quarter.

create or replace macro branch_quarter_rows(p_periods) as table
with periods as (
    select distinct period from submissions where p_periods is null or list_contains(p_periods, period)
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
