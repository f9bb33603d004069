-- One row per month of the period: issues raised that month and how many of them are closed by now. Params: $townships, $date_from, $date_to, $link
select
    date_trunc('month', raised_date) as month,
    count(*) as issues_raised,
    count(closed_date) as closed,
    count(closed_date) / count(*) as closure_rate
from issues
where raised_date between $date_from and $date_to
    and (len($townships) = 0 or township_code = any($townships))
    and ($link = 0 or link = $link)
group by all
order by month
