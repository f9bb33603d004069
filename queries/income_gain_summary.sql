-- One row: year-on-year net income gain of paired households for the latest year up to the period's end. Params: $townships, $date_to
with gain_year as (
    select max(year) as year
    from household_incomes
    where year < year($date_to + interval 1 day)
),

paired_households as (
    select distinct p.household_id
    from member_household_pairs as p, gain_year as g
    where p.start_date <= make_date(g.year, 12, 31)
        and (len($townships) = 0 or p.township_code = any($townships))
),

gains as (
    select
        cur.household_id,
        cur.net_income_yuan - prev.net_income_yuan as gain_yuan
    from paired_households as h
    join household_incomes as cur using (household_id)
    join gain_year as g on cur.year = g.year
    left join household_incomes as prev
        on prev.household_id = cur.household_id and prev.year = g.year - 1
),

final as (
    select
        (select year from gain_year) as year,
        count(gain_yuan) as households,
        count(*) - count(gain_yuan) as households_without_baseline,
        median(gain_yuan)::double as median_gain_yuan,
        quantile_cont(gain_yuan, 0.25)::double as q1_gain_yuan,
        quantile_cont(gain_yuan, 0.75)::double as q3_gain_yuan,
        count(*) filter (where gain_yuan > 0) / nullif(count(gain_yuan), 0) as share_with_gain
    from gains
)

select * from final
