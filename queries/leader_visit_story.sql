-- One row per activity a leader held at a village on one day, with the issue each raised and how it ended (典型案例, e.g. the sample's 华关 at 安水村). Params: $leader_id, $village_code, $activity_date
select
    a.activity_id,
    l.name as leader_name,
    l.post,
    t.name as township,
    v.name as village,
    a.activity_date,
    a.kind,
    a.participants,
    i.summary,
    i.assigned_unit,
    i.closed_date,
    i.is_resolved,
    i.satisfaction
from activities as a
join leaders as l using (leader_id)
join villages as v on v.village_code = a.village_code
join townships as t on t.township_code = v.township_code
left join issues as i using (activity_id)
where a.leader_id = $leader_id and a.village_code = $village_code and a.activity_date = $activity_date
order by a.activity_id, i.issue_id
