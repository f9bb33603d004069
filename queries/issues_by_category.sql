-- One row per issue category: issues raised in the period, closed, resolved and the closure rate. Params: $townships, $date_from, $date_to, $link
select
    category,
    count(*) as issues_raised,
    count(closed_date) as closed,
    count(*) filter (where is_resolved) as resolved,
    count(closed_date) / count(*) as closure_rate,
    median(date_diff('day', raised_date, closed_date)) as median_days_to_close
from issues
where raised_date between $date_from and $date_to
    and (len($townships) = 0 or township_code = any($townships))
    and ($link = 0 or link = $link)
group by category
order by issues_raised desc, category
