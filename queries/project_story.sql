-- One row: one co-building project with its village and orgs, lead org first (典型案例, e.g. the sample's 总村文化广场). Params: $project_id
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
    (select string_agg(o.name, '、' order by po.org_id)
        from project_orgs as po join orgs as o using (org_id)
        where po.project_id = p.project_id) as orgs
from projects as p
join villages as v using (village_code)
join townships as t on t.township_code = v.township_code
where p.project_id = $project_id
