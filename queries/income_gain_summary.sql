-- One row: year-on-year net income gain of paired households for the latest year over by the period's end (时段末). Params: $townships, $date_to, $as_of
select
    gain_year(period_end($date_to, $as_of)) as year,
    count(gain_yuan) as households,
    count(*) - count(gain_yuan) as households_without_baseline,
    median(gain_yuan)::double as median_gain_yuan,
    quantile_cont(gain_yuan, 0.25)::double as q1_gain_yuan,
    quantile_cont(gain_yuan, 0.75)::double as q3_gain_yuan,
    count(*) filter (where gain_yuan > 0) / nullif(count(gain_yuan), 0) as share_with_gain
from paired_gains(period_end($date_to, $as_of), $townships)
