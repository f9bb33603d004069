-- One row per paired household with incomes for the latest year up to the period's end and the year before: its gain. Params: $townships, $date_to
with gains as (
    select * from paired_gains($date_to, $townships) where gain_yuan is not null
),

-- The members paired with each listed household by the end of the gain year.
members_by_household as (
    select p.household_id, string_agg(distinct m.name, '、') as member_name
    from member_household_pairs as p
    semi join gains as g on g.household_id = p.household_id and p.start_date <= make_date(g.year, 12, 31)
    join members as m using (member_id)
    group by p.household_id
),

final as (
    select
        t.name as township,
        v.name as village,
        g.household_id,
        h.head_name,
        g.main_industry,
        mh.member_name,
        g.year,
        g.previous_income_yuan::double as previous_income_yuan,
        g.net_income_yuan::double as net_income_yuan,
        g.gain_yuan::double as gain_yuan
    from gains as g
    join households as h using (household_id)
    join villages as v on v.village_code = g.village_code
    join townships as t on t.township_code = g.township_code
    join members_by_household as mh using (household_id)
)

select * from final order by gain_yuan desc, household_id
