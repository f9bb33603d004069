-- One row per org–village or member–household pairing in force at the period's end (时段末) with no activity in the $silent_days days before it (沉默结对, silent_pairs_on in derived.sql), longest silent first. Params: $townships, $date_to, $as_of, $silent_days
with final as (
    select
        s.pairing_kind,
        t.name as township,
        v.name as village,
        o.name as org_name,
        m.name as member_name,
        h.head_name,
        s.last_activity_date,
        date_diff('day', s.silent_since, period_end($date_to, $as_of)) as days_silent
    from silent_pairs_on(period_end($date_to, $as_of), $silent_days, $townships) as s
    join townships as t using (township_code)
    join villages as v using (village_code)
    left join orgs as o using (org_id)
    left join members as m using (member_id)
    left join households as h using (household_id)
)

select * from final order by days_silent desc, pairing_kind, org_name, member_name, head_name
