-- One row per project stalled at the period's end (时段末): started, not 完工 and past its planned end date, wherever its start falls; longest overdue first. Params: $townships, $date_to, $as_of
select
    p.project_id,
    t.name as township,
    v.name as village,
    p.name as project_name,
    p.area,
    p.investment_yuan::double as investment_yuan,
    p.start_date,
    p.end_date,
    p.status,
    date_diff('day', p.end_date, period_end($date_to, $as_of)) as days_past_end,
    (select string_agg(o.name, '、' order by o.name)
        from project_orgs as po join orgs as o using (org_id)
        where po.project_id = p.project_id) as orgs
from projects as p
join villages as v using (village_code)
join townships as t on t.township_code = v.township_code
where project_stalled_on(p.status, p.start_date, p.end_date, period_end($date_to, $as_of))
    and (len($townships) = 0 or v.township_code = any($townships))
order by days_past_end desc, p.project_id
