-- One row per leader stationed in a chosen township at the period's end: lectures, forums and visits there in the period. Params: $townships, $date_from, $date_to, $as_of
with work as (
    select * from leader_work($date_from, $date_to)
),

final as (
    select
        lt.township_code,
        t.name as township,
        l.name as leader_name,
        l.body,
        l.post,
        lt.start_date,
        coalesce(w.lectures, 0) as lectures,
        coalesce(w.forums, 0) as forums,
        coalesce(w.leader_visits, 0) as leader_visits,
        coalesce(w.activities, 0) as activities
    from leader_posts_on(period_end($date_to, $as_of), $townships) as lt
    join leaders as l using (leader_id)
    join townships as t using (township_code)
    left join work as w using (leader_id, township_code)
)

select * from final order by township_code, body, leader_name
