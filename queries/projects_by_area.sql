-- One row per co-building area: projects started in the period and their investment. Params: $townships, $date_from, $date_to
select
    p.area,
    count(*) as projects,
    sum(p.investment_yuan)::double as investment_yuan,
    sum(p.investment_yuan)::double / 10000 as investment_wan,
    count(*) filter (where p.status = '完工') as completed
from projects as p
join villages as v using (village_code)
where p.start_date between $date_from and $date_to
    and (len($townships) = 0 or v.township_code = any($townships))
group by p.area
order by investment_yuan desc
