-- One row: pairings active at the period's end (or as-of, if earlier) in the chosen townships. Params: $townships, $date_to, $as_of
with chosen_villages as (
    select village_code, township_code, kind
    from villages
    where (array_length($townships) = 0 or list_contains($townships, township_code))
),

active_org_pairs as (
    select org_id, village_code
    from org_pairs_on(period_end($date_to, $as_of), $townships)
),

village_org_counts as (
    select v.village_code, count(distinct p.org_id) as org_count
    from chosen_villages as v
    left join active_org_pairs as p using (village_code)
    where v.kind = '村委会'
    group by v.village_code
),

member_pairs as (
    select member_id, household_id
    from member_pairs_on(period_end($date_to, $as_of), $townships)
),

chosen_townships as (
    select township_code
    from townships
    where (array_length($townships) = 0 or list_contains($townships, township_code))
),

active_leader_posts as (
    select leader_id, township_code
    from leader_posts_on(period_end($date_to, $as_of), $townships)
),

org_numbers as (
    select count(distinct org_id) as orgs_paired from active_org_pairs
),

village_numbers as (
    select
        count(*) filter (where org_count >= 1) as villages_covered,
        count(*) as villages_total,
        count(*) filter (where org_count = 1) as villages_one_org,
        count(*) filter (where org_count > 1) as villages_several_orgs
    from village_org_counts
),

member_numbers as (
    select
        count(*) as member_household_pairs,
        count(distinct member_id) as members_paired,
        count(distinct household_id) as households_paired
    from member_pairs
),

leader_numbers as (
    select
        count(distinct leader_id) as leaders_stationed,
        count(distinct township_code) as townships_with_leader
    from active_leader_posts
),

final as (
    select
        o.orgs_paired,
        v.villages_covered,
        v.villages_total,
        v.villages_one_org,
        v.villages_several_orgs,
        m.member_household_pairs,
        m.members_paired,
        m.households_paired,
        l.leaders_stationed,
        l.townships_with_leader,
        (select count(*) from chosen_townships) as townships_total
    from org_numbers as o, village_numbers as v, member_numbers as m, leader_numbers as l
)

select *, villages_covered / nullif(villages_total, 0) as village_coverage
from final
