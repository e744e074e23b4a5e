-- Warnings (soft checks on rows that loaded) of one file ($load_id), in the user's scope, one page of
-- $limit from $offset in row order, with how many there are in all. Warned rows loaded, so their
-- codes are valid and their county is the code's first 6 digits.
with rows as not materialized (
    select w.*, b.branch_name as register_name, b.county_name
    from warnings w
    left join branches b on b.branch_code = w.branch_code
    where w.load_id = $load_id
      and coalesce(left(w.branch_code, 6), '') like $scope || '%'
),
final as (
    select sheet, row_number, branch_code, register_name as branch_name, county_name, period, reasons,
           count(*) over () as total
    from rows
    order by sheet nulls first, row_number
    limit $limit offset $offset
)
select * from final
