-- One row: member visits to households in the period and the pairs overdue at its end. Params: $townships, $date_from, $date_to, $as_of
with ref as (
    select least($date_to, $as_of) as ref_date
),

visits as (
    select
        count(*) as visits,
        count(*) filter (where has_photo::int + has_location::int + household_confirmed::int >= 2)
            as evidenced_visits
    from activities
    where link = 3
        and activity_date between $date_from and $date_to
        and (len($townships) = 0 or township_code = any($townships))
),

months as (
    select count(*) as pair_months, count(*) filter (where visits > 0) as pair_months_visited
    from pair_months
    where month between date_trunc('month', $date_from) and $date_to
        and (len($townships) = 0 or township_code = any($townships))
),

active_pairs as (
    select p.member_id, p.household_id
    from member_household_pairs as p, ref
    where p.start_date <= ref.ref_date and (p.end_date is null or p.end_date >= ref.ref_date)
        and (len($townships) = 0 or p.township_code = any($townships))
),

-- Overdue = no visit in the 31 days up to the reference date; looking only at that window (not
-- every visit ever) keeps this fast at province scale: activities are stored in date order.
recent_visits as (
    select distinct a.member_id, a.household_id
    from activities as a
    where a.link = 3
        -- a constant range (not a join with ref) so the scan skips row groups outside it
        and a.activity_date between least($date_to, $as_of) - 31 and least($date_to, $as_of)
),

overdue as (
    select count(*) as overdue_pairs
    from active_pairs as p
    anti join recent_visits as r using (member_id, household_id)
),

final as (
    select
        visits.visits,
        visits.evidenced_visits,
        visits.evidenced_visits / nullif(visits.visits, 0) as evidence_rate,
        months.pair_months,
        months.pair_months_visited,
        months.pair_months_visited / nullif(months.pair_months, 0) as visit_completion_rate,
        overdue.overdue_pairs,
        (select count(*) from active_pairs) as active_pairs
    from visits, months, overdue
)

select * from final
