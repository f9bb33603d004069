-- One row per paired household with incomes for the latest year over by the period's end (时段末) and the year before: its gain. Params: $townships, $date_to, $as_of
select *
from household_gain_rows(period_end($date_to, $as_of), $townships)
order by gain_yuan desc, household_id
