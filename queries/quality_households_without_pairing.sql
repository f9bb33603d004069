-- One row per household with no active member pairing (no 机关党员 is looking after it). Params: $townships
select
    t.name as township,
    v.name as village,
    h.household_id,
    h.head_name,
    h.main_industry
from households as h
join villages as v using (village_code)
join townships as t on t.township_code = v.township_code
where not exists (
        select 1 from member_households as mh
        where mh.household_id = h.household_id and mh.end_date is null
    )
    and (array_length($townships) = 0 or list_contains($townships, v.township_code))
order by v.village_code, h.household_id
