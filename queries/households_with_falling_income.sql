-- One row per paired household whose net income fell in the gain year up to the period's end, the largest fall first. Params: $townships, $date_to
select *
from household_gain_rows($date_to, $townships)
where gain_yuan < 0
order by gain_yuan, household_id
