-- One row per active org–village or member–household pairing with no activity in the 60 days before the period's end. Params: $townships, $date_to, $as_of
with ref as (
    select least($date_to, $as_of) as ref_date
),

org_pairs as (
    select
        '机关联农村' as pairing_kind,
        p.township_code,
        p.village_code,
        o.name as org_name,
        null as member_name,
        null as head_name,
        p.start_date,
        (select max(a.activity_date) from activities as a
            where a.link = 2 and a.org_id = p.org_id and a.village_code = p.village_code
                and a.activity_date <= ref.ref_date) as last_activity_date
    from org_village_pairs as p
    cross join ref
    join orgs as o using (org_id)
    join villages as v using (village_code)
    where p.start_date <= ref.ref_date and (p.end_date is null or p.end_date >= ref.ref_date)
),

member_pairs as (
    select
        '党员联群众' as pairing_kind,
        p.township_code,
        p.village_code,
        null as org_name,
        m.name as member_name,
        h.head_name,
        p.start_date,
        (select max(a.activity_date) from activities as a
            where a.link = 3 and a.member_id = p.member_id and a.household_id = p.household_id
                and a.activity_date <= ref.ref_date) as last_activity_date
    from member_household_pairs as p
    cross join ref
    join members as m using (member_id)
    join households as h using (household_id)
    where p.start_date <= ref.ref_date and (p.end_date is null or p.end_date >= ref.ref_date)
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
    from (select * from org_pairs union all select * from member_pairs) as x
    cross join ref
    join townships as t using (township_code)
    join villages as v using (village_code)
    where (len($townships) = 0 or x.township_code = any($townships))
        and coalesce(x.last_activity_date, x.start_date) < ref.ref_date - interval 60 day
)

select * from final order by days_silent desc, pairing_kind, org_name, member_name, head_name
