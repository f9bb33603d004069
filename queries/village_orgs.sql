-- One row per agency party organisation paired with the village at the period's end (lead first). Params: $townships, $village_code, $date_to, $as_of
with final as (
    select o.name as org_name, o.agency, p.role, p.start_date
    from org_pairs_on(period_end($date_to, $as_of), $townships) as p
    join orgs as o using (org_id)
    where p.village_code = $village_code
)

select * from final order by role desc, org_name
