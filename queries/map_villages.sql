-- One row per village (村委会, 居委会, 林场生活区) in the chosen townships: its known position (null where unknown), its active orgs, its activities in the period, its silent org pairings and its open problems at the period's end. Params: $townships, $date_from, $date_to, $link, $as_of, $silent_days
with pairings as (
    select village_code, count(*) as org_count
    from org_pairs_on(period_end($date_to, $as_of), $townships)
    group by village_code
),

-- 沉默结对: the one definition the lists use (silent_pairs_on in derived.sql), org pairs only.
silent as (
    select village_code, count(*) as silent_pairings
    from silent_pairs_on(period_end($date_to, $as_of), $silent_days, $townships)
    where pairing_kind = '机关联农村'
    group by village_code
),

work as (
    select village_code, sum(activities)::bigint as activities
    from activity_days
    where day between $date_from and $date_to and ($link = 0 or link = $link)
    group by village_code
),

-- 逾期未办结: open at the period's end and past its due date (issues_on in derived.sql).
overdue as (
    select i.village_code, count(*) as overdue_open
    from issues_on(period_end($date_to, $as_of)) as i
    where ($link = 0 or i.link = $link) and i.is_overdue_open
    group by i.village_code
),

final as (
    select
        v.village_code,
        v.township_code,
        t.name as township,
        v.name as village,
        v.kind as village_kind,
        v.lon,
        v.lat,
        coalesce(p.org_count, 0) as org_count,
        coalesce(s.silent_pairings, 0) as silent_pairings,
        coalesce(w.activities, 0) as activities,
        coalesce(o.overdue_open, 0) as overdue_open
    from villages as v
    join townships as t using (township_code)
    left join pairings as p using (village_code)
    left join silent as s using (village_code)
    left join work as w using (village_code)
    left join overdue as o using (village_code)
    where (array_length($townships) = 0 or list_contains($townships, v.township_code))
)

select * from final order by village_code
