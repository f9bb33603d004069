-- One row: member visits to households in the period and the pairs overdue at its end. Params: $townships, $date_from, $date_to, $as_of, $overdue_days
with visits as (
    select
        coalesce(sum(activities), 0)::bigint as visits,
        coalesce(sum(evidenced_visits), 0)::bigint as evidenced_visits
    from activity_days
    where link = 3
        and day between $date_from and $date_to
        and (array_length($townships) = 0 or list_contains($townships, township_code))
),

months as (
    select count(*) as pair_months, count(*) filter (where visits > 0) as pair_months_visited
    from complete_pair_months($date_from, $date_to, $as_of, $townships)
),

-- Overdue (超期未走访) = in force at 时段末 and no visit in the $overdue_days days up to it.
pairs as (
    select count(*) as active_pairs, count(*) filter (where not visited_recently) as overdue_pairs
    from pairs_on(period_end($date_to, $as_of), $overdue_days, $townships)
),

final as (
    select
        visits.visits,
        visits.evidenced_visits,
        visits.evidenced_visits / nullif(visits.visits, 0) as evidence_rate,
        months.pair_months,
        months.pair_months_visited,
        months.pair_months_visited / nullif(months.pair_months, 0) as visit_completion_rate,
        pairs.overdue_pairs,
        pairs.active_pairs
    from visits, months, pairs
)

select * from final
