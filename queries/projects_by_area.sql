-- One row per co-building area: projects started (past 规划) in the period up to its end (时段末) and their investment, most invested first. Params: $townships, $date_from, $date_to, $as_of
select
    p.area,
    count(*) as projects,
    sum(p.investment_yuan)::double as investment_yuan,
    sum(p.investment_yuan)::double / 10000 as investment_wan,
    count(*) filter (where project_done_on(p.status, p.end_date, period_end($date_to, $as_of))) as completed
from projects as p
join villages as v using (village_code)
where project_started_in(p.status, p.start_date, $date_from, period_end($date_to, $as_of))
    and (array_length($townships) = 0 or list_contains($townships, v.township_code))
group by p.area
order by investment_yuan desc, p.area
