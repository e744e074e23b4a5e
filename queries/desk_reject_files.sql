-- The files with rejected rows in the user's scope, newest first, with how many of their rows are
-- listed ($include_fixed false: only rows no later file has replaced), for the 退回修改清单 picker.
-- Scope and "fixed" from the rejects_in_scope macro (queries/build/access.sql). At most 500 files.
with marked as (
    select * from rejects_in_scope($scope)
),
counted as (
    select load_id, count(*) as rejects
    from marked
    where $include_fixed or not is_fixed
    group by load_id
),
final as (
    select c.load_id, l.kind, shown_file($scope, c.load_id, l.source_file) as source_file, l.loaded_at, c.rejects
    from counted c
    join loads l using (load_id)
    order by l.loaded_at desc, c.load_id desc
    limit 500
)
select * from final
