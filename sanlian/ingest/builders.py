"""One builder per kind of ledger: the clerk's fields → rows of our tables (see translate.Builder)."""

import re
import unicodedata
from datetime import date

import numpy as np
import pandas as pd

from sanlian.ingest import vocabulary
from sanlian.ingest.directory import person, split_names
from sanlian.ingest.translate import Builder, new_or_existing, org_rows_for, unit_orgs

LEADER_BODIES = (("人大", "县人大"), ("政协", "县政协"), ("县长", "县政府"), ("政府", "县政府"),
                 ("县委", "县委"), ("书记", "县委"), ("常委", "县委"), ("纪委", "县委"), ("部长", "县委"))
_DAYS_LIMIT = re.compile(r"^(\d+)个?(工作日|天|日)(内)?$")


def build_org_villages(b: Builder) -> None:
    """结对一览表: a row per village with its 牵头 org and any 协同 orgs → orgs, org_villages."""
    villages = b.village_codes()
    start, end = b.dates("start_date", b.fact("start_date")), b.dates("end_date")
    leads = b.text("org").map(split_names)
    named = leads + b.text("partner_orgs").map(split_names)
    first_role = b.text("role").map(lambda v: vocabulary.canonical("role", v) or v).astype(object).fillna("牵头")
    if not b.has("role") and not b.has("partner_orgs"):
        later = villages.duplicated() & villages.notna()
        first_role = first_role.mask(later, "协同")
        if later.any():
            b.out.notes.append("台账没有“牵头/协同”之分：每村第一个结对单位记为牵头，其余记为协同。")
    _new_orgs(b, named.explode().dropna(), b.text("agency"))
    for k in range(int(named.map(len).max() or 0)):
        one = named.map(lambda names, k=k: names[k] if len(names) > k else None)
        role = first_role if k == 0 else pd.Series("协同", index=b.index, dtype=object)
        b.emit("org_villages", {"org_id": b.org_ids(one, "org"), "village_code": villages, "role": role,
                                "start_date": start, "end_date": end}, rows=one.notna())
    b.out.header_of["org_id"] = b.label("org")


def _new_orgs(b: Builder, names: pd.Series, units: pd.Series) -> None:
    """The orgs a 结对一览表 names for the first time, each at the row that first names it; the
    unit column, where the ledger has one, names the lead org's unit."""
    orgs = org_rows_for(names, b)
    first_row = {}
    for row, name in names.items():
        first_row.setdefault(person(name), row)
    orgs.index = pd.Index(orgs["name"].map(first_row).to_numpy())
    lead_unit = {person(split_names(o)[0]): u for o, u in zip(b.text("org"), units)
                 if split_names(o) and isinstance(u, str)}
    orgs["agency"] = orgs["name"].map(lead_unit).astype(object).where(lambda u: u.notna(), orgs["agency"])
    untyped = orgs["org_type"].isna()
    if untyped.any():
        b.missing_fact("组织类型", f"看不出这些党组织的类型（党委、党总支或党支部）：{'、'.join(orgs.loc[untyped, 'name'])}"
                                 "，也可在名称中写全")
    if len(orgs):
        b.out.notes.append(f"新建机关党组织 {len(orgs)} 个（单位名称取党组织名称去掉“党支部”等字样）。")
    b.add_part("orgs", orgs.rename(columns={"id": "org_id"})[["org_id", "name", "agency", "org_type"]])
    b.directory.add("orgs", orgs.reset_index(drop=True))


