-- Classification accuracy and scheme adoption of the chosen region and org type, one row per quarter,
-- each with its Wilson 95% interval (KPI cards, trend).
with sums as (
    select * from area_sums($scope, $area, $township, $org_type, 'all')
),
rates as (
    select * from with_indicators('sums')
),
final as (
    select period, registered, reporting, docs_sampled, docs_misclassified, scheme_yes, scheme_answered,
           classification_accuracy,
           wilson_low(docs_sampled - docs_misclassified, docs_sampled)  as accuracy_low,
           wilson_high(docs_sampled - docs_misclassified, docs_sampled) as accuracy_high,
           scheme_adoption,
           wilson_low(scheme_yes, scheme_answered)  as scheme_low,
           wilson_high(scheme_yes, scheme_answered) as scheme_high
    from rates
    order by period
)
select * from final
