-- Rejected rows for the 退回修改清单, one page of $limit from $offset (file, sheet and row order), with
-- how many there are in all. Choose a file with $load_id (0 = any file) and/or a county with $county
-- ('*' = any county, '-' = rows whose code is missing, malformed or not in the register, else a
-- county code; choosing a county lists quarterly forms only). $include_fixed false hides rows that a
-- later file has since loaded for the same branch and quarter (or, for the register, branch).
-- A row's county comes from the register through its branch_code; a row whose code is invalid belongs
-- to no county, so only a user whose scope is everything ($scope = '') sees it.
with located as (
    select r.*, l.kind, l.loaded_at, b.county_code, b.county_name
    from rejects r
    join loads l using (load_id)
    left join branches b on b.branch_code = r.branch_code
),
in_scope as (
    select * from located where coalesce(county_code, '') like $scope || '%'
),
marked as (
    select i.*,
           case when i.kind = 'form' then exists (
                    select 1 from submissions s
                    where s.branch_code = i.branch_code and s.period = i.period and s.load_id > i.load_id)
                else exists (
                    select 1 from branches b
                    where b.branch_code = i.branch_code and b.load_id > i.load_id) end as is_fixed
    from in_scope i
),
chosen as (
    select * from marked
    where ($load_id = 0 or load_id = $load_id)
      and ($county = '*' or (kind = 'form' and coalesce(county_code, '-') = $county))
      and ($include_fixed or not is_fixed)
),
final as (
    select load_id, kind, source_file, sheet, row_number, branch_code, county_code, county_name, period,
           reasons, raw::VARCHAR as raw, is_fixed, loaded_at, count(*) over () as total
    from chosen
    order by loaded_at, load_id, sheet nulls first, row_number
    limit $limit offset $offset
)
select * from final
