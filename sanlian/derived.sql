-- Derived tables, views and macros, rebuilt by sanlian.build, after every import and whenever this
-- file changes (sanlian.build compares its hash). They hold the joins and per-pair history that
-- every page would otherwise recompute from millions of activities.

update meta set as_of_date = (select max(activity_date) from activities);

-- One row per member–household pairing, with the household's place. A table, not a view: nearly
-- every page needs it, and the three joins cost more than the query around them at county scale.
-- Ordered by township so a township filter reads only that township's row groups.
create or replace table member_household_pairs as
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
join villages as v using (village_code)
order by v.township_code, mh.member_id, mh.household_id;

-- One row per day, village (null for township-level work) and link with activities: how many, and
-- how many member visits carry at least two of the three proofs. Period counts read these
-- thousands of rows instead of millions of activities.
create or replace table activity_days as
select
    activity_date as day,
    township_code,
    village_code,
    link,
    count(*) as activities,
    count(*) filter (where link = 3 and has_photo::int + has_location::int + household_confirmed::int >= 2)
        as evidenced_visits
from activities
group by all
order by day, township_code;

-- One row per org–village pairing, with the village's township and kind.
create or replace view org_village_pairs as
select ov.*, v.township_code, v.kind as village_kind
from org_villages as ov
join villages as v using (village_code);

-- One row per pairing per month in which it was active (up to the as-of month): the pairing's
-- dates, the month's visits with the first and last of them, and the last visit before the month.
-- 月度走访完成率 = sum(visits > 0) / count(*) over the months of a period (DESIGN §4); whether and
-- when a pair was last visited before a day is read from one row here, not from every activity.
create or replace table pair_months as
with as_of as (
    select max(activity_date) as as_of_date from activities
),

visit_counts as (
    select
        member_id,
        household_id,
        date_trunc('month', activity_date) as month,
        count(*) as visits,
        min(activity_date) as first_visit_date,
        max(activity_date) as last_visit_date
    from activities
    where link = 3
    group by all
),

months as (
    select p.member_id, p.household_id, p.village_code, p.township_code, p.start_date, p.end_date,
        cast(unnest(generate_series(
            date_trunc('month', p.start_date),
            date_trunc('month', least(coalesce(p.end_date, a.as_of_date), a.as_of_date)),
            interval 1 month)) as date) as month
    from member_household_pairs as p, as_of as a
    where p.start_date <= a.as_of_date
),

final as (
    select
        m.*,
        coalesce(v.visits, 0) as visits,
        v.first_visit_date,
        v.last_visit_date,
        max(v.last_visit_date) over (partition by m.member_id, m.household_id order by m.month
            rows between unbounded preceding and 1 preceding) as visited_before
    from months as m
    left join visit_counts as v using (member_id, household_id, month)
)

select * from final order by township_code, month;

-- Member–household pairings active on a day, in the chosen townships (an empty list = all), with
-- `visited_recently`: a visit in the `days` days up to that day (exact for days >= 31, as the
-- month's first visit and the last visit before the month together decide it), and, for pairs not
-- visited recently, `last_visit_date`: their last visit before the day (null if never).
create or replace macro pairs_on(ref_date, days, townships) as table
select
    member_id,
    household_id,
    village_code,
    township_code,
    start_date,
    coalesce(first_visit_date <= ref_date or visited_before >= ref_date - days, false)
        as visited_recently,
    case when last_visit_date <= ref_date then last_visit_date else visited_before end
        as last_visit_date
from pair_months
where month = cast(date_trunc('month', ref_date) as date)
    and start_date <= ref_date and (end_date is null or end_date >= ref_date)
    and (len(townships) = 0 or township_code = any(townships));

-- County leaders' postings to townships (领导联乡镇) current on a day, in the chosen townships.
create or replace macro leader_posts_on(ref_date, townships) as table
select *
from leader_townships
where start_date <= ref_date and (end_date is null or end_date >= ref_date)
    and (len(townships) = 0 or township_code = any(townships));

-- Each leader's work in each township over a period (领导联乡镇): lectures (讲党课, 宣讲), forums
-- (座谈会), visits (走访, 调研) and all their activities.
create or replace macro leader_work(date_from, date_to) as table
select
    leader_id,
    township_code,
    count(*) filter (where kind in ('讲党课', '宣讲')) as lectures,
    count(*) filter (where kind = '座谈会') as forums,
    count(*) filter (where kind in ('走访', '调研')) as leader_visits,
    count(*) as activities
from activities
where link = 1 and activity_date between date_from and date_to
group by all;

-- One row per household with an income for a year, for households ever paired: the year before's
-- income and the gain (null without that baseline) and when the household was first paired.
create or replace table household_gains as
with first_paired as (
    select household_id, min(start_date) as paired_since
    from member_households
    group by household_id
)

select
    i.household_id,
    v.township_code,
    h.village_code,
    h.main_industry,
    i.year,
    prev.net_income_yuan as previous_income_yuan,
    i.net_income_yuan,
    i.net_income_yuan - prev.net_income_yuan as gain_yuan,
    f.paired_since
from household_incomes as i
join first_paired as f using (household_id)
join households as h using (household_id)
join villages as v using (village_code)
left join household_incomes as prev on prev.household_id = i.household_id and prev.year = i.year - 1
order by v.township_code, i.year, i.household_id;

-- The year whose income gain a period ending on a day shows: the latest full year with incomes
-- that ends on or before that day.
create or replace macro gain_year(date_to) as
    (select max(year) from household_incomes where year < year(date_to + interval 1 day));

-- 户增收 (DESIGN §4) for a period ending on a day: households paired by the end of the gain year,
-- with that year's income, in the chosen townships.
create or replace macro paired_gains(date_to, townships) as table
select *
from household_gains
where year = gain_year(date_to)
    and paired_since <= make_date(year, 12, 31)
    and (len(townships) = 0 or township_code = any(townships));

-- One row per paired household with a gain (both years' incomes) for a period ending on a day, with
-- its place, head and the members paired with it by the end of the gain year: the rows of the
-- household income lists.
create or replace macro household_gain_rows(date_to, townships) as table
with gains as (
    select * from paired_gains(date_to, townships) where gain_yuan is not null
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

select * from final;
