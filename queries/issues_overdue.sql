-- One row per issue open and past its due date at the period's end, oldest first, with its age bucket. Params: $townships, $date_to, $link, $as_of
with overdue as (
    select i.*, date_diff('day', i.due_date, period_end($date_to, $as_of)) as days_overdue
    from issues_on(period_end($date_to, $as_of)) as i
    where i.is_overdue_open
        and (array_length($townships) = 0 or list_contains($townships, i.township_code))
        and ($link = 0 or i.link = $link)
),

final as (
    select
        o.issue_id,
        t.name as township,
        v.name as village,
        o.raised_date,
        o.due_date,
        o.days_overdue,
        case
            when o.days_overdue <= 15 then '0–15天'
            when o.days_overdue <= 30 then '16–30天'
            when o.days_overdue <= 60 then '31–60天'
            else '60天以上'
        end as age_bucket,
        o.category,
        o.summary,
        o.scale,
        o.assigned_unit,
        o.link
    from overdue as o
    join townships as t using (township_code)
    left join villages as v using (village_code)
)

select * from final order by days_overdue desc, issue_id
