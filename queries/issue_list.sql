-- One row per issue raised in the period, newest first, with its handling. Params: $townships, $date_from, $date_to, $link
select
    i.issue_id,
    i.raised_date,
    i.link,
    t.name as township,
    v.name as village,
    i.category,
    i.summary,
    i.scale,
    i.assigned_unit,
    i.due_date,
    i.closed_date,
    i.is_resolved,
    i.satisfaction,
    i.reopened
from issues as i
join townships as t using (township_code)
left join villages as v using (village_code)
where i.raised_date between $date_from and $date_to
    and (array_length($townships) = 0 or list_contains($townships, i.township_code))
    and ($link = 0 or i.link = $link)
order by i.raised_date desc, i.issue_id desc
