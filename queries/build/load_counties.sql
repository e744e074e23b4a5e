-- load_counties: which counties each loaded file brought rows of (loaded, returned or warned), and how many:
-- one row per load_id × county_code. It lets a narrower scope see only its own rows of a file, and know
-- whether the file also held another region's rows (then the file's name is not shown). Built once per
-- load (load_id greater than any already counted); rejected rows whose code is not in the register belong
-- to no county and are not here, except in a load restricted to a region, where they count for that region
-- (county_code then holds the region's code, which may be a city's or a province's).
create or replace macro load_counties_rows(p_after) as table
with attributed as (
    select load_id, left(branch_code, 6) as county_code, 'loaded' as outcome
    from submission_history where load_id > p_after
    union all
    select load_id, county_code, 'loaded' as outcome from branches_history where load_id > p_after
    union all
    select r.load_id, b.county_code, 'rejected' as outcome
    from rejects r join branches b using (branch_code) where r.load_id > p_after
    union all
    -- a rejected row whose code names no branch, of a load restricted to a region: that region's (its file)
    select r.load_id, l.region as county_code, 'rejected' as outcome
    from rejects r join loads l using (load_id) anti join branches b using (branch_code)
    where r.load_id > p_after and l.region is not null
    union all
    select load_id, left(branch_code, 6) as county_code, 'warned' as outcome from warnings where load_id > p_after
),
final as (
    select load_id, county_code,
           count(*) filter (where outcome = 'loaded')   as rows_loaded,
           count(*) filter (where outcome = 'rejected') as rows_rejected,
           count(*) filter (where outcome = 'warned')   as rows_warned
    from attributed
    group by load_id, county_code
)
select * from final;
