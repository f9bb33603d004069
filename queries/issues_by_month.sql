-- One row per month of the period: issues raised that month and how many of them were closed by the period's end (时段末). Params: $townships, $date_from, $date_to, $link, $as_of
select
    date_trunc('month', raised_date) as month,
    count(*) as issues_raised,
    count(closed_date) as closed,
    count(closed_date) / count(*) as closure_rate
from issues_on(period_end($date_to, $as_of))
where raised_date between $date_from and $date_to
    and (array_length($townships) = 0 or list_contains($townships, township_code))
    and ($link = 0 or link = $link)
group by date_trunc('month', raised_date)
order by month
