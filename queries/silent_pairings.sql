-- One row per active org–village or member–household pairing with no activity in the 60 days before the period's end. Params: $townships, $date_to, $as_of
with ref as (
    select least($date_to, $as_of) as ref_date
),

-- Silent = paired for over 60 days and nothing recorded in the 60 days up to the reference date.
-- The window is a constant date range, so only those row groups of the date-ordered table are read.
recent_org_work as (
    select org_id, village_code
    from activities
    where link = 2 and activity_date between least($date_to, $as_of) - 60 and least($date_to, $as_of)
),

silent_org_pairs as (
    select p.org_id, p.village_code, p.township_code, p.start_date
    from org_village_pairs as p, ref
    where p.start_date < ref.ref_date - 60 and (p.end_date is null or p.end_date >= ref.ref_date)
        and (len($townships) = 0 or p.township_code = any($townships))
        and not exists (select 1 from recent_org_work as r
            where r.org_id = p.org_id and r.village_code = p.village_code)
),

silent_member_pairs as (
    select member_id, household_id, village_code, township_code, start_date, last_visit_date
    from pairs_on(least($date_to, $as_of), 60, $townships)
    where not visited_recently and start_date < least($date_to, $as_of) - 60
),

org_last as (
    select a.org_id, a.village_code, max(a.activity_date) as last_activity_date
    from activities as a
    semi join silent_org_pairs as s using (org_id, village_code)
    where a.link = 2 and a.activity_date <= least($date_to, $as_of)
    group by all
),

pairs as (
    select '机关联农村' as pairing_kind, s.township_code, s.village_code, o.name as org_name,
        null as member_name, null as head_name, s.start_date, l.last_activity_date
    from silent_org_pairs as s
    join orgs as o using (org_id)
    left join org_last as l using (org_id, village_code)
    union all
    select '党员联群众', s.township_code, s.village_code, null, m.name, h.head_name, s.start_date,
        s.last_visit_date
    from silent_member_pairs as s
    join members as m using (member_id)
    join households as h using (household_id)
),

final as (
    select
        x.pairing_kind,
        t.name as township,
        v.name as village,
        x.org_name,
        x.member_name,
        x.head_name,
        x.last_activity_date,
        date_diff('day', coalesce(x.last_activity_date, x.start_date), ref.ref_date) as days_silent
    from pairs as x
    cross join ref
    join townships as t using (township_code)
    join villages as v using (village_code)
)

select * from final order by days_silent desc, pairing_kind, org_name, member_name, head_name
