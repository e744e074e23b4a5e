-- What needs attention this quarter, up to $limit branches per reason, with how many in all:
-- lowest completeness, did not submit, misused funds, archive staff with no training.
with rows as (
    select * from branch_rows($scope, $period, $area, $township, $org_type)
),
flagged as (
    select 'low_completeness' as reason, completeness as value, * from rows
    where has_row and completeness is not null
    union all by name
    select 'not_submitted' as reason, null as value, * from rows where not has_row and is_active
    union all by name
    select 'misuse' as reason, funds_misused as value, * from rows where funds_misused > 0
    union all by name
    select 'untrained' as reason, archive_staff as value, * from rows where archive_staff > 0 and staff_trained = 0
),
ranked as (
    select *, count(*) over (partition by reason) as total,
           row_number() over (partition by reason order by
               case reason when 'low_completeness' then value when 'misuse' then -value
                           when 'untrained' then -value end nulls last, branch_code) as rank
    from flagged
),
final as (
    select reason, rank, total, value, branch_code, branch_name, county_name, township, org_type,
           contact, phone, completeness, docs_expected, docs_archived, funds_misused, funds_spent,
           archive_staff, staff_trained
    from ranked where rank <= $limit
    order by reason, rank
)
select * from final
