-- Every table of the 三联看板 database (DESIGN §3). Loaded by sanlian.build on an empty file.
-- Bump meta.schema_version (settings.SCHEMA_VERSION) whenever this file changes.

create table meta (
    schema_version integer not null,
    dataset_kind   varchar not null check (dataset_kind in ('sample', 'imported', 'empty')),
    built_at       timestamp not null,
    as_of_date     date,
    sample_scale   integer
);

-- Reference geography (data/reference/, real).
create table townships (
    township_code varchar primary key,
    name          varchar not null unique,
    kind          varchar not null check (kind in ('镇', '乡', '民族乡')),
    lon           double,
    lat           double
);

create table villages (
    village_code  varchar primary key,
    township_code varchar not null references townships (township_code),
    name          varchar not null,
    kind          varchar not null check (kind in ('村委会', '居委会', '林场生活区')),
    lon           double,
    lat           double
);

-- People and units.
create table leaders (
    leader_id varchar primary key,
    name      varchar not null,
    post      varchar not null,
    body      varchar not null check (body in ('县委', '县人大', '县政府', '县政协'))
);

create table orgs (
    org_id   varchar primary key,
    name     varchar not null,
    agency   varchar not null,
    org_type varchar not null check (org_type in ('党委', '党总支', '党支部'))
);

create table members (
    member_id varchar primary key,
    name      varchar not null,
    org_id    varchar not null references orgs (org_id),
    phone     varchar
);

create table households (
    household_id  varchar primary key,
    village_code  varchar not null references villages (village_code),
    head_name     varchar not null,
    phone         varchar,
    size          integer check (size between 1 and 30),
    main_industry varchar
);

-- The three links. end_date null = still active.
create table leader_townships (
    leader_id     varchar not null references leaders (leader_id),
    township_code varchar not null references townships (township_code),
    start_date    date not null,
    end_date      date,
    primary key (leader_id, township_code, start_date),
    check (end_date is null or end_date >= start_date)
);

create table org_villages (
    org_id       varchar not null references orgs (org_id),
    village_code varchar not null references villages (village_code),
    role         varchar not null check (role in ('牵头', '协同')),
    start_date   date not null,
    end_date     date,
    primary key (org_id, village_code, start_date),
    check (end_date is null or end_date >= start_date)
);

create table member_households (
    member_id    varchar not null references members (member_id),
    household_id varchar not null references households (household_id),
    start_date   date not null,
    end_date     date,
    primary key (member_id, household_id, start_date),
    check (end_date is null or end_date >= start_date)
);

-- Work and outcomes. township_code and village_code are filled for every activity so that the
-- township filter needs no join.
create table activities (
    activity_id         bigint primary key,
    activity_date       date not null,
    link                tinyint not null check (link between 1 and 3),
    kind                varchar not null check (kind in
                            ('讲党课', '宣讲', '座谈会', '走访', '调研', '主题党日', '共建活动', '帮办实事')),
    leader_id           varchar references leaders (leader_id),
    org_id              varchar references orgs (org_id),
    member_id           varchar references members (member_id),
    township_code       varchar not null references townships (township_code),
    village_code        varchar references villages (village_code),
    household_id        varchar references households (household_id),
    participants        integer check (participants >= 0),
    note                varchar,
    has_photo           boolean not null default false,
    has_location        boolean not null default false,
    household_confirmed boolean not null default false,
    check ((link = 1) = (leader_id is not null)),
    check (link <> 2 or org_id is not null),
    check (link <> 3 or (member_id is not null and household_id is not null))
);

create table issues (
    issue_id      bigint primary key,
    raised_date   date not null,
    activity_id   bigint references activities (activity_id),
    link          tinyint not null check (link between 1 and 3),
    township_code varchar not null references townships (township_code),
    village_code  varchar references villages (village_code),
    household_id  varchar references households (household_id),
    category      varchar not null check (category in
                      ('基础设施', '农业生产', '饮水用水', '医疗卫生', '教育', '社会保障',
                       '就业创业', '人居环境', '矛盾纠纷', '其他')),
    summary       varchar not null,
    scale         varchar not null check (scale in ('小微实事', '一般', '重大')),
    assigned_unit varchar,
    due_date      date,
    closed_date   date,
    is_resolved   boolean not null default false,
    satisfaction  tinyint check (satisfaction between 1 and 5),
    reopened      boolean not null default false,
    check (closed_date is null or closed_date >= raised_date),
    check (due_date is null or due_date >= raised_date),
    check (closed_date is not null or (not is_resolved and satisfaction is null))
);

create table projects (
    project_id      varchar primary key,
    village_code    varchar not null references villages (village_code),
    name            varchar not null,
    area            varchar not null check (area in
                        ('建强基层组织', '加强党员队伍管理', '加快产业发展', '建设美丽乡村', '创新村级治理')),
    investment_yuan decimal(14, 2) not null check (investment_yuan >= 0),
    start_date      date not null,
    end_date        date,
    status          varchar not null check (status in ('规划', '在建', '完工')),
    check (end_date is null or end_date >= start_date)
);

create table project_orgs (
    project_id varchar not null references projects (project_id),
    org_id     varchar not null references orgs (org_id),
    primary key (project_id, org_id)
);

create table household_incomes (
    household_id    varchar not null references households (household_id),
    year            smallint not null check (year between 2000 and 2100),
    net_income_yuan decimal(14, 2) not null check (net_income_yuan >= 0),
    primary key (household_id, year)
);

create table imports (
    import_id   bigint primary key,
    imported_at timestamp not null,
    file_name   varchar not null,
    table_name  varchar not null,
    row_count   integer not null,
    status      varchar not null check (status in ('成功', '失败', '试运行')),
    message     varchar
);

-- Append-only audit log (sanlian.audit only inserts): sign-ins, page views, exports, imports,
-- user changes. No unmasked personal data in `detail`.
create sequence audit_log_seq;
create table audit_log (
    event_id  bigint primary key default nextval('audit_log_seq'),
    "at"      timestamp not null,
    user_name varchar not null,
    event     varchar not null,
    page      varchar,
    detail    varchar
);

-- How a clerk's ledger layout (its set of headers) was read last time: the ledger kind, columns the
-- clerk mapped by hand and facts supplied for the file; the next ledger of the same layout reuses
-- them. Written by sanlian.ingest.write.
create table import_layouts (
    layout   varchar primary key,
    kind     varchar not null,
    columns  varchar not null,
    supplied varchar not null,
    saved_at timestamp not null
);
