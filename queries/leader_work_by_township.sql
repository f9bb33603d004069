-- One row per chosen township: leaders stationed at the period's end and their lectures, forums and visits in the period. Params: $townships, $date_from, $date_to, $as_of
with stationed as (
    select township_code, count(distinct leader_id) as leaders_stationed
    from leader_posts_on(period_end($date_to, $as_of), [])
    group by township_code
),

work as (
    select
        township_code,
        sum(lectures)::bigint as lectures,
        sum(forums)::bigint as forums,
        sum(leader_visits)::bigint as leader_visits
    from leader_work($date_from, $date_to)
    group by township_code
)

select
    t.name as township,
    coalesce(s.leaders_stationed, 0) as leaders_stationed,
    coalesce(w.lectures, 0) as lectures,
    coalesce(w.forums, 0) as forums,
    coalesce(w.leader_visits, 0) as leader_visits
from townships as t
left join stationed as s using (township_code)
left join work as w using (township_code)
where (array_length($townships) = 0 or list_contains($townships, t.township_code))
order by t.township_code
