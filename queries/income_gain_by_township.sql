-- One row per chosen township: the distribution of paired households' income gain (median, quartiles, share with a gain). Params: $townships, $date_to
with gain_year as (
    select max(year) as year from household_incomes where year < year($date_to + interval 1 day)
),

gains as (
    select p.township_code, p.household_id, any_value(cur.net_income_yuan - prev.net_income_yuan) as gain_yuan
    from member_household_pairs as p
    cross join gain_year as g
    join household_incomes as cur on cur.household_id = p.household_id and cur.year = g.year
    join household_incomes as prev on prev.household_id = p.household_id and prev.year = g.year - 1
    where p.start_date <= make_date(g.year, 12, 31)
        and (len($townships) = 0 or p.township_code = any($townships))
    group by all
)

select
    t.name as township,
    count(*) as households,
    median(gain_yuan)::double as median_gain_yuan,
    quantile_cont(gain_yuan, 0.25)::double as q1_gain_yuan,
    quantile_cont(gain_yuan, 0.75)::double as q3_gain_yuan,
    quantile_cont(gain_yuan, 0.05)::double as p5_gain_yuan,
    quantile_cont(gain_yuan, 0.95)::double as p95_gain_yuan,
    count(*) filter (where gain_yuan > 0) / count(*) as share_with_gain
from gains
join townships as t using (township_code)
group by t.township_code, t.name
order by t.township_code
