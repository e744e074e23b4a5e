-- The load history, newest first: one page of $limit from $offset of the file attempts with their
-- outcome, counts, quarters, message and sha256, and how many there are in all.
-- A user whose scope is everything ($scope = '') sees every attempt with the file's own counts. A
-- narrower scope sees only the files that brought rows of its counties (loaded, rejected or warned),
-- with the counts of those rows; skipped and repeated rows belong to no county, so they are NULL.
with everything as (
    select load_id, rows_loaded, rows_rejected, rows_warned, rows_skipped, rows_duplicate
    from loads
    where $scope = ''
),
scoped_rows as (
    select load_id, 'loaded' as outcome from submission_history
    where $scope <> '' and branch_code like $scope || '%'
    union all
    select load_id, 'loaded' as outcome from branches_history
    where $scope <> '' and county_code like $scope || '%'
    union all
    select r.load_id, 'rejected' as outcome from rejects r join branches b using (branch_code)
    where $scope <> '' and b.county_code like $scope || '%'
    union all
    select load_id, 'warned' as outcome from warnings
    where $scope <> '' and branch_code like $scope || '%'
),
scoped as (
    select load_id,
           count(*) filter (where outcome = 'loaded')   as rows_loaded,
           count(*) filter (where outcome = 'rejected') as rows_rejected,
           count(*) filter (where outcome = 'warned')   as rows_warned,
           NULL::INTEGER as rows_skipped, NULL::INTEGER as rows_duplicate
    from scoped_rows
    group by load_id
),
counted as (
    select * from everything
    union all by name
    select * from scoped
),
final as (
    select l.load_id, l.loaded_at, l.source_file, l.kind, l.status, c.rows_loaded, c.rows_rejected,
           c.rows_warned, c.rows_skipped, c.rows_duplicate, l.period, l.period_source, l.message, l.sha256,
           count(*) over () as total
    from loads l
    join counted c using (load_id)
    order by l.loaded_at desc, l.load_id desc
    limit $limit offset $offset
)
select * from final
