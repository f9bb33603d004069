-- One row per chosen township: the distribution of paired households' income gain (median, quartiles, share with a gain). Params: $townships, $date_to, $as_of
select
    t.name as township,
    count(*) as households,
    median(g.gain_yuan)::double as median_gain_yuan,
    quantile_cont(g.gain_yuan, 0.25)::double as q1_gain_yuan,
    quantile_cont(g.gain_yuan, 0.75)::double as q3_gain_yuan,
    quantile_cont(g.gain_yuan, 0.05)::double as p5_gain_yuan,
    quantile_cont(g.gain_yuan, 0.95)::double as p95_gain_yuan,
    count(*) filter (where g.gain_yuan > 0) / count(*) as share_with_gain
from paired_gains(period_end($date_to, $as_of), $townships) as g
join townships as t using (township_code)
where g.gain_yuan is not null
group by t.township_code, t.name
order by t.township_code
