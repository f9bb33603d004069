-- One row per co-building project of the village, whatever its status or start (newest start first). Params: $townships, $village_code
with final as (
    select p.name as project_name, p.area, p.status, p.start_date, p.end_date,
        p.investment_yuan::double as investment_yuan
    from projects as p
    join villages as v using (village_code)
    where p.village_code = $village_code
        and (array_length($townships) = 0 or list_contains($townships, v.township_code))
)

select * from final order by start_date desc, project_name
