-- Derived tables, views and macros, rebuilt by sanlian.build, after every import and whenever this
-- file changes (sanlian.build compares its hash). They hold the joins and per-pair history that
-- every page would otherwise recompute from millions of activities.

update meta set as_of_date = (select max(activity_date) from activities);

-- 时段末 (DESIGN §4): the period's end, or the as-of date if that is earlier. Every point-in-time
-- rule is measured on it, so a past period reads as it read then.
create or replace macro period_end(date_to, as_of) as least(date_to, as_of);

-- Every issue as it stood on a day: a closure after the day had not happened yet, so its closed
-- date, outcome (is_resolved) and rating (satisfaction, given on closure) are null/false;
-- is_overdue_open: raised by the day, still open on it and past its due date (逾期未办结);
-- is_due: its due date is on or before the day, and is_closed_on_time: closed by then, on or before
-- its due date — 按期办结率 = is_closed_on_time ÷ is_due over the issues raised in a period.
create or replace macro issues_on(ref_date) as table
select
    issue_id,
    raised_date,
    activity_id,
    link,
    township_code,
    village_code,
    household_id,
    category,
    summary,
    scale,
    assigned_unit,
    due_date,
    case when closed_date <= ref_date then closed_date end as closed_date,
    coalesce(is_resolved and closed_date <= ref_date, false) as is_resolved,
    case when closed_date <= ref_date then satisfaction end as satisfaction,
    reopened,
    raised_date <= ref_date and (closed_date is null or closed_date > ref_date) and due_date < ref_date
        as is_overdue_open,
    coalesce(due_date <= ref_date, false) as is_due,
    coalesce(due_date <= ref_date and closed_date <= due_date, false) as is_closed_on_time
from issues;

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
group by activity_date, township_code, village_code, link
order by day, township_code;

-- One row per co-building project with its township, village and co-building orgs (by name): the
-- project lists (started, stalled, planned) select from it.
create or replace view project_rows as
select
    p.project_id,
    v.township_code,
    t.name as township,
    v.name as village,
    p.name as project_name,
    p.area,
    p.investment_yuan::double as investment_yuan,
    p.start_date,
    p.end_date,
    p.status,
    (select string_agg(o.name, '、' order by o.name)
        from project_orgs as po join orgs as o using (org_id)
        where po.project_id = p.project_id) as orgs
from projects as p
join villages as v using (village_code)
join townships as t on t.township_code = v.township_code;

-- One row per org–village pairing, with the village's township and kind.
create or replace view org_village_pairs as
select ov.*, v.township_code, v.kind as village_kind
from org_villages as ov
join villages as v on v.village_code = ov.village_code;

-- Org–village pairings (机关联农村) in force on a day, in the chosen townships (an empty list = all).
create or replace macro org_pairs_on(ref_date, townships) as table
select *
from org_village_pairs
where start_date <= ref_date and (end_date is null or end_date >= ref_date)
    and (array_length(townships) = 0 or list_contains(townships, township_code));

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
    group by member_id, household_id, date_trunc('month', activity_date)
),

month_starts as (
    select p.member_id, p.household_id, p.village_code, p.township_code, p.start_date, p.end_date,
        unnest(generate_series(
            date_trunc('month', p.start_date),
            date_trunc('month', least(coalesce(p.end_date, a.as_of_date), a.as_of_date)),
            interval 1 month)) as month_start
    from member_household_pairs as p, as_of as a
    where p.start_date <= a.as_of_date
),

months as (
    select member_id, household_id, village_code, township_code, start_date, end_date,
        cast(month_start as date) as month
    from month_starts
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
    left join visit_counts as v
        on v.member_id = m.member_id and v.household_id = m.household_id and v.month = m.month
)

select * from final order by township_code, month;

-- Member–household pairings (党员联群众) in force on a day, in the chosen townships.
create or replace macro member_pairs_on(ref_date, townships) as table
select *
from member_household_pairs
where start_date <= ref_date and (end_date is null or end_date >= ref_date)
    and (array_length(townships) = 0 or list_contains(townships, township_code));

-- Whether a month (its first day) is over by a day: a month still running on the day is never
-- counted as a whole month in a monthly rate.
create or replace macro month_is_over(month, ref_date) as
    cast(month as date) + interval 1 month <= ref_date + interval 1 day;

-- The pair-months that count in 月度走访完成率 (DESIGN §4) for a period: the months from the one
-- holding the period's first day to the last one that is over by 时段末, in the chosen townships.
-- The as-of month is left out until it is complete (a mid-month as-of never counts as a month).
create or replace macro complete_pair_months(date_from, date_to, as_of, townships) as table
select *
from pair_months
where month >= date_trunc('month', date_from)
    and month_is_over(month, period_end(date_to, as_of))
    and (array_length(townships) = 0 or list_contains(townships, township_code));

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
    and (array_length(townships) = 0 or list_contains(townships, township_code));

