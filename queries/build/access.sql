-- How pages read the rollups: filtered to the user's scope and the chosen region, org type and quarter.
-- Created after the rollups (branch_quarter.sql, rollup_area.sql), since these macros name their tables.

-- The rollup filtered to a user's scope and the chosen region and org type, summed per quarter and
-- per region at one level: 'province', 'city', 'county', 'township', or 'all' for one total. A region's
-- code is its code prefix, or at the township level (within one county) the township's name.
-- p_scope is the user's data scope (a county code prefix, '' for all) and is never optional.
create or replace macro area_sums(p_scope, p_area, p_township, p_org_type, p_level) as table
    select period,
        case p_level when 'province' then province_code when 'city' then city_code
                     when 'county' then county_code when 'township' then township
                     else 'all' end as region_code,
        case p_level when 'province' then any_value(province_name) when 'city' then any_value(city_name)
                     when 'county' then any_value(county_name) when 'township' then any_value(township)
                     else '' end as region_name,
        sum(registered) as registered, sum(submitted) as submitted, sum(reporting) as reporting,
        sum(member_count) as member_count,
        sum(docs_expected) as docs_expected, sum(docs_archived) as docs_archived,
        sum(docs_digitised) as docs_digitised, sum(docs_sampled) as docs_sampled,
        sum(docs_misclassified) as docs_misclassified,
        sum(scheme_yes) as scheme_yes, sum(scheme_answered) as scheme_answered,
        sum(archive_staff) as archive_staff, sum(archive_staff_fulltime) as archive_staff_fulltime,
        sum(fulltime_branches) as fulltime_branches, sum(staff_trained) as staff_trained,
        sum(training_hours) as training_hours,
        sum(room_yes) as room_yes, sum(room_answered) as room_answered,
        sum(funds_allocated) as funds_allocated, sum(funds_spent) as funds_spent,
        sum(funds_designated) as funds_designated, sum(funds_misused) as funds_misused,
        sum(misuse_branches) as misuse_branches, sum(no_staff_branches) as no_staff_branches,
        sum(untrained_branches) as untrained_branches
    from rollup_area
    where county_code like p_scope || '%'
      and county_code like p_area || '%'
      and (p_township = '' or township = p_township)
      and (p_org_type = '' or org_type = p_org_type)
    group by all;

-- Branch rows of one quarter in the user's scope and the chosen region and org type.
create or replace macro branch_rows(p_scope, p_period, p_area, p_township, p_org_type) as table
    select * from branch_quarter
    where period = p_period
      and county_code like p_scope || '%'
      and county_code like p_area || '%'
      and (p_township = '' or township = p_township)
      and (p_org_type = '' or org_type = p_org_type);

-- The median special funds per member over the active branches in view that submitted with members: the
-- yardstick of the funds component on 薄弱支部 and of the funds gap in 经费分配 (one definition for both).
create or replace macro funds_median(p_scope, p_period, p_area, p_township, p_org_type) as table
    select median(funds_per_member) as funds_median
    from branch_rows(p_scope, p_period, p_area, p_township, p_org_type)
    where is_active and has_row;

-- A loaded file's name as a user may see it: NULL (shown as a neutral label) when the file also brought rows
-- of a county outside the user's scope, so that one county never learns the name of a file it shares with
-- another. Reads load_counties (queries/build/load_counties.sql).
create or replace macro shown_file(p_scope, p_load_id, p_name) as
    case when p_scope = '' or not exists (
        select 1 from load_counties c where c.load_id = p_load_id and c.county_code not like p_scope || '%')
      -- a file loaded restricted to a region inside the scope (an officer's upload there) is that region's own
      -- file: its name was given there, whatever other rows it held (those were returned as out of region)
      or exists (select 1 from loads l where l.load_id = p_load_id and l.region like p_scope || '%')
    then p_name end;

-- Per loaded file, what of it lies in the user's scope: its rows there, and whether it holds any.
create or replace macro files_in_scope(p_scope) as table
    select load_id,
           sum(rows_loaded) filter (where county_code like p_scope || '%')   as rows_loaded,
           sum(rows_rejected) filter (where county_code like p_scope || '%') as rows_rejected,
           sum(rows_warned) filter (where county_code like p_scope || '%')   as rows_warned,
           bool_or(county_code like p_scope || '%')                         as has_rows_in_scope
    from load_counties
    group by load_id;

-- Rejected rows a user may see, for the data desk: each with its load's kind and time, its county from
-- the register (NULL when the code is missing, malformed or unknown: only scope '' sees those), and
-- whether a later load has since replaced it (the same branch and quarter, or for the register the
-- same branch).
create or replace macro rejects_in_scope(p_scope) as table
    with located as (
        select r.*, l.kind, l.loaded_at, b.county_code, b.county_name
        from rejects r
        join loads l using (load_id)
        left join branches b on b.branch_code = r.branch_code
        -- a row whose code names no branch (a code Excel mangled) belongs to the region its load was
        -- restricted to, if any: that region's own file, its officers correct it (as load_counties counts it)
        where coalesce(b.county_code, l.region, '') like p_scope || '%'
    )
    select i.*,
           case when i.kind = 'form' then exists (
                    select 1 from submissions s
                    where s.branch_code = i.branch_code and s.period = i.period and s.load_id > i.load_id)
                else exists (
                    select 1 from branches b
                    where b.branch_code = i.branch_code and b.load_id > i.load_id) end as is_fixed
    from located i;
