-- One row: issues raised in the period, how they stood at its end (时段末), and those open and overdue then. Params: $townships, $date_from, $date_to, $link, $as_of
with chosen as (
    select *
    from issues_on(period_end($date_to, $as_of))
    where (array_length($townships) = 0 or list_contains($townships, township_code))
        and ($link = 0 or link = $link)
),

raised as (
    select *, date_diff('day', raised_date, closed_date) as days_to_close
    from chosen
    where raised_date between $date_from and $date_to
),

handled as (
    select
        count(*) as issues_raised,
        count(closed_date) as closed,
        count(*) filter (where is_due) as due,
        count(*) filter (where is_closed_on_time) as closed_on_time,
        count(*) filter (where is_resolved) as resolved,
        count(satisfaction) as rated,
        count(*) filter (where satisfaction >= 4) as satisfied,
        median(days_to_close) as median_days_to_close,
        quantile_cont(days_to_close, 0.9) as p90_days_to_close
    from raised
),

overdue as (
    select count(*) filter (where is_overdue_open) as overdue_open
    from chosen
),

final as (
    select
        handled.*,
        closed / nullif(issues_raised, 0) as closure_rate,
        closed_on_time / nullif(due, 0) as on_time_rate,
        resolved / nullif(closed, 0) as resolution_rate,
        satisfied / nullif(rated, 0) as satisfaction_rate,
        overdue.overdue_open
    from handled, overdue
)

select * from final
