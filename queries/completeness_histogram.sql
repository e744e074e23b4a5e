-- How branches spread over completeness this quarter: ten bins of 10 points, [0%, 10%) … [90%, 100%),
-- and one for exactly 100% (fully filed). Every bin is listed, empty ones with 0. Branches that did not
-- submit or had nothing due (completeness undefined) are not counted.
with rows as (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
binned as (
    select case when completeness >= 1 then 10 else floor(completeness * 10)::INTEGER end as bin
    from rows
    where has_row and completeness is not null
),
counts as (
    select bin, count(*) as branches from binned group by bin
),
bins as (
    select range::INTEGER as bin from range(0, 11)
),
final as (
    select b.bin,
           case when b.bin = 10 then '100%' else format('[{}%, {}%)', b.bin * 10, b.bin * 10 + 10) end as bin_label,
           coalesce(c.branches, 0) as branches
    from bins b
    left join counts c using (bin)
    order by b.bin
)
select * from final
