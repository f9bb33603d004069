-- One row per paired household whose net income fell in the gain year over by the period's end (时段末), the largest fall first. Params: $townships, $date_to, $as_of
select *
from household_gain_rows(period_end($date_to, $as_of), $townships)
where gain_yuan < 0
order by gain_yuan, household_id
