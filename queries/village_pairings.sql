-- One row per 村委会 in the chosen townships: its active orgs at the period's end (1+1 or 1+N) and their activities in the period. Params: $townships, $date_from, $date_to, $as_of
with active as (
    select p.village_code, p.org_id, p.role, o.name as org_name
    from org_pairs_on(period_end($date_to, $as_of), $townships) as p
    join orgs as o using (org_id)
),

work as (
    select village_code, count(*) as activities, max(activity_date) as last_activity_date
    from activities
    where link = 2 and activity_date between $date_from and $date_to
    group by village_code
),

final as (
    select
        t.name as township,
        v.name as village,
        v.village_code,
        count(a.org_id) as org_count,
        case count(a.org_id) when 0 then '未结对' when 1 then '1+1' else '1+N' end as pairing_form,
        string_agg(a.org_name, '、' order by a.role desc, a.org_name) as orgs,
        coalesce(any_value(w.activities), 0) as activities,
        any_value(w.last_activity_date) as last_activity_date
    from villages as v
    join townships as t using (township_code)
    left join active as a using (village_code)
    left join work as w using (village_code)
    where v.kind = '村委会'
        and (array_length($townships) = 0 or list_contains($townships, v.township_code))
    group by t.name, v.name, v.village_code
)

select * from final order by village_code
