-- One row per main industry of paired households: median gain, quartiles and share with a gain. Params: $townships, $date_to
with gain_year as (
    select max(year) as year from household_incomes where year < year($date_to + interval 1 day)
),

gains as (
    select distinct h.household_id, h.main_industry, cur.net_income_yuan - prev.net_income_yuan as gain_yuan
    from member_household_pairs as p
    cross join gain_year as g
    join households as h on h.household_id = p.household_id
    join household_incomes as cur on cur.household_id = p.household_id and cur.year = g.year
    join household_incomes as prev on prev.household_id = p.household_id and prev.year = g.year - 1
    where p.start_date <= make_date(g.year, 12, 31)
        and (len($townships) = 0 or p.township_code = any($townships))
)

select
    coalesce(main_industry, '未填写') as main_industry,
    count(*) as households,
    median(gain_yuan)::double as median_gain_yuan,
    quantile_cont(gain_yuan, 0.25)::double as q1_gain_yuan,
    quantile_cont(gain_yuan, 0.75)::double as q3_gain_yuan,
    count(*) filter (where gain_yuan > 0) / count(*) as share_with_gain
from gains
group by all
order by median_gain_yuan desc