def build_members(b: Builder) -> None:
    """党员名册 → members (new ids for new members; their org must exist)."""
    source = "org" if b.has("org") else "agency"
    unit = b.text("org").where(b.text("org").notna(), b.text("agency"))
    if not b.has("org") and not b.has("agency"):
        unit = _unit_in_title(b)
    orgs = unit_orgs(b, unit, source)
    names = b.text("member")
    in_org = {(person(n), o): i for i, n, o in zip(b.directory.members["id"], b.directory.members["name"],
                                                    b.directory.members["org_id"])}
    known = pd.Series([in_org.get((person(n), o)) for n, o in zip(names, orgs)], index=b.index, dtype=object)
    ids = new_or_existing(known, pd.DataFrame({"n": names.map(person), "o": orgs}),
                          lambda n: b.directory.new_ids("M", b.directory.members, n))
    b.emit("members", {"member_id": ids, "name": names, "org_id": orgs, "phone": b.text("phone")})
    org_name = dict(zip(b.directory.orgs["id"], b.directory.orgs["name"]))
    org_unit = dict(zip(b.directory.orgs["id"], b.directory.orgs["agency"]))
    b.directory.add("members", pd.DataFrame({"id": ids, "name": names, "org_id": orgs,
                                             "org": orgs.map(org_name), "agency": orgs.map(org_unit)})
                    .drop_duplicates("id"))



def _unit_in_title(b: Builder) -> pd.Series:
    """A roster of one unit names it in its title (县水务局党支部党员名册): the longest org or unit
    name the title holds; missing otherwise (a problem that asks for it)."""
    title = f"{b.sheet.context.get('title', '')} {b.sheet.name}"
    names = [n for n in [*b.directory.orgs["name"], *b.directory.orgs["agency"]] if isinstance(n, str) and n in title]
    if not names:
        b.missing_fact("党组织", "台账中没有党组织或单位列，标题中也没有写明")
        return pd.Series(None, index=b.index, dtype=object)
    found = max(names, key=len)
    b.out.notes.append(f"「党组织」台账中没有这一列，按标题中的“{found}”填写。")
    return pd.Series(found, index=b.index, dtype=object)


def build_leader_townships(b: Builder) -> None:
    """驻点安排表 → leaders (new where the name is new) and one stationing per township named."""
    names, posts = b.text("leader"), b.text("post")
    bodies = b.text("body") if b.has("body") else _bodies(b, posts)
    ids = new_or_existing(b.directory.leader_ids(names), pd.DataFrame({"n": names.map(person)}),
                          lambda n: b.directory.new_ids("L", b.directory.leaders, n))
    b.emit("leaders", {"leader_id": ids, "name": names, "post": posts, "body": b.choice("body", bodies)},
           rows=~ids.duplicated())
    b.directory.add("leaders", pd.DataFrame({"id": ids, "name": names}).drop_duplicates("id"))
    start, end = b.dates("start_date", b.fact("start_date")), b.dates("end_date")
    towns = b.text("township").map(split_names)
    for k in range(int(towns.map(len).max() or 0)):
        one = towns.map(lambda t, k=k: t[k] if len(t) > k else None)
        codes, reasons = b.places.township_codes(one)
        b.problem(reasons.notna(), "township", reasons, one)
        b.emit("leader_townships", {"leader_id": ids, "township_code": codes, "start_date": start,
                                    "end_date": end}, rows=one.notna())


def _bodies(b: Builder, posts: pd.Series) -> pd.Series:
    """所属班子 from the post (县委书记 → 县委); the value supplied for the file fills the rest."""
    inferred = posts.map(_body_of)
    b.out.notes.append("「所属班子」按职务推定（县委书记→县委，县长、副县长→县政府，人大→县人大，政协→县政协）。")
    if inferred.isna().any() and "body" in b.supplied:
        b.out.notes.append(f"职务看不出班子的领导，按指定值“{b.supplied['body']}”填写。")
        return inferred.fillna(b.supplied["body"])
    if inferred.isna().any():
        b.missing_fact("所属班子", "有的职务看不出属于哪个班子（县委、县人大、县政府、县政协）")
    return inferred


def _body_of(post) -> str | None:
    if not isinstance(post, str):
        return None
    return next((body for word, body in LEADER_BODIES if word in post), None)


