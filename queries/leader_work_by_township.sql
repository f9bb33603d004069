-- One row per chosen township: leaders stationed at the period's end and their lectures, forums and visits in the period. Params: $townships, $date_from, $date_to, $as_of
with stationed as (
    select township_code, count(distinct leader_id) as leaders_stationed
    from leader_posts_on(least($date_to, $as_of), [])
    group by township_code
),

work as (
    select
        township_code,
        count(*) filter (where kind in ('讲党课', '宣讲')) as lectures,
        count(*) filter (where kind = '座谈会') as forums,
        count(*) filter (where kind in ('走访', '调研')) as leader_visits
    from activities
    where link = 1 and activity_date between $date_from and $date_to
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
where (len($townships) = 0 or t.township_code = any($townships))
order by t.township_code
