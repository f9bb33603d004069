-- One row per activity in the period (all three links), the newest 5,000 at most, with who, where and the proofs. Params: $townships, $date_from, $date_to, $link
-- The newest 5,000 first, so the names are looked up for those rows only.
with newest as (
    select activity_id
    from activities
    where activity_date between $date_from and $date_to
        and (array_length($townships) = 0 or list_contains($townships, township_code))
        and ($link = 0 or link = $link)
    order by activity_date desc, activity_id desc
    limit 5000
)

select
    a.activity_id,
    a.activity_date,
    a.link,
    a.kind,
    t.name as township,
    v.name as village,
    l.name as leader_name,
    o.name as org_name,
    m.name as member_name,
    h.head_name,
    a.participants,
    a.has_photo,
    a.has_location,
    a.household_confirmed,
    a.note
from activities as a
join townships as t using (township_code)
left join villages as v using (village_code)
left join leaders as l using (leader_id)
left join members as m using (member_id)
left join orgs as o on o.org_id = a.org_id
left join households as h using (household_id)
where a.activity_id in (select activity_id from newest)
    -- repeated so the scan reads only the period's row groups of the date-ordered table
    and a.activity_date between $date_from and $date_to
order by a.activity_date desc, a.activity_id desc
