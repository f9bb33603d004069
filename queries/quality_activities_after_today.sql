-- One row per activity dated after $today: it would push 数据截至 into the future. Params: $today, $townships
select
    a.activity_id,
    a.activity_date,
    a.link,
    a.kind,
    t.name as township
from activities as a
join townships as t using (township_code)
where a.activity_date > $today
    and (array_length($townships) = 0 or list_contains($townships, a.township_code))
order by a.activity_date desc, a.activity_id
