-- One row per village (村委会, 居委会, 林场生活区) of the chosen townships: the league-table numbers for the period (rates as 0–1), as township_scorecard has them per township. Params: $townships, $date_from, $date_to, $link, $as_of, $overdue_days
with chosen as (
    select v.village_code, v.township_code, t.name as township, v.name as village, v.kind as village_kind
    from villages as v
    join townships as t using (township_code)
    where (array_length($townships) = 0 or list_contains($townships, v.township_code))
),

orgs as (
    select village_code, count(distinct org_id) as org_count
    from org_pairs_on(period_end($date_to, $as_of), $townships)
    group by village_code
),

pairs as (
    select village_code, count(*) as member_household_pairs,
        count(*) filter (where not visited_recently) as overdue_pairs
    from pairs_on(period_end($date_to, $as_of), $overdue_days, $townships)
    group by village_code
),

visits as (
    select village_code, sum(activities)::bigint as visits
    from activity_days
    where link = 3 and day between $date_from and $date_to
        and (array_length($townships) = 0 or list_contains($townships, township_code))
    group by village_code
),

months as (
    select village_code, count(*) as pair_months, count(*) filter (where visits > 0) as pair_months_visited
    from complete_pair_months($date_from, $date_to, $as_of, $townships)
    group by village_code
),

issue_numbers as (
    select
        village_code,
        count(*) filter (where raised_date between $date_from and $date_to) as issues_raised,
        count(closed_date) filter (where raised_date between $date_from and $date_to) as closed,
        count(satisfaction) filter (where raised_date between $date_from and $date_to) as rated,
        count(*) filter (where raised_date between $date_from and $date_to and satisfaction >= 4) as satisfied,
        count(*) filter (where is_overdue_open) as overdue_open
    from issues_on(period_end($date_to, $as_of))
    where ($link = 0 or link = $link)
    group by village_code
),

investment as (
    select village_code, count(*) as projects, sum(investment_yuan)::double as investment_yuan
    from projects
    where project_started_in(status, start_date, $date_from, period_end($date_to, $as_of))
    group by village_code
),

gains as (
    select village_code, median(gain_yuan)::double as median_gain_yuan
    from paired_gains(period_end($date_to, $as_of), $townships)
    group by village_code
),

final as (
    select
        c.village_code,
        c.township_code,
        c.township,
        c.village,
        c.village_kind,
        coalesce(o.org_count, 0) as org_count,
        coalesce(p.member_household_pairs, 0) as member_household_pairs,
        coalesce(vi.visits, 0) as visits,
        m.pair_months_visited / nullif(m.pair_months, 0) as visit_completion_rate,
        coalesce(p.overdue_pairs, 0) as overdue_pairs,
        coalesce(i.issues_raised, 0) as issues_raised,
        i.closed / nullif(i.issues_raised, 0) as closure_rate,
        i.satisfied / nullif(i.rated, 0) as satisfaction_rate,
        coalesce(i.overdue_open, 0) as overdue_open,
        coalesce(inv.projects, 0) as projects,
        coalesce(inv.investment_yuan, 0) as investment_yuan,
        g.median_gain_yuan
    from chosen as c
    left join orgs as o using (village_code)
    left join pairs as p using (village_code)
    left join visits as vi using (village_code)
    left join months as m using (village_code)
    left join issue_numbers as i using (village_code)
    left join investment as inv using (village_code)
    left join gains as g using (village_code)
)

select * from final order by village_code
