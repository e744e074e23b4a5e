-- 薄弱支部: every active branch in view with its resource and performance scores (0–100) and quadrant,
-- for the quarter. Components in [0, 1]; a component that is unknown (archive room left blank) or
-- undefined (nothing due or filed, no funds median, no county prior) is left out and the other weights
-- renormalise. Weights, cut-offs and the training target are parameters; formulas and defaults are in
-- docs/indicators.md. p_sample = 0 scores every branch; n > 0 a fixed sample of n that submitted.
-- The components that do not depend on the view (c_fulltime, c_room, c_coverage, hours per staff, funds
-- per member, the shrunk accuracy) are computed once per load in branch_quarter; only the training target
-- and the view's funds median (queries/funds_median.sql, asked once per view: p_funds_median) are applied
-- here. Created after access.sql (it reads branch_rows).

create or replace macro weak_scores(p_scope, p_period, p_area, p_township, p_org_type, p_funds_median, p_sample, hours_target, performance_cut, resource_cut, w_accuracy, w_completeness, w_coverage, w_digitisation, w_fulltime, w_funds, w_hours, w_room) as table
with rows as not materialized (
    select branch_code, branch_name, county_code, county_name, township, org_type, contact, phone, has_row,
           member_count, completeness, digitisation, docs_sampled, docs_misclassified, archive_staff,
           archive_staff_fulltime, staff_trained, training_hours::DOUBLE as training_hours, has_archive_room,
           funds_allocated::DOUBLE as funds_allocated, c_fulltime, c_room, c_coverage, hours_per_staff,
           funds_per_member, accuracy_shrunk
    from branch_rows(p_scope, p_period, p_area, p_township, p_org_type)
    where is_active
),
subject as (
    -- the branches to score: all of them (p_sample = 0), or a fixed sample of those that submitted (the
    -- lowest hashes of the branch code, so the same ones every time; the funds median is still the view's)
    select * from rows where p_sample = 0
    union all
    (select * from rows where p_sample > 0 and has_row order by hash(branch_code), branch_code limit p_sample)
),
components as not materialized (
    -- NULL for every component of a branch that did not submit. DuckDB's least() skips NULLs: its arguments
    -- are guarded.
    select r.*, p_funds_median::DOUBLE as funds_median,
        case when r.hours_per_staff is not null then least(1.0, r.hours_per_staff / hours_target) end  as c_hours,
        case when r.funds_per_member is not null and p_funds_median > 0
             then least(1.0, r.funds_per_member / p_funds_median) end                                  as c_funds,
        r.completeness                                                                                 as c_completeness,
        r.accuracy_shrunk                                                                              as c_accuracy,
        r.digitisation                                                                                 as c_digitisation
    from subject r
),
scored as not materialized (
    -- 0–100: the weighted mean of the known components (unknown ones drop out and the rest renormalise);
    -- NULL for a branch that did not submit, or whose known components all have weight 0
    select *,
        100 * (w_fulltime * c_fulltime + w_coverage * c_coverage + w_hours * c_hours
               + coalesce(w_room * c_room, 0) + coalesce(w_funds * c_funds, 0))
            / nullif(w_fulltime + w_coverage + w_hours + if(c_room is null, 0, w_room)
                     + if(c_funds is null, 0, w_funds), 0)                                           as resource_score,
        100 * (coalesce(w_completeness * c_completeness, 0) + coalesce(w_accuracy * c_accuracy, 0)
               + coalesce(w_digitisation * c_digitisation, 0))
            / nullif(if(c_completeness is null, 0, w_completeness) + if(c_accuracy is null, 0, w_accuracy)
                     + if(c_digitisation is null, 0, w_digitisation), 0)                             as performance_score
    from components
),
grouped as not materialized (
    -- the quadrant at the cut-offs (a score at the cut-off counts as sufficient/good), or 'unknown' when a
    -- score is NULL: as a small number first (0 sound, 1 lean, 2 management, 3 under; cheap to count over
    -- millions of rows), then in words. Each score is named once here, so DuckDB computes it once.
    select *,
        case quadrant_code when 0 then 'sound' when 1 then 'lean' when 2 then 'management' when 3 then 'under'
                           else 'unknown' end as quadrant
    from (select *, (resource_score < resource_cut)::INTEGER + 2 * (performance_score < performance_cut)::INTEGER
                        as quadrant_code
          from scored)
)
select * from grouped;