def build_households(b: Builder) -> None:
    """花名册 → households (matched by 户主 + 村, else new) and, with a 结对党员 column, the pairings."""
    villages = b.village_codes()
    names, phones = b.text("head_name"), b.text("phone")
    found, reasons = b.directory.household_ids(names, villages, phones)
    several = reasons.notna() & ~reasons.eq("missing")
    b.problem(several, "head_name", reasons.map(lambda r: f"同村同名的联系户已有多户（{r}），联系电话也无法区分：请核对"))
    ids = new_or_existing(found, pd.DataFrame({"n": names.map(person), "v": villages, "p": phones}),
                          lambda n: b.directory.new_ids("H", b.directory.households, n))
    b.emit("households", {"household_id": ids, "village_code": villages, "head_name": names,
                          "phone": phones, "size": b.numbers("size"), "main_industry": b.text("main_industry")})
    b.directory.add("households", pd.DataFrame({"id": ids, "name": names, "village_code": villages,
                                                "phone": phones}).drop_duplicates("id"))
    if b.has("member"):
        members = b.existing(_members_or_new(b), "member", "members", "结对党员")
        start = b.dates("start_date", b.fact("start_date"))
        b.directory.add("pairs", pd.DataFrame({"member_id": members, "household_id": ids}).dropna())
        b.emit("member_households", {"member_id": members, "household_id": ids, "start_date": start,
                                     "end_date": b.dates("end_date")}, rows=b.text("member").notna())


def _members_or_new(b: Builder) -> tuple[pd.Series, pd.Series]:
    """The paired members a 花名册 names; one not yet on record is added to the org of the unit
    the roster gives for them (a roster may create the people it names)."""
    names = b.text("member")
    unit = b.text("org").where(b.text("org").notna(), b.text("agency"))
    ids, reasons = b.directory.member_ids(names, unit)
    orgs, _ = b.directory.org_ids_by_unit(unit)
    new = reasons.eq("missing") & names.notna() & orgs.notna()
    if not new.any():
        return ids, reasons
    made = new_or_existing(pd.Series(None, index=b.index, dtype=object).where(~new, None),
                           pd.DataFrame({"n": names.map(person), "o": orgs}),
                           lambda n: b.directory.new_ids("M", b.directory.members, n)).where(new)
    b.emit("members", {"member_id": made, "name": names, "org_id": orgs, "phone": b.text("member_phone")},
           rows=new & ~made.duplicated())
    org_name = dict(zip(b.directory.orgs["id"], b.directory.orgs["name"]))
    b.directory.add("members", pd.DataFrame({"id": made, "name": names, "org_id": orgs, "org": orgs.map(org_name),
                                             "agency": unit})[new].drop_duplicates("id"))
    b.out.notes.append(f"新建党员 {made[new].nunique()} 名：花名册中的结对党员尚未登记，按其单位的党组织登记。")
    return ids.where(~new, made), reasons.where(~new, None)


def build_activities(b: Builder) -> None:
    """走访登记 / 领导活动台账 → activities; the 三联类型 follows from who acted. A register with a
    column per month (1月 … 12月, a √ or the day) gives one visit per filled month."""
    link_inferred, why = _activity_link(b)
    link = b.choice("link", b.fact("link", link_inferred, why))
    default_kind = "走访" if link_inferred == "3" else None
    kind = b.choice("kind", b.fact("kind", default_kind, "走访登记表记录的是党员走访联系户"))
    villages = b.village_codes()
    households = _households(b, villages, required=link.eq("3"))
    members = b.existing(_members_of_households(b, households), "member", "members", "党员")
    leaders = b.directory.leader_ids(b.text("leader"))
    b.problem(b.text("leader").notna() & leaders.isna(), "leader",
              "县领导不存在：请先导入“县领导联系驻点乡镇安排表”，或核对姓名")
    member_org = members.map(dict(zip(b.directory.members["id"], b.directory.members["org_id"])))
    orgs = b.directory.org_ids(b.text("org")) if b.has("org") else member_org
    columns = {"link": link, "kind": kind, "leader_id": leaders, "org_id": orgs,
               "member_id": members, "township_code": b.township_codes(villages), "village_code": villages,
               "household_id": households, "participants": b.numbers("participants"), "note": b.text("note"),
               "has_photo": b.text("has_photo"), "has_location": b.text("has_location"),
               "household_confirmed": b.text("household_confirmed")}
    for day in _visit_days(b):
        key = pd.DataFrame({"d": day, "l": link, "k": kind, "a": _first_of(leaders, members, orgs),
                            "t": _first_of(households, villages)})
        ids, repeated = _event_ids(b, "activities", key)
        keep = ~repeated & day.notna() if b.has_month_columns() else ~repeated
        b.emit("activities", {**columns, "activity_date": day, "activity_id": ids}, rows=keep)


