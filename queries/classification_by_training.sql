-- Do trained archive staff classify better? Pooled classification accuracy this quarter, with its Wilson
-- 95% interval and branch counts, per training-coverage band of the branch (kind 'band': no archive
-- staff, 0%, (0, 50%), [50%, 100%), 100%) and for trained vs untrained branches (kind 'pair': archive
-- staff of whom at least one / none trained this quarter). Pooled = summed over the branches of a
-- group, never an average of branch rates. Every group is listed, empty ones with NULL accuracy.
with rows as (
    select * from branch_rows($scope, $period, $area, $township, $org_type) where has_row
),
banded as (
    -- training_band is set once per load in branch_quarter (no staff, none, under half, half or more, all)
    select docs_sampled, docs_misclassified, training_band as band,
           case when coalesce(archive_staff, 0) > 0 then staff_trained > 0 end as trained
    from rows
),
membership as (
    select 'band' as kind, band as key, docs_sampled, docs_misclassified from banded
    union all
    select 'pair' as kind, case when trained then 'trained' else 'untrained' end as key,
           docs_sampled, docs_misclassified
    from banded where trained is not null
),
sums as (
    select kind, key, count(*) as branches, count(*) filter (where docs_sampled > 0) as checked,
           sum(docs_sampled) as docs_sampled, sum(docs_misclassified) as docs_misclassified
    from membership
    group by kind, key
),
groups as (
    select * from (values ('band', 'no_staff', 0), ('band', 'none', 1), ('band', 'low', 2), ('band', 'high', 3),
                          ('band', 'full', 4), ('pair', 'trained', 5), ('pair', 'untrained', 6)) g(kind, key, sort)
),
final as (
    select g.kind, g.key, coalesce(s.branches, 0) as branches, coalesce(s.checked, 0) as checked,
           coalesce(s.docs_sampled, 0) as docs_sampled, coalesce(s.docs_misclassified, 0) as docs_misclassified,
           1 - rate(s.docs_misclassified, s.docs_sampled) as classification_accuracy,
           wilson_low(s.docs_sampled - s.docs_misclassified, s.docs_sampled)  as accuracy_low,
           wilson_high(s.docs_sampled - s.docs_misclassified, s.docs_sampled) as accuracy_high
    from groups g
    left join sums s using (kind, key)
    order by g.sort
)
select * from final
