-- One row per township, in code order: its code, name and seat. Params: none
select township_code, name, kind, lon, lat
from townships
order by township_code
