-- One row per chosen township: the league-table numbers for the period (rates as 0–1). Params: $townships, $date_from, $date_to, $link, $as_of, $overdue_days
with chosen as (
    select township_code, name as township
    from townships
    where (array_length($townships) = 0 or list_contains($townships, township_code))
),

coverage as (
    select
        v.township_code,
        count(distinct v.village_code) as villages_total,
        count(distinct p.village_code) as villages_covered,
        count(distinct p.org_id) as orgs_paired
    from villages as v
    left join org_pairs_on(period_end($date_to, $as_of), []) as p using (village_code)
    where v.kind = '村委会'
    group by v.township_code
),

leaders as (
    select township_code, count(distinct leader_id) as leaders_stationed
    from leader_posts_on(period_end($date_to, $as_of), [])
    group by township_code
),

visits as (
    select township_code, sum(activities)::bigint as visits
    from activity_days
    where link = 3 and day between $date_from and $date_to
    group by township_code
),

months as (
    select township_code, count(*) as pair_months, count(*) filter (where visits > 0) as pair_months_visited
    from complete_pair_months($date_from, $date_to, $as_of, [])
    group by township_code
),

-- Overdue (超期未走访) = no visit in the $overdue_days days up to 时段末.
overdue_pairs as (
    select township_code, count(*) as overdue_pairs
    from pairs_on(period_end($date_to, $as_of), $overdue_days, [])
    where not visited_recently
    group by township_code
),

issue_numbers as (
    select
        township_code,
        count(*) filter (where raised_date between $date_from and $date_to) as issues_raised,
        count(closed_date) filter (where raised_date between $date_from and $date_to) as closed,
        count(*) filter (where raised_date between $date_from and $date_to and is_due) as due,
        count(*) filter (where raised_date between $date_from and $date_to and is_closed_on_time)
            as closed_on_time,
        count(satisfaction) filter (where raised_date between $date_from and $date_to) as rated,
        count(*) filter (where raised_date between $date_from and $date_to
            and satisfaction >= 4) as satisfied,
        count(*) filter (where is_overdue_open) as overdue_open
    from issues_on(period_end($date_to, $as_of))
    where ($link = 0 or link = $link)
    group by township_code
),

investment as (
    select v.township_code, sum(p.investment_yuan)::double as investment_yuan, count(*) as projects
    from projects as p
    join villages as v using (village_code)
    where project_started_in(p.status, p.start_date, $date_from, period_end($date_to, $as_of))
    group by v.township_code
),

gain_by_township as (
    select township_code, median(gain_yuan)::double as median_gain_yuan
    from paired_gains(period_end($date_to, $as_of), [])
    group by township_code
),

final as (
    select
        c.township_code,
        c.township,
        coalesce(cov.villages_total, 0) as villages_total,
        coalesce(cov.villages_covered, 0) as villages_covered,
        cov.villages_covered / nullif(cov.villages_total, 0) as village_coverage,
        coalesce(cov.orgs_paired, 0) as orgs_paired,
        coalesce(l.leaders_stationed, 0) as leaders_stationed,
        coalesce(vi.visits, 0) as visits,
        m.pair_months_visited / nullif(m.pair_months, 0) as visit_completion_rate,
        coalesce(o.overdue_pairs, 0) as overdue_pairs,
        coalesce(i.issues_raised, 0) as issues_raised,
        i.closed / nullif(i.issues_raised, 0) as closure_rate,
        i.closed_on_time / nullif(i.due, 0) as on_time_rate,
        i.satisfied / nullif(i.rated, 0) as satisfaction_rate,
        coalesce(i.overdue_open, 0) as overdue_open,
        coalesce(inv.projects, 0) as projects,
        coalesce(inv.investment_yuan, 0) as investment_yuan,
        coalesce(inv.investment_yuan, 0) / 10000 as investment_wan,
        g.median_gain_yuan
    from chosen as c
    left join coverage as cov using (township_code)
    left join leaders as l using (township_code)
    left join visits as vi using (township_code)
    left join months as m using (township_code)
    left join overdue_pairs as o using (township_code)
    left join issue_numbers as i using (township_code)
    left join investment as inv using (township_code)
    left join gain_by_township as g using (township_code)
)

select * from final order by township_code
