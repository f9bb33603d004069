-- One row: projects started in the period, their investment, how many are done and how many stalled. Params: $townships, $date_from, $date_to, $as_of
select
    count(*) as projects,
    coalesce(sum(p.investment_yuan), 0)::double as investment_yuan,
    count(*) filter (where p.status = '完工') as completed,
    count(*) filter (where p.status <> '完工' and p.end_date < least($date_to, $as_of)) as stalled
from projects as p
join villages as v using (village_code)
where p.start_date between $date_from and $date_to
    and (len($townships) = 0 or v.township_code = any($townships))
