-- One row per issue open and past its due date at the period's end, oldest first, with its age bucket. Params: $townships, $date_to, $link, $as_of
with ref as (
    select period_end($date_to, $as_of) as ref_date
),

final as (
    select
        i.issue_id,
        t.name as township,
        v.name as village,
        i.raised_date,
        i.due_date,
        date_diff('day', i.due_date, ref.ref_date) as days_overdue,
        case
            when date_diff('day', i.due_date, ref.ref_date) <= 15 then '0–15天'
            when date_diff('day', i.due_date, ref.ref_date) <= 30 then '16–30天'
            when date_diff('day', i.due_date, ref.ref_date) <= 60 then '31–60天'
            else '60天以上'
        end as age_bucket,
        i.category,
        i.summary,
        i.scale,
        i.assigned_unit,
        i.link
    from issues_on(period_end($date_to, $as_of)) as i
    cross join ref
    join townships as t using (township_code)
    left join villages as v using (village_code)
    where i.is_overdue_open
        and (len($townships) = 0 or i.township_code = any($townships))
        and ($link = 0 or i.link = $link)
)

select * from final order by days_overdue desc, issue_id
