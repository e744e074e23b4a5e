-- Classification accuracy and scheme adoption per region one level down ($level), for the chosen
-- quarter, each with its Wilson 95% interval: a region with few spot checks gets a wide one.
with sums as (
    select * from area_sums($scope, $area, $township, $org_type, $level) where period = $period
),
rates as (
    select * from with_indicators('sums')
),
final as (
    select region_code, region_name, registered, reporting, docs_sampled, docs_misclassified,
           scheme_yes, scheme_answered,
           classification_accuracy,
           wilson_low(docs_sampled - docs_misclassified, docs_sampled)  as accuracy_low,
           wilson_high(docs_sampled - docs_misclassified, docs_sampled) as accuracy_high,
           scheme_adoption,
           wilson_low(scheme_yes, scheme_answered)  as scheme_low,
           wilson_high(scheme_yes, scheme_answered) as scheme_high
    from rates
    order by region_code
)
select * from final
