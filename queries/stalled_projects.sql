-- One row per project stalled at the period's end (时段末): started, not 完工 and past its planned end date, wherever its start falls; longest overdue first. Params: $townships, $date_to, $as_of
select
    project_id, township, village, project_name, area, investment_yuan, start_date, end_date, status,
    date_diff('day', end_date, period_end($date_to, $as_of)) as days_past_end,
    orgs
from project_rows
where project_stalled_on(status, start_date, end_date, period_end($date_to, $as_of))
    and (array_length($townships) = 0 or list_contains($townships, township_code))
order by days_past_end desc, project_id
