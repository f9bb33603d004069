-- One row per of the three most recent major issues raised in the period and solved by its end (时段末), with who raised them. Params: $townships, $date_from, $date_to, $link, $as_of
select
    i.issue_id,
    t.name as township,
    v.name as village,
    i.raised_date,
    i.closed_date,
    i.category,
    i.summary,
    i.assigned_unit,
    i.satisfaction,
    i.link,
    l.name as leader_name,
    a.kind
from issues_on(period_end($date_to, $as_of)) as i
join townships as t using (township_code)
left join villages as v using (village_code)
left join activities as a using (activity_id)
left join leaders as l on l.leader_id = a.leader_id
where i.raised_date between $date_from and $date_to
    and i.is_resolved and i.scale in ('重大', '一般')
    and (array_length($townships) = 0 or list_contains($townships, i.township_code))
    and ($link = 0 or i.link = $link)
order by i.scale = '重大' desc, i.satisfaction desc nulls last, i.raised_date desc, i.issue_id
limit 3
