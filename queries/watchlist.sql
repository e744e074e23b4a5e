-- What needs attention this quarter, up to $limit branches per reason, with how many in all:
-- completeness below $low_completeness (a real shortlist, lowest first), did not submit, misused funds,
-- archive staff with no training.
-- Each list is its own top-N (no window over the whole quarter: that would sort millions of rows).
with rows as not materialized (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
totals as (
    select count(*) filter (where has_row and completeness < $low_completeness) as low_completeness,
           count(*) filter (where not has_row and is_active)                    as not_submitted,
           count(*) filter (where funds_misused > 0)                             as misuse,
           count(*) filter (where archive_staff > 0 and staff_trained = 0)      as untrained
    from rows
),
low_completeness as (
    select 'low_completeness' as reason, * from rows
    where has_row and completeness < $low_completeness order by completeness, branch_code limit $limit
),
not_submitted as (
    select 'not_submitted' as reason, * from rows
    where not has_row and is_active order by branch_code limit $limit
),
misuse as (
    select 'misuse' as reason, * from rows
    where funds_misused > 0 order by funds_misused desc, branch_code limit $limit
),
untrained as (
    select 'untrained' as reason, * from rows
    where archive_staff > 0 and staff_trained = 0 order by archive_staff desc, branch_code limit $limit
),
flagged as (
    select * from low_completeness union all select * from not_submitted
    union all select * from misuse union all select * from untrained
),
final as (
    select reason,
           row_number() over (partition by reason order by
               case reason when 'low_completeness' then completeness when 'misuse' then -funds_misused
                           when 'untrained' then -archive_staff end nulls last, branch_code) as rank,
           case reason when 'low_completeness' then totals.low_completeness when 'not_submitted' then totals.not_submitted
                       when 'misuse' then totals.misuse else totals.untrained end as total,
           branch_code, branch_name, county_name, township, org_type, contact, phone, completeness,
           docs_expected, docs_archived, funds_misused, funds_spent, archive_staff, staff_trained
    from flagged, totals
    order by reason, rank
)
select * from final
