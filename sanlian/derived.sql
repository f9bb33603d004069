-- Derived tables and views, rebuilt by sanlian.build and after every import.
-- They hold the joins that every page would otherwise repeat.

update meta set as_of_date = (select max(activity_date) from activities);

-- One row per member–household pairing, with the household's place.
create or replace view member_household_pairs as
select
    mh.member_id,
    mh.household_id,
    mh.start_date,
    mh.end_date,
    m.org_id,
    h.village_code,
    v.township_code
from member_households as mh
join members as m using (member_id)
join households as h using (household_id)
join villages as v using (village_code);

-- One row per org–village pairing, with the village's township and kind.
create or replace view org_village_pairs as
select ov.*, v.township_code, v.kind as village_kind
from org_villages as ov
join villages as v using (village_code);

-- One row per pairing per month in which it was active (up to the as-of month), with its visits.
-- 月度走访完成率 = sum(visits > 0) / count(*) over the months of a period (DESIGN §4).
create or replace table pair_months as
with as_of as (
    select max(activity_date) as as_of_date from activities
),

visit_counts as (
    select member_id, household_id, date_trunc('month', activity_date) as month, count(*) as visits
    from activities
    where link = 3
    group by all
),

months as (
    select p.member_id, p.household_id, p.village_code, p.township_code,
        cast(unnest(generate_series(
            date_trunc('month', p.start_date),
            date_trunc('month', least(coalesce(p.end_date, a.as_of_date), a.as_of_date)),
            interval 1 month)) as date) as month
    from member_household_pairs as p, as_of as a
    where p.start_date <= a.as_of_date
),

final as (
    select m.*, coalesce(v.visits, 0) as visits
    from months as m
    left join visit_counts as v using (member_id, household_id, month)
)

select * from final order by month, township_code;
