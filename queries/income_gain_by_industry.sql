-- One row per main industry of paired households: median gain, quartiles and share with a gain. Params: $townships, $date_to, $as_of
select
    coalesce(main_industry, '未填写') as main_industry,
    count(*) as households,
    median(gain_yuan)::double as median_gain_yuan,
    quantile_cont(gain_yuan, 0.25)::double as q1_gain_yuan,
    quantile_cont(gain_yuan, 0.75)::double as q3_gain_yuan,
    count(*) filter (where gain_yuan > 0) / count(*) as share_with_gain
from paired_gains(period_end($date_to, $as_of), $townships)
where gain_yuan is not null
group by coalesce(main_industry, '未填写')
order by median_gain_yuan desc, main_industry
