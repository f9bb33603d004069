-- One row: projects started (past 规划) in the period up to its end (时段末), their investment and how many were done (完工) by 时段末; projects stalled at 时段末 wherever they started; projects still at 规划, apart. Params: $townships, $date_from, $date_to, $as_of
with chosen as (
    select p.*
    from projects as p
    join villages as v on v.village_code = p.village_code
    where array_length($townships) = 0 or list_contains($townships, v.township_code)
),

final as (
    select
        count(*) filter (where project_started_in(status, start_date, $date_from, period_end($date_to, $as_of)))
            as projects,
        coalesce(sum(investment_yuan) filter (
            where project_started_in(status, start_date, $date_from, period_end($date_to, $as_of))), 0)::double
            as investment_yuan,
        count(*) filter (where project_started_in(status, start_date, $date_from, period_end($date_to, $as_of))
            and project_done_on(status, end_date, period_end($date_to, $as_of))) as completed,
        count(*) filter (where project_stalled_on(status, start_date, end_date, period_end($date_to, $as_of)))
            as stalled,
        count(*) filter (where status = '规划') as planned_projects,
        coalesce(sum(investment_yuan) filter (where status = '规划'), 0)::double as planned_investment_yuan
    from chosen
)

select * from final
