-- The spec's indicators, defined once (reporting-form.md, "Indicators").
-- Rates sum numerators and denominators over the branches in scope; an empty denominator gives NULL
-- ("—" on screen), never 0% or 100%. Every page query ends with: select * from with_indicators('sums').

create or replace macro rate(numerator, denominator) as
    case when denominator > 0 then numerator::DOUBLE / denominator end;

create or replace macro with_indicators(sums) as table
    select *,
        rate(submitted, registered)                   as submission_rate,
        rate(docs_archived, docs_expected)            as completeness,
        rate(docs_digitised, docs_archived)           as digitisation,
        1 - rate(docs_misclassified, docs_sampled)    as classification_accuracy,
        rate(scheme_yes, scheme_answered)             as scheme_adoption,
        rate(staff_trained, archive_staff)            as training_coverage,
        rate(fulltime_branches, reporting)            as fulltime_staffing,
        rate(room_yes, room_answered)                 as room_rate,
        rate(funds_spent, funds_allocated)            as fund_utilisation,
        rate(funds_designated, funds_spent)           as ringfence_compliance,
        rate(funds_misused, funds_spent)              as misuse_rate,
        rate(training_hours, archive_staff)           as hours_per_staff
    from query_table(sums);

-- The quarter k quarters after p ('2025Q1', -3 -> '2024Q2'); 'YYYYQn' strings sort in time order.
create or replace macro quarter_shift(p, k) as
    printf('%dQ%d', (cast(left(p, 4) as integer) * 4 + cast(right(p, 1) as integer) - 1 + k) // 4,
           (cast(left(p, 4) as integer) * 4 + cast(right(p, 1) as integer) - 1 + k) % 4 + 1);
