-- One row per project still at 规划 (not started; kept out of 共建项目 and 共建投入), earliest planned start first. Params: $townships
select
    project_id, township, village, project_name, area, investment_yuan, start_date, end_date, orgs
from project_rows
where status = '规划'
    and (array_length($townships) = 0 or list_contains($townships, township_code))
order by start_date, project_id
