-- One row per month of the period: member visits, active pair-months and the monthly visit completion rate (null for a month not yet over at the period's end). Params: $townships, $date_from, $date_to, $as_of
with months as (
    select
        month,
        count(*) as pair_months,
        count(*) filter (where visits > 0) as pair_months_visited,
        month_is_over(month, period_end($date_to, $as_of)) as month_complete
    from pair_months
    where month between date_trunc('month', $date_from) and $date_to
        and (array_length($townships) = 0 or list_contains($townships, township_code))
    group by month
),

visits as (
    select date_trunc('month', day) as month, sum(activities)::bigint as visits
    from activity_days
    where link = 3
        and day between $date_from and $date_to
        and (array_length($townships) = 0 or list_contains($townships, township_code))
    group by date_trunc('month', day)
),

-- A month still running at the period's end has no completion rate: it is not a whole month yet.
final as (
    select
        m.month,
        coalesce(v.visits, 0) as visits,
        m.pair_months,
        m.pair_months_visited,
        m.month_complete,
        case when m.month_complete then m.pair_months_visited / nullif(m.pair_months, 0) end
            as visit_completion_rate
    from months as m
    left join visits as v using (month)
)

select * from final order by month