def _visit_days(b: Builder) -> list[pd.Series]:
    """The visit dates: the date column, or one series per month column of a monthly register."""
    months = b.month_columns()
    if not months or b.has("activity_date"):
        return [b.dates("activity_date")]
    days = []
    for position, found_year, month in months:
        year = found_year or int(b.supplied.get("year", 0)) or None
        if year is None:
            b.missing_fact("年度", "按月登记的走访表看不出年份（标题或表头中没有写明）")
            return []
        cells = b.sheet.rows[position]
        ticked = cells.map(lambda v: vocabulary.canonical("bool", v) == "是")
        written = cells.map(lambda v, y=year, m=month: _day_in_month(v, y, m) if isinstance(v, str) else None)
        first = f"{year:04d}-{month:02d}-01"
        days.append(written.where(written.notna(), pd.Series(first, index=b.index).where(ticked)).astype(object))
    if any(d.notna().any() for d in days):
        b.out.notes.append("按月登记的走访：每个填了日期或打了勾的月份记一次走访，只打勾的按当月 1 日计。")
    return days


def _day_in_month(text: str, year: int, month: int) -> str | None:
    """15 / 15日 / 1.15 / 1月15日 in the column of month `month`: that day; None otherwise."""
    found = re.fullmatch(r"(?:(\d{1,2})[./月])?(\d{1,2})[日号]?", unicodedata.normalize("NFKC", text).strip())
    if not found or (found.group(1) and int(found.group(1)) != month):
        return None
    try:
        return date(year, month, int(found.group(2))).isoformat()
    except ValueError:
        return None


