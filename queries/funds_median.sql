-- The median special funds per member over the active branches in view that submitted with members, this
-- quarter: asked once per view and handed to the 薄弱支部 questions as $funds_median (a median over millions
-- of branches is the costliest part of scoring them). One row; NULL when no branch qualifies.
with final as (
    select funds_median from funds_median($scope, $period, $area, $township, $org_type)
)
select * from final
