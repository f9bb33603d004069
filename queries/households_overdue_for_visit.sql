-- One row per active member–household pair with no visit in the $overdue_days days before the period's end, longest first. Params: $townships, $date_to, $as_of, $overdue_days
with ref as (
    select period_end($date_to, $as_of) as ref_date
),

overdue_pairs as (
    select *
    from pairs_on(period_end($date_to, $as_of), $overdue_days, $townships)
    where not visited_recently
),

final as (
    select
        t.name as township,
        v.name as village,
        h.head_name,
        h.household_id,
        m.name as member_name,
        o.name as org_name,
        p.last_visit_date,
        date_diff('day', coalesce(p.last_visit_date, p.start_date), ref.ref_date) as days_since_visit
    from overdue_pairs as p
    cross join ref
    join households as h using (household_id)
    join members as m using (member_id)
    join orgs as o on o.org_id = m.org_id
    join villages as v on v.village_code = p.village_code
    join townships as t on t.township_code = p.township_code
)

select * from final order by days_since_visit desc, household_id
