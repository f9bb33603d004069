-- One row per org–village pairing active at the period's end in the chosen townships: the org, its agency and the village it serves. Params: $townships, $date_to, $as_of
with active as (
    select org_id, village_code, township_code, role
    from org_pairs_on(period_end($date_to, $as_of), $townships)
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
