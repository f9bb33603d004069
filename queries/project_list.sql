-- One row per project started (past 规划) in the period up to its end (时段末), newest first, with its orgs and whether it is stalled at 时段末. Params: $townships, $date_from, $date_to, $as_of
select
    project_id, township, village, project_name, area, investment_yuan, start_date, end_date, status,
    project_stalled_on(status, start_date, end_date, period_end($date_to, $as_of)) as is_stalled,
    orgs
from project_rows
where project_started_in(status, start_date, $date_from, period_end($date_to, $as_of))
    and (array_length($townships) = 0 or list_contains($townships, township_code))
order by start_date desc, project_id
