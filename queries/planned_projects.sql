-- One row per project still at 规划 (not started; kept out of 共建项目 and 共建投入), earliest planned start first. Params: $townships
select
    p.project_id,
    t.name as township,
    v.name as village,
    p.name as project_name,
    p.area,
    p.investment_yuan::double as investment_yuan,
    p.start_date,
    p.end_date,
    (select string_agg(o.name, '、' order by o.name)
        from project_orgs as po join orgs as o using (org_id)
        where po.project_id = p.project_id) as orgs
from projects as p
join villages as v using (village_code)
join townships as t on t.township_code = v.township_code
where p.status = '规划'
    and (len($townships) = 0 or v.township_code = any($townships))
order by p.start_date, p.project_id
