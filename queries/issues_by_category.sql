-- One row per issue category: issues raised in the period, closed and resolved by its end (时段末), and the closure rate; most issues first. Params: $townships, $date_from, $date_to, $link, $as_of
select
    category,
    count(*) as issues_raised,
    count(closed_date) as closed,
    count(*) filter (where is_resolved) as resolved,
    count(closed_date) / count(*) as closure_rate,
    median(date_diff('day', raised_date, closed_date)) as median_days_to_close
from issues_on(period_end($date_to, $as_of))
where raised_date between $date_from and $date_to
    and (array_length($townships) = 0 or list_contains($townships, township_code))
    and ($link = 0 or link = $link)
group by category
order by issues_raised desc, category
