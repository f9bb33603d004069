-- One row per paired household among the two with the largest income gain in the gain year over by the period's end (时段末) (典型案例). Params: $townships, $date_to, $as_of
select *
from household_gain_rows(period_end($date_to, $as_of), $townships)
order by gain_yuan desc, household_id
limit 2
