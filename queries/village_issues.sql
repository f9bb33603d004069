-- One row per issue of the village raised in the period, as it stood at the period's end (open ones first, then newest). Params: $townships, $village_code, $date_from, $date_to, $as_of, $link
with final as (
    select
        raised_date,
        link,
        category,
        summary,
        due_date,
        closed_date,
        case when closed_date is not null then '已办结' when is_overdue_open then '逾期未办结' else '办理中' end
            as status,
        satisfaction
    from issues_on(period_end($date_to, $as_of))
    where village_code = $village_code
        and raised_date between $date_from and $date_to
        and ($link = 0 or link = $link)
        and (array_length($townships) = 0 or list_contains($townships, township_code))
)

select * from final order by closed_date is not null, raised_date desc, summary
