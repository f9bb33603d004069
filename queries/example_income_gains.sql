-- One row per paired household among the two with the largest income gain in the gain year up to the period's end (典型案例). Params: $townships, $date_to
select *
from household_gain_rows($date_to, $townships)
order by gain_yuan desc, household_id
limit 2
