-- One row per paired household with incomes for the latest year up to the period's end and the year before: its gain. Params: $townships, $date_to
with gain_year as (
    select max(year) as year
    from household_incomes
    where year < year($date_to + interval 1 day)
),

paired as (
    select p.household_id, any_value(p.township_code) as township_code, string_agg(distinct m.name, '、') as member_name
    from member_household_pairs as p
    cross join gain_year as g
    join members as m using (member_id)
    where p.start_date <= make_date(g.year, 12, 31)
        and (len($townships) = 0 or p.township_code = any($townships))
    group by p.household_id
),

final as (
    select
        t.name as township,
        v.name as village,
        h.household_id,
        h.head_name,
        h.main_industry,
        p.member_name,
        g.year,
        prev.net_income_yuan::double as previous_income_yuan,
        cur.net_income_yuan::double as net_income_yuan,
        (cur.net_income_yuan - prev.net_income_yuan)::double as gain_yuan
    from paired as p
    cross join gain_year as g
    join households as h using (household_id)
    join villages as v using (village_code)
    join townships as t on t.township_code = p.township_code
    join household_incomes as cur on cur.household_id = p.household_id and cur.year = g.year
    join household_incomes as prev on prev.household_id = p.household_id and prev.year = g.year - 1
)

select * from final order by gain_yuan desc, household_id
