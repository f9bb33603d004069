-- One row per project started (past 规划) in the period up to its end (时段末), newest first, with its orgs and whether it is stalled at 时段末. Params: $townships, $date_from, $date_to, $as_of
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
    project_stalled_on(p.status, p.start_date, p.end_date, period_end($date_to, $as_of)) as is_stalled,
    (select string_agg(o.name, '、' order by o.name)
        from project_orgs as po join orgs as o using (org_id)
        where po.project_id = p.project_id) as orgs
from projects as p
join villages as v using (village_code)
join townships as t on t.township_code = v.township_code
where project_started_in(p.status, p.start_date, $date_from, period_end($date_to, $as_of))
    and (len($townships) = 0 or v.township_code = any($townships))
order by p.start_date desc, p.project_id
