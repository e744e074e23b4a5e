-- One branch's load history: each of its rows that was loaded (file, sheet, row, when, whether it is
-- still the current row, any warning) and each that was rejected, with the reasons; newest first.
with in_scope as (
    select branch_code from branches where branch_code = $code and county_code like $scope || '%'
),
loaded as (
    select case when w.reasons is null then 'loaded' else 'warned' end as outcome,
           s.load_id is not null as is_current, h.period, shown_file($scope, h.load_id, h.source_file) as source_file,
           h.sheet, h.row_number,
           l.loaded_at, w.reasons, h.load_id
    from submission_history h
    join in_scope b on b.branch_code = h.branch_code
    join loads l on l.load_id = h.load_id
    left join submissions s
        on s.branch_code = h.branch_code and s.period = h.period and s.load_id = h.load_id
    left join warnings w
        on w.load_id = h.load_id and w.branch_code = h.branch_code and w.row_number = h.row_number
       and w.sheet is not distinct from h.sheet
),
rejected as (
    select 'rejected' as outcome, false as is_current, r.period,
           shown_file($scope, r.load_id, r.source_file) as source_file, r.sheet, r.row_number,
           l.loaded_at, r.reasons, r.load_id
    from rejects r
    join in_scope b on b.branch_code = r.branch_code
    join loads l on l.load_id = r.load_id
),
final as (
    select * from loaded
    union all by name
    select * from rejected
    order by loaded_at desc, load_id desc, row_number
    limit 500
)
select * from final
