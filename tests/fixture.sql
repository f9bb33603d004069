-- A tiny hand-made world whose every metric is computed by hand in test_queries.py.
-- As-of is 2024-06-30 (the latest activity). The test period is 2024-01-01 .. 2024-06-30.
insert into meta values (3, 'imported', timestamp '2024-07-01 08:00:00', null, null);

insert into townships values
    ('T1', '甲镇', '镇', 114.0, 25.0),
    ('T2', '乙镇', '镇', 114.1, 24.9);

insert into villages values
    ('V11', 'T1', '一村村委会', '村委会', null, null),
    ('V12', 'T1', '二村村委会', '村委会', null, null),
    ('V13', 'T1', '一社区居委会', '居委会', null, null),
    ('V21', 'T2', '三村村委会', '村委会', null, null),
    ('V22', 'T2', '四村村委会', '村委会', null, null);

insert into leaders values
    ('L1', '王一', '县委副书记', '县委'),
    ('L2', '李二', '副县长', '县政府');

-- L2's stationing ends mid-period.
insert into leader_townships values
    ('L1', 'T1', date '2023-01-01', null),
    ('L2', 'T2', date '2023-01-01', date '2024-03-31');

insert into orgs values
    ('O1', '县甲局党支部', '县甲局', '党支部'),
    ('O2', '县乙局党支部', '县乙局', '党支部'),
    ('O3', '县丙局党总支', '县丙局', '党总支');

-- V11 has two orgs (1+N); O3's pairing with V21 ends mid-period; V12 and V22 have none.
insert into org_villages values
    ('O1', 'V11', '牵头', date '2023-01-01', null),
    ('O2', 'V11', '协同', date '2023-01-01', null),
    ('O3', 'V21', '牵头', date '2023-01-01', date '2024-03-31');

insert into members values
    ('M1', '张三', 'O1', '13800000001'),
    ('M2', '赵四', 'O3', '13800000002');

insert into households values
    ('H1', 'V11', '陈甲', '13900000001', 4, '水稻种植'),
    ('H2', 'V12', '刘乙', null, 3, '蔬菜种植'),
    ('H3', 'V21', '黄丙', '13900000003', 5, '畜禽养殖'),
    ('H4', 'V11', '周丁', null, 2, '水稻种植'),
    ('H5', 'V21', '吴戊', null, 3, '外出务工');

-- M1–H2 starts mid-period; M2–H3 ends mid-period; M1–H4 ended before the period (on the last day of
-- the gain year 2023); M2–H5 ended in 2022, before the gain year.
insert into member_households values
    ('M1', 'H1', date '2023-01-01', null),
    ('M1', 'H2', date '2024-03-01', null),
    ('M2', 'H3', date '2023-01-01', date '2024-04-15'),
    ('M1', 'H4', date '2023-01-01', date '2023-12-31'),
    ('M2', 'H5', date '2021-01-01', date '2022-06-30');

-- Seven member visits in the period (3 with ≥2 proofs), one before it, and one leader and one org event.
insert into activities values
    (1, date '2023-12-15', 3, '走访', null, 'O1', 'M1', 'T1', 'V11', 'H1', 1, null, true, true, false),
    (2, date '2024-01-10', 3, '走访', null, 'O1', 'M1', 'T1', 'V11', 'H1', 1, null, true, true, false),
    (3, date '2024-01-15', 3, '走访', null, 'O3', 'M2', 'T2', 'V21', 'H3', 1, null, false, false, false),
    (4, date '2024-02-10', 3, '走访', null, 'O1', 'M1', 'T1', 'V11', 'H1', 1, null, true, false, true),
    (5, date '2024-02-20', 3, '帮办实事', null, 'O1', 'M1', 'T1', 'V11', 'H1', 2, '帮助联系农技员', false, false, true),
    (6, date '2024-03-05', 3, '走访', null, 'O1', 'M1', 'T1', 'V12', 'H2', 1, null, false, true, false),
    (7, date '2024-04-10', 3, '走访', null, 'O1', 'M1', 'T1', 'V11', 'H1', 1, null, true, true, true),
    (8, date '2024-05-01', 2, '共建活动', null, 'O1', null, 'T1', 'V11', null, 20, null, true, false, false),
    (9, date '2024-06-25', 3, '走访', null, 'O1', 'M1', 'T1', 'V11', 'H1', 1, null, false, false, false),
    (10, date '2024-06-30', 1, '讲党课', 'L1', null, null, 'T1', 'V11', null, 40, null, true, true, false);

-- I1 is raised before the period and closed inside it; I3 is closed late and unrated;
-- I4 is open and overdue at as-of (due 30 days before); I5 is open but not yet due.
insert into issues values
    (1, date '2023-12-20', 1, 3, 'T1', 'V11', 'H1', '农业生产', '灌溉水渠堵塞', '小微实事', '县水务局',
        date '2024-01-04', date '2024-01-10', true, 4, false),
    (2, date '2024-02-01', 4, 3, 'T1', 'V11', 'H1', '农业生产', '需要水稻新品种种子', '小微实事', '县农业农村局',
        date '2024-02-16', date '2024-02-10', true, 5, false),
    (3, date '2024-03-01', 6, 3, 'T1', 'V12', 'H2', '基础设施', '村道破损', '一般', '县交通运输局',
        date '2024-03-31', date '2024-04-15', false, null, true),
    (4, date '2024-05-01', 8, 2, 'T1', 'V11', null, '人居环境', '垃圾收运点不足', '一般', '甲镇人民政府',
        date '2024-05-31', null, false, null, false),
    (5, date '2024-06-20', null, 1, 'T2', 'V21', null, '饮水用水', '旱季用水紧张', '重大', '县水务局',
        date '2024-07-20', null, false, null, false),
    (6, date '2024-04-01', 3, 3, 'T2', 'V21', 'H3', '社会保障', '医保缴费咨询', '小微实事', '县医保局',
        date '2024-04-16', date '2024-04-11', true, 3, false);

insert into projects values
    ('P1', 'V11', '一村文化广场', '建设美丽乡村', 300000, date '2024-02-01', date '2024-05-30', '完工'),
    ('P2', 'V21', '三村电商服务站', '加快产业发展', 120000, date '2023-10-01', date '2024-03-31', '在建'),
    ('P3', 'V12', '二村党群服务中心改造', '建强基层组织', 80000, date '2024-09-01', null, '规划');

insert into project_orgs values ('P1', 'O1'), ('P1', 'O2'), ('P2', 'O3'), ('P3', 'O1');

-- H3 has no baseline for 2022; H2 was not yet paired in 2023 and H5 no longer. The period ending
-- 2024-06-30 compares the full years 2023 and 2022.
insert into household_incomes values
    ('H1', 2022, 50000), ('H1', 2023, 58000),
    ('H2', 2022, 30000), ('H2', 2023, 27000),
    ('H3', 2023, 40000),
    ('H4', 2022, 20000), ('H4', 2023, 17000),
    ('H5', 2022, 30000), ('H5', 2023, 36000);
