-- One row per active org–village or member–household pairing with no activity between the pair ever (机关联农村: no link-2 work; 党员联群众: no visit since pairing, up to the as-of date); each party in its own column (names of people are masked by column). Params: $townships, $as_of
with org_pairs as (
    select
        '机关联农村' as pairing_kind,
        p.township_code,
        o.name as org_name,
        v.name as village,
        null::varchar as member_name,
        null::varchar as head_name,
        p.start_date
    from org_village_pairs as p
    join orgs as o using (org_id)
    join villages as v using (village_code)
    where p.end_date is null
        and (array_length($townships) = 0 or list_contains($townships, p.township_code))
        and not exists (
            select 1 from activities as a
            where a.link = 2 and a.org_id = p.org_id and a.village_code = p.village_code
        )
),

-- Never visited up to the as-of date: no month of the pair's history has a visit.
never_visited as (
    select p.member_id, p.household_id
    from member_pairs_on($as_of, $townships) as p
    where not exists (
        select 1 from pair_months as pm
        where pm.member_id = p.member_id and pm.household_id = p.household_id
            and pm.visits > 0 and pm.first_visit_date <= $as_of
    )
),

member_pairs as (
    select
        '党员联群众' as pairing_kind,
        p.township_code,
        null::varchar as org_name,
        null::varchar as village,
        m.name as member_name,
        h.head_name,
        p.start_date
    from member_household_pairs as p
    join members as m using (member_id)
    join households as h using (household_id)
    where p.end_date is null
        and (array_length($townships) = 0 or list_contains($townships, p.township_code))
        and exists (
            select 1 from never_visited as n
            where n.member_id = p.member_id and n.household_id = p.household_id
        )
),

final as (
    select * from org_pairs
    union all
    select * from member_pairs
)

select f.pairing_kind, t.name as township, f.org_name, f.village, f.member_name, f.head_name, f.start_date
from final as f
join townships as t using (township_code)
order by f.pairing_kind, f.township_code, f.start_date, f.org_name, f.village, f.member_name, f.head_name
