-- One row per active member–household pair with no visit in the 31 days before the period's end, longest first. Params: $townships, $date_to, $as_of
with ref as (
    select least($date_to, $as_of) as ref_date
),

-- Pairs visited in the 31 days up to the reference date: a constant date range, so the scan
-- reads only those row groups of the date-ordered activities.
recent_visits as (
    select distinct a.member_id, a.household_id
    from activities as a
    where a.link = 3
        and a.activity_date between least($date_to, $as_of) - 31 and least($date_to, $as_of)
),

overdue_pairs as (
    select p.*
    from member_household_pairs as p
    cross join ref
    anti join recent_visits as r using (member_id, household_id)
    where p.start_date <= ref.ref_date and (p.end_date is null or p.end_date >= ref.ref_date)
        and (len($townships) = 0 or p.township_code = any($townships))
),

-- The last visit only of the overdue pairs in the chosen townships, not of every pair.
last_visits as (
    select a.member_id, a.household_id, max(a.activity_date) as last_visit_date
    from activities as a
    semi join overdue_pairs as o using (member_id, household_id)
    where a.link = 3 and a.activity_date <= least($date_to, $as_of)
    group by all
),

final as (
    select
        t.name as township,
        v.name as village,
        h.head_name,
        h.household_id,
        m.name as member_name,
        o.name as org_name,
        l.last_visit_date,
        date_diff('day', coalesce(l.last_visit_date, p.start_date), ref.ref_date) as days_since_visit
    from overdue_pairs as p
    cross join ref
    left join last_visits as l using (member_id, household_id)
    join households as h using (household_id)
    join members as m using (member_id)
    join orgs as o on o.org_id = m.org_id
    join villages as v on v.village_code = p.village_code
    join townships as t on t.township_code = p.township_code
)

select * from final order by days_since_visit desc, household_id