def _members_of_households(b: Builder, households: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Members by name; where two share the name, the one paired with the visited household."""
    ids, reasons = b.directory.member_ids(b.text("member"), b.text("agency"))
    several = reasons.notna() & ~reasons.eq("missing")
    for key in several[several].index:
        if found := b.directory.paired_member(b.text("member")[key], households[key]):
            ids[key], reasons[key] = found, None
    return ids, reasons


def _first_of(*columns: pd.Series) -> pd.Series:
    """Per row, the first column's value that is not blank."""
    out = columns[0].astype(object)
    for column in columns[1:]:
        out = out.where(out.notna(), column.astype(object))
    return out


def _activity_link(b: Builder) -> tuple[str | None, str]:
    if b.has("leader"):
        return "1", "县领导活动台账记录的是领导联乡镇"
    if b.has("member") or b.has("head_name"):
        return "3", "走访联系户登记表记录的是党员联群众"
    if b.has("org"):
        return "2", "机关党组织联村活动登记表记录的是机关联农村"
    return None, ""


def _households(b: Builder, villages: pd.Series, required: pd.Series) -> pd.Series:
    names = b.text("head_name")
    found = b.directory.household_ids(names, villages, b.text("phone"))
    ids = b.existing(found, "head_name", "households", "联系户")
    b.problem(required & names.isna(), "head_name", "党员联群众的走访须写明联系户户主姓名")
    return ids


def _event_ids(b: Builder, table: str, key: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Ids for events a ledger does not number: the existing record with the same date, kind, actor
    and place keeps its id (so importing a ledger twice changes nothing); others get new ones. Rows
    that repeat an earlier row's record are marked, to be counted once (and said so)."""
    existing = {tuple(_key_text(v) for v in r[1:]): r[0] for r in b.directory.events[table].itertuples(index=False)}
    keys = pd.Series([tuple(_key_text(v) for v in row) for row in key.to_numpy()], index=b.index)
    repeated = keys.duplicated() & key.notna().all(axis=1)
    ids = keys.map(existing).astype(object)
    fresh = ids.isna() & ~repeated
    start = b.directory.next_event(table)
    ids[fresh] = np.arange(start, start + int(fresh.sum()))
    b.directory.take_events(table, int(fresh.sum()))
    if repeated.any():
        rows = "、".join(str(r) for r in repeated[repeated].index[:10])
        b.out.notes.append(f"第 {rows} 行与前面某行是同一条记录（日期、人员、对象和形式都相同），只计一次。")
    return ids, repeated


def _key_text(value) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def build_issues(b: Builder) -> None:
    """民情台账 → issues; a named 反映人 is linked to the household where one matches."""
    link_inferred, why = _issue_link(b)
    villages = b.village_codes()
    raised = b.dates("raised_date")
    found, _ = b.directory.household_ids(b.text("head_name"), villages)
    closed = b.dates("closed_date", _not_closed_blank(b.text("closed_date")))
    resolved = b.choice("is_resolved", b.text("is_resolved"))
    if not b.has("is_resolved") and b.has("closed_date"):
        b.out.notes.append("台账没有“是否解决”列：已办结的问题一律记为“未标明已解决”，解决率将偏低。")
    satisfaction = b.choice("satisfaction", b.text("satisfaction"))
    if b.has("satisfaction"):
        b.out.notes.append("满意度换算为 1–5 分：非常满意、满意 5，基本满意 4，一般 3，不满意 2，非常不满意 1"
                           "（满意率计 4 分及以上）。")
    columns = {"raised_date": raised, "link": b.choice("link", b.fact("link", link_inferred, why)),
               "township_code": b.township_codes(villages), "village_code": villages,
               "household_id": found, "category": b.choice("category", b.fact("category")),
               "summary": b.text("summary"), "scale": b.choice("scale", b.fact("scale")),
               "assigned_unit": b.text("assigned_unit"), "due_date": _due(b, raised),
               "closed_date": closed, "is_resolved": resolved, "satisfaction": satisfaction}
    key = pd.DataFrame({"d": raised, "p": _first_of(villages, columns["township_code"]),
                        "s": b.text("summary").map(person)})
    columns["issue_id"], repeated = _event_ids(b, "issues", key)
    b.emit("issues", columns, rows=~repeated)


def _not_closed_blank(cells: pd.Series) -> pd.Series:
    """办理中 / 未办结 / — written where the closing date goes: not closed yet."""
    open_words = cells.map(lambda v: vocabulary.canonical("is_resolved", v) == "否"
                           or (isinstance(v, str) and v.strip() in ("-", "—", "/", "无", "—")))
    return cells.where(~open_words, None)


def _issue_link(b: Builder) -> tuple[str | None, str]:
    if b.has("leader"):
        return "1", "台账按县领导登记，属领导联乡镇"
    if b.has("member"):
        return "3", "台账按党员登记（民情日记），属党员联群众"
    return None, ""


def _due(b: Builder, raised: pd.Series) -> pd.Series:
    """办理时限 as a date, or as 15天 / 10个工作日 counted from the day it was raised."""
    text = b.text("due_date")
    iso = b.dates("due_date")
    limits = text.map(lambda v: _DAYS_LIMIT.match(v.replace(" ", "")) if isinstance(v, str) else None)
    counted = pd.Series(None, index=b.index, dtype=object)
    for key, match in limits.dropna().items():
        start = pd.Timestamp(raised[key]) if isinstance(raised[key], str) and raised[key][:4].isdigit() else None
        if start is None:
            continue
        days = int(match.group(1))
        due = (np.busday_offset(start.date(), days, roll="forward") if match.group(2) == "工作日"
               else start + pd.Timedelta(days=days))
        counted[key] = pd.Timestamp(due).date().isoformat()
    if counted.notna().any():
        b.out.notes.append("「办理时限」写作天数的，按登记日期起算（工作日不含周末）。")
    return counted.where(counted.notna(), iso)


def build_projects(b: Builder) -> None:
    """项目清单 → projects (matched by 名称 + 村, else new) and the orgs that co-build each."""
    villages = b.village_codes()
    names = b.text("project")
    ids = new_or_existing(b.directory.project_ids(names, villages),
                          pd.DataFrame({"n": names.map(person), "v": villages}),
                          lambda n: b.directory.new_ids("P", b.directory.projects, n))
    b.emit("projects", {"project_id": ids, "village_code": villages, "name": names,
                        "area": b.choice("area", b.fact("area")), "investment_yuan": b.money("investment"),
                        "start_date": b.dates("start_date", b.fact("start_date")),
                        "end_date": b.dates("end_date"), "status": b.choice("status", b.fact("status"))})
    b.directory.add("projects", pd.DataFrame({"id": ids, "name": names, "village_code": villages}))
    for column in ("org", "partner_orgs"):
        if not b.has(column):
            continue
        names_per_row = b.text(column).map(split_names)
        for k in range(int(names_per_row.map(len).max() or 0)):
            one = names_per_row.map(lambda t, k=k: t[k] if len(t) > k else None)
            b.emit("project_orgs", {"project_id": ids, "org_id": unit_orgs(b, one, column)}, rows=one.notna())


def build_household_incomes(b: Builder) -> None:
    """收入台账 → household_incomes: one row per household and year (wide year columns unfolded)."""
    villages = b.village_codes() if b.has("village") else pd.Series(None, index=b.index, dtype=object)
    households = b.existing(b.directory.household_ids(b.text("head_name"), villages, b.text("phone")),
                            "head_name", "households", "联系户")
    years = [(p, vocabulary.year_column(h)) for p, h in enumerate(b.sheet.headers)
             if b.columns.get(p) == "year_column"]
    if years:
        for position, year in years:
            header = b.sheet.headers[position]
            b.cells["net_income"], b.headers["net_income"] = b.sheet.rows[position], header
            b.emit("household_incomes", {"household_id": households, "year": pd.Series(str(year), index=b.index),
                                         "net_income_yuan": _income(b)}, rows=b.sheet.rows[position].notna())
        b.out.notes.append(f"按年份分列的收入（{'、'.join(str(y) for _, y in years)}）已展开为每户每年一行。")
        return
    year = b.fact("year", str(b.sheet.context["year"]) if "year" in b.sheet.context else None,
                  "台账中没有年度列，取表头标题中的年份")
    b.emit("household_incomes", {"household_id": households, "year": b.numbers("year") if b.has("year")
                                 else year, "net_income_yuan": _income(b)})


def _income(b: Builder) -> pd.Series:
    if b.has("net_income"):
        return b.money("net_income")
    per_head = pd.to_numeric(b.money("per_capita_income"), errors="coerce")
    size = pd.to_numeric(b.numbers("size"), errors="coerce")
    b.problem(size.isna(), "per_capita_income", "只有人均纯收入时须有家庭人口，才能算出家庭纯收入")
    b.out.notes.append("家庭纯收入 = 人均纯收入 × 家庭人口。")
    return (per_head * size).round(2)


BUILDERS = {"org_villages": build_org_villages, "members": build_members,
            "leader_townships": build_leader_townships, "households": build_households,
            "activities": build_activities, "issues": build_issues, "projects": build_projects,
            "household_incomes": build_household_incomes}
