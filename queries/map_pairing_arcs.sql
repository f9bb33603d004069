-- One row per org–village pairing active at the period's end in the chosen townships: the org, its agency and the village it serves. Params: $townships, $date_to, $as_of
with ref as (
    select least($date_to, $as_of) as ref_date
),

active as (
    select p.org_id, p.village_code, p.township_code, p.role
    from org_village_pairs as p, ref
    where p.start_date <= ref.ref_date and (p.end_date is null or p.end_date >= ref.ref_date)
        and (len($townships) = 0 or p.township_code = any($townships))
),

final as (
    select
        a.org_id,
        o.name as org_name,
        o.agency,
        a.role,
        a.village_code,
        v.name as village,
        a.township_code,
        t.name as township,
        count(*) over (partition by a.village_code) as org_count
    from active as a
    join orgs as o using (org_id)
    join villages as v using (village_code)
    join townships as t on t.township_code = a.township_code
)

select * from final order by village_code, role desc, org_id
