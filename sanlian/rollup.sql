-- One row per month of one county's data (up to the as-of month), for the city/province roll-up
-- written by sanlian.province: member–household pair-months and the visited ones, visits, 月度走访
-- 完成率 (complete months only), issues raised and closed by the as-of date, co-building projects
-- started and their investment, and 户增收 of the gain year over by the month's end. Runs after
-- derived.sql, on DuckDB or (inlined, translated) on Spark. Params: none
with as_of as (
    select max(activity_date) as as_of_date from activities
),

spine as (
    select distinct month from pair_months
    union
    select distinct cast(date_trunc('month', day) as date) as month from activity_days
),

pairs as (
    select month, count(*) as pairs, count(*) filter (where visits > 0) as pairs_visited
    from pair_months
    group by month
),

visits as (
    select cast(date_trunc('month', day) as date) as month, cast(sum(activities) as bigint) as visits
    from activity_days
    where link = 3
    group by cast(date_trunc('month', day) as date)
),

raised as (
    select
        cast(date_trunc('month', i.raised_date) as date) as month,
        count(*) as issues_raised,
        count(*) filter (where i.closed_date <= a.as_of_date) as issues_closed
    from issues as i
    cross join as_of as a
    group by cast(date_trunc('month', i.raised_date) as date)
),

started as (
    select
        cast(date_trunc('month', start_date) as date) as month,
        count(*) as projects_started,
        sum(investment_yuan) as investment_yuan
    from projects
    where status <> '规划'
    group by cast(date_trunc('month', start_date) as date)
),

gain_years as (
    select s.month, max(i.year) as year
    from spine as s
    cross join as_of as a
    join household_incomes as i
        on i.year < year(period_end(s.month + interval 1 month - interval 1 day, a.as_of_date) + interval 1 day)
    group by s.month
),

gains as (
    select
        y.month,
        count(*) as gain_households,
        median(g.gain_yuan) as median_gain_yuan,
        count(*) filter (where g.gain_yuan > 0) / count(*) as share_with_gain
    from gain_years as y
    join household_gains as g on g.year = y.year
    where g.paired_in_year and g.gain_yuan is not null
    group by y.month
),

final as (
    select
        s.month,
        coalesce(p.pairs, 0) as pairs,
        coalesce(p.pairs_visited, 0) as pairs_visited,
        case when month_is_over(s.month, a.as_of_date) then p.pairs_visited / nullif(p.pairs, 0) end
            as visit_completion_rate,
        coalesce(v.visits, 0) as visits,
        coalesce(r.issues_raised, 0) as issues_raised,
        coalesce(r.issues_closed, 0) as issues_closed,
        r.issues_closed / nullif(r.issues_raised, 0) as closure_rate,
        coalesce(st.projects_started, 0) as projects_started,
        cast(coalesce(st.investment_yuan, 0) as double) as investment_yuan,
        coalesce(g.gain_households, 0) as gain_households,
        cast(g.median_gain_yuan as double) as median_gain_yuan,
        g.share_with_gain
    from spine as s
    cross join as_of as a
    left join pairs as p on p.month = s.month
    left join visits as v on v.month = s.month
    left join raised as r on r.month = s.month
    left join started as st on st.month = s.month
    left join gains as g on g.month = s.month
    where s.month <= a.as_of_date
)

select * from final order by month
