-- One row per village (村/居委会) with no coordinates: it is drawn on a schematic ring on the map. Params: $townships
select
    t.name as township,
    v.village_code,
    v.name as village,
    v.kind as village_kind
from villages as v
join townships as t using (township_code)
where (v.lon is null or v.lat is null)
    and (array_length($townships) = 0 or list_contains($townships, v.township_code))
order by v.village_code
