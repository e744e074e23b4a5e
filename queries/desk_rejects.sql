-- Rejected rows for the 退回修改清单, one page of $limit from $offset (file, sheet and row order), with
-- how many there are in all. Choose a file with $load_id (0 = any file) and/or a county with $county
-- ('*' = any county, '-' = rows whose code is missing, malformed or not in the register, else a
-- county code; choosing a county lists quarterly forms only). $include_fixed false hides rows that a
-- later file has since loaded for the same branch and quarter (or, for the register, branch).
-- Scope and "fixed" from the rejects_in_scope macro (queries/build/access.sql): a row whose code is
-- invalid belongs to no county, so only a user whose scope is everything ($scope = '') sees it.
with marked as (
    select * from rejects_in_scope($scope)
),
chosen as (
    select * from marked
    where ($load_id = 0 or load_id = $load_id)
      and ($county = '*' or (kind = 'form' and coalesce(county_code, '-') = $county))
      and ($include_fixed or not is_fixed)
),
final as (
    select load_id, kind, shown_file($scope, load_id, source_file) as source_file, sheet, row_number, branch_code,
           county_code, county_name, period,
           reasons, raw::VARCHAR as raw, is_fixed, loaded_at, (select count(*) from chosen) as total
    from chosen
    order by loaded_at, load_id, sheet nulls first, row_number
    limit $limit offset $offset
)
select * from final
