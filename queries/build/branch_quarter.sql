-- What the pages read, refreshed by the ETL after each load (etl/rollups.py): as table macros over a
-- list of quarters and a list of counties, so a load of one county's forms for one quarter rebuilds that
-- quarter of that county only (NULL = every quarter, every county). Every window below stays inside one
-- county (county_accuracy) or one branch (misuse), so a county's rows can be rebuilt on their own.
--   branch_quarter: one row per registered branch per quarter with data, its region, its submitted
--                   numbers (NULL if it did not submit) and its own rates; sorted so that a
--                   quarter-and-county filter skips most of the table.
--   rollup_area:    branch_quarter summed per quarter × county × township × org type.
-- Registered = status 正常 today; submitted = those of them with a current row that quarter.

create or replace macro branch_quarter_rows(p_periods, p_counties) as table
with periods as (
    select distinct period from submissions where p_periods is null or list_contains(p_periods, period)
),
register as (
    select branch_code, branch_name, county_code, county_name, township, org_type, status,
           left(county_code, 2) as province_code, left(county_code, 4) as city_code,
           coalesce(province_name, '') as province_name, coalesce(city_name, '') as city_name,
           contact, phone, status = '正常' as is_active
    from branches
    where p_counties is null or list_contains(p_counties, county_code)
),
rows as (
    select p.period, r.*, s.branch_code is not null as has_row,
           s.* exclude (period, branch_code, branch_name)
    from periods p
    cross join register r
    left join submissions s on s.branch_code = r.branch_code and s.period = p.period
    where r.is_active or s.branch_code is not null
),
rated as (
    select rows.*,
        rate(docs_archived, docs_expected)          as completeness,
        rate(docs_digitised, docs_archived)         as digitisation,
        1 - rate(docs_misclassified, docs_sampled)  as classification_accuracy,
        rate(staff_trained, archive_staff)          as training_coverage,
        rate(funds_spent, funds_allocated)          as fund_utilisation,
        rate(funds_designated, funds_spent)         as ringfence_compliance,
        c.county_accuracy
    from rows
    -- the prior of the shrunk accuracy: the branch's county's pooled accuracy this quarter (a grouping
    -- joined back: cheaper than a window, which sorts every row by its partition)
    join (select period, county_code, 1 - rate(sum(docs_misclassified), sum(docs_sampled)) as county_accuracy
          from rows group by all) c using (period, county_code)
),
misuse as (
    -- audit-found misuse in the quarter and the 3 calendar quarters before it (经费分配's misuse rule);
    -- few rows have any, so the window is joined on those rows only
    select r.period, r.branch_code, sum(m.funds_misused)::DOUBLE as misused_recent
    from (select period, branch_code from rows where is_active) r
    join (select period, branch_code, funds_misused from submissions where funds_misused > 0) m
      on m.branch_code = r.branch_code and m.period between quarter_shift(r.period, -3) and r.period
    group by r.period, r.branch_code
),
final as (
    -- the score components that do not depend on the view (薄弱支部, docs/indicators.md), each in [0, 1]
    -- or NULL when unknown; the view's funds median and hours target are applied by the page's question
    select r.*,
        case when archive_staff_fulltime >= 1 then 1.0::DOUBLE when has_row then 0.0 end          as c_fulltime,
        case when has_archive_room then 1.0::DOUBLE when not has_archive_room then 0.0 end         as c_room,
        case when archive_staff > 0 then staff_trained / archive_staff when has_row then 0.0 end    as c_coverage,
        case when archive_staff > 0 then training_hours::DOUBLE / archive_staff
             when has_row then 0.0 end                                                              as hours_per_staff,
        case when member_count > 0 and funds_allocated is not null
             then funds_allocated::DOUBLE / member_count end                                        as funds_per_member,
        shrunk_rate(docs_sampled - docs_misclassified, docs_sampled, county_accuracy, prior_strength())
                                                                                                    as accuracy_shrunk,
        case when not has_row then null
             when coalesce(archive_staff, 0) = 0 then 'no_staff' when staff_trained = 0 then 'none'
             when training_coverage < 0.5 then 'low' when training_coverage < 1 then 'high'
             else 'full' end                                                                        as training_band,
        coalesce(m.misused_recent, 0)                                                               as misused_recent
    from rated r
    left join misuse m using (period, branch_code)
)
select * from final order by period, county_code, township, branch_code;
