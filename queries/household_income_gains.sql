-- One row per paired household with incomes for the latest year up to the period's end and the year before: its gain. Params: $townships, $date_to
select *
from household_gain_rows($date_to, $townships)
order by gain_yuan desc, household_id
