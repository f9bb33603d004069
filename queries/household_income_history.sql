-- One row per year of one household's net income, with the gain over the year before. Params: $household_id
select
    i.year,
    i.net_income_yuan::double as net_income_yuan,
    (i.net_income_yuan - lag(i.net_income_yuan) over (order by i.year))::double as gain_yuan,
    h.head_name,
    h.main_industry,
    v.name as village,
    t.name as township
from household_incomes as i
join households as h using (household_id)
join villages as v using (village_code)
join townships as t using (township_code)
where i.household_id = $household_id
order by i.year
