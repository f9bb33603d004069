-- One row per paired household of the village with incomes for the gain year and the year before (the year 户增收 compares at the period's end), largest gain first. Params: $townships, $village_code, $date_to, $as_of
with final as (
    select
        h.head_name,
        g.main_industry,
        g.year,
        g.previous_income_yuan::double as previous_income_yuan,
        g.net_income_yuan::double as net_income_yuan,
        g.gain_yuan::double as gain_yuan
    from paired_gains(period_end($date_to, $as_of), $townships) as g
    join households as h using (household_id)
    where g.village_code = $village_code and g.gain_yuan is not null
)

select * from final order by gain_yuan desc, head_name
