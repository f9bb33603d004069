-- One row per township: activities and issues recorded in the as-of month and the month before (上报完整度). Params: $as_of, $townships
with months as (
    select
        date_trunc('month', $as_of::date) as as_of_month,
        date_trunc('month', $as_of::date) - interval 1 month as previous_month
),

-- Only the two months are read: constant date bounds let the scans skip every other row group.
records as (
    select township_code, date_trunc('month', activity_date) as month, 'activity' as source
    from activities
    where activity_date >= date_trunc('month', $as_of::date) - interval 1 month
        and activity_date < date_trunc('month', $as_of::date) + interval 1 month
    union all
    select township_code, date_trunc('month', raised_date) as month, 'issue' as source
    from issues
    where raised_date >= date_trunc('month', $as_of::date) - interval 1 month
        and raised_date < date_trunc('month', $as_of::date) + interval 1 month
),

counts as (
    select
        t.township_code,
        t.name as township,
        count(*) filter (where r.month = m.as_of_month and r.source = 'activity') as activities_as_of_month,
        count(*) filter (where r.month = m.as_of_month and r.source = 'issue') as issues_as_of_month,
        count(*) filter (where r.month = m.previous_month and r.source = 'activity') as activities_previous_month,
        count(*) filter (where r.month = m.previous_month and r.source = 'issue') as issues_previous_month
    from townships as t
    cross join months as m
    left join records as r
        on r.township_code = t.township_code and r.month in (m.as_of_month, m.previous_month)
    group by t.township_code, t.name
),

final as (
    select
        township_code,
        township,
        activities_as_of_month + issues_as_of_month as records_as_of_month,
        activities_previous_month + issues_previous_month as records_previous_month,
        activities_as_of_month,
        issues_as_of_month,
        activities_previous_month,
        issues_previous_month,
        (activities_as_of_month + issues_as_of_month)
            / nullif(activities_previous_month + issues_previous_month, 0) as completeness,
        activities_previous_month + issues_previous_month > 0 as reported_last_month
    from counts
)

select * from final
where array_length($townships) = 0 or list_contains($townships, township_code)
order by records_previous_month, records_as_of_month, township_code
