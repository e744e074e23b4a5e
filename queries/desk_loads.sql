-- The load history, newest first: one page of $limit from $offset of the file attempts with their
-- outcome, counts, quarters, message and sha256, and how many there are in all.
-- A user whose scope is everything ($scope = '') sees every attempt with the file's own counts. A
-- narrower scope sees only the files that brought rows of its counties (loaded, rejected or warned),
-- with the counts of those rows (skipped and repeated rows belong to no county: NULL); a file that also
-- held another region's rows is listed without its name or sha256 (shown_file, queries/build/access.sql).
with everything as (
    select load_id, rows_loaded, rows_rejected, rows_warned, rows_skipped, rows_duplicate
    from loads
    where $scope = ''
),
scoped as (
    select load_id, rows_loaded, rows_rejected, rows_warned,
           NULL::INTEGER as rows_skipped, NULL::INTEGER as rows_duplicate
    from files_in_scope($scope)
    where $scope <> '' and has_rows_in_scope
),
counted as (
    select * from everything
    union all by name
    select * from scoped
),
final as (
    select l.load_id, l.loaded_at, shown_file($scope, l.load_id, l.source_file) as source_file, l.kind, l.status,
           c.rows_loaded, c.rows_rejected, c.rows_warned, c.rows_skipped, c.rows_duplicate, l.period,
           l.period_source, l.message,
           case when shown_file($scope, l.load_id, l.source_file) is not null then l.sha256 end as sha256,
           count(*) over () as total
    from loads l
    join counted c using (load_id)
    order by l.loaded_at desc, l.load_id desc
    limit $limit offset $offset
)
select * from final
