-- One row per member–household pairing of the village in force at the period's end: the household, its member and org, the member's visits in the period and the last visit. Params: $townships, $village_code, $date_from, $date_to, $as_of
with pairs as (
    select member_id, household_id, start_date
    from member_pairs_on(period_end($date_to, $as_of), $townships)
    where village_code = $village_code
),

visits as (
    select member_id, household_id, count(*) as visits, max(activity_date) as last_visit_date
    from activities
    where link = 3 and village_code = $village_code and activity_date between $date_from and period_end($date_to, $as_of)
    group by member_id, household_id
),

final as (
    select
        h.head_name,
        h.size,
        h.main_industry,
        m.name as member_name,
        o.name as org_name,
        p.start_date,
        coalesce(v.visits, 0) as visits,
        v.last_visit_date
    from pairs as p
    join households as h using (household_id)
    join members as m using (member_id)
    join orgs as o on o.org_id = m.org_id
    left join visits as v using (member_id, household_id)
)

select * from final order by visits, head_name
