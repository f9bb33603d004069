-- One row per of the three largest co-building projects started in the period, with their orgs. Params: $townships, $date_from, $date_to
select
    p.project_id,
    t.name as township,
    v.name as village,
    p.name as project_name,
    p.area,
    p.investment_yuan::double as investment_yuan,
    p.status,
    (select string_agg(o.name, '、' order by o.name)
        from project_orgs as po join orgs as o using (org_id)
        where po.project_id = p.project_id) as orgs
from projects as p
join villages as v using (village_code)
join townships as t on t.township_code = v.township_code
where p.start_date between $date_from and $date_to
    and (len($townships) = 0 or v.township_code = any($townships))
order by p.investment_yuan desc, p.project_id
limit 3