-- 沉默结对 (DESIGN §4) on a day: pairings in force on it, paired (in their current pairing) for more
-- than `days` days, with nothing recorded between the pair in the `days` days up to it — org work
-- at the village (机关联农村) or a member's visit (党员联群众). `silent_since`: the last activity
-- up to the day, or the pairing's start if that is later (a re-paired org is silent since its
-- new pairing began, not since work under an old one). The one definition for map, lists and cards.
create or replace macro silent_pairs_on(ref_date, days, townships) as table
with org_pairs as (
    select * from org_pairs_on(ref_date, townships) where start_date < ref_date - days
),

recent_org_work as (
    select distinct org_id, village_code
    from activities
    where link = 2 and activity_date between ref_date - days and ref_date
),

silent_orgs as (
    select p.*
    from org_pairs as p
    where not exists (
        select 1 from recent_org_work as r where r.org_id = p.org_id and r.village_code = p.village_code
    )
),

org_last as (
    select a.org_id, a.village_code, max(a.activity_date) as last_activity_date
    from activities as a
    where a.link = 2 and a.activity_date <= ref_date
        and exists (
            select 1 from silent_orgs as s where s.org_id = a.org_id and s.village_code = a.village_code
        )
    group by a.org_id, a.village_code
),

silent_members as (
    select *
    from pairs_on(ref_date, days, townships)
    where not visited_recently and start_date < ref_date - days
)

select
    '机关联农村' as pairing_kind, s.township_code, s.village_code, s.org_id, null as member_id,
    null as household_id, s.start_date, l.last_activity_date,
    greatest(s.start_date, coalesce(l.last_activity_date, s.start_date)) as silent_since
from silent_orgs as s
left join org_last as l using (org_id, village_code)
union all
select
    '党员联群众' as pairing_kind, township_code, village_code, null as org_id, member_id,
    household_id, start_date, last_visit_date as last_activity_date,
    greatest(start_date, coalesce(last_visit_date, start_date)) as silent_since
from silent_members;

-- 共建项目 started (开工) in a period (DESIGN §4): past 规划, with a start date from the period's
-- first day to 时段末. A project still at 规划 has not started, whatever its planned start date.
create or replace macro project_started_in(status, start_date, date_from, ref_date) as
    status <> '规划' and start_date between date_from and ref_date;

-- A project done (完工) by a day: the end date of a finished project is when it was finished.
create or replace macro project_done_on(status, end_date, ref_date) as
    status = '完工' and end_date <= ref_date;

-- 停滞项目 on a day (DESIGN §4): started by the day (past 规划), not 完工, and past its planned end
-- date — wherever its start falls, so the longest-stalled count too.
create or replace macro project_stalled_on(status, start_date, end_date, ref_date) as
    status not in ('规划', '完工') and start_date <= ref_date and end_date < ref_date;

-- County leaders' postings to townships (领导联乡镇) current on a day, in the chosen townships.
create or replace macro leader_posts_on(ref_date, townships) as table
select *
from leader_townships
where start_date <= ref_date and (end_date is null or end_date >= ref_date)
    and (array_length(townships) = 0 or list_contains(townships, township_code));

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
group by leader_id, township_code;

-- One row per household with an income for a year, for households ever paired: the year before's
-- income and the gain (null without that baseline), and whether a member pairing was in force at
-- any time in that year (户增收 counts only those, DESIGN §4).
create or replace table household_gains as
with ever_paired as (
    select distinct household_id from member_households
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
    exists (
        select 1 from member_households as mh
        where mh.household_id = i.household_id
            and mh.start_date <= make_date(i.year, 12, 31)
            and (mh.end_date is null or mh.end_date >= make_date(i.year, 1, 1))
    ) as paired_in_year
from household_incomes as i
join households as h using (household_id)
join villages as v using (village_code)
left join household_incomes as prev on prev.household_id = i.household_id and prev.year = i.year - 1
where i.household_id in (select household_id from ever_paired)
order by v.township_code, i.year, i.household_id;

-- The year whose income gain a period shows (DESIGN §4): the latest year with incomes that is over
-- by 时段末 — the year of 时段末 itself when that is 31 December, else the year before (at most).
create or replace macro gain_year(ref_date) as
    (select max(year) from household_incomes where year < year(ref_date + interval 1 day));

-- 户增收 (DESIGN §4) for a period ending (时段末) on a day: households with a member pairing in
-- force in the gain year, with that year's income, in the chosen townships.
create or replace macro paired_gains(ref_date, townships) as table
select *
from household_gains
where year = gain_year(ref_date)
    and paired_in_year
    and (array_length(townships) = 0 or list_contains(townships, township_code));

-- One row per paired household with a gain (both years' incomes) for a period ending (时段末) on a
-- day, with its place, head and the members paired with it in the gain year: the rows of the
-- household income lists.
create or replace macro household_gain_rows(ref_date, townships) as table
with gains as (
    select * from paired_gains(ref_date, townships) where gain_yuan is not null
),

-- The members whose pairing with each listed household was in force in the gain year.
members_by_household as (
    select p.household_id, string_agg(distinct m.name, '、' order by m.name) as member_name
    from member_household_pairs as p
    join members as m using (member_id)
    where exists (
        select 1 from gains as g
        where g.household_id = p.household_id
            and p.start_date <= make_date(g.year, 12, 31)
            and (p.end_date is null or p.end_date >= make_date(g.year, 1, 1))
    )
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
