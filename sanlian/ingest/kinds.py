"""The ledgers clerks keep (一览表, 名册, 花名册, 走访登记, 民情台账, 项目清单, 收入台账): which fields each
kind reads, how it is recognised from its headers, and which facts it can infer or must be given."""

from dataclasses import dataclass, field

from sanlian.ingest import vocabulary

# Facts a ledger may lack, which the clerk supplies once for the whole file (--set 字段=值).
SUPPLIED = {"开始日期": "start_date", "三联类型": "link", "活动形式": "kind", "规模": "scale", "类别": "category",
            "共建领域": "area", "所属班子": "body", "年度": "year", "组织类型": "org_type", "金额单位": "unit",
            "角色": "role", "状态": "status", "乡镇": "township", "村": "village", "党组织": "org", "单位": "agency"}
# Of those, the ones that stand in for a whole column (a sheet of one township, a roster of one unit).
WHOLE_COLUMN = ("township", "village", "org", "agency")

FIELD_LABELS = {
    "township": "乡镇", "village": "村", "name": "姓名", "head_name": "户主姓名", "id_number": "身份证号",
    "phone": "联系电话", "size": "家庭人口", "main_industry": "主要产业", "member": "党员姓名",
    "agency": "单位", "member_phone": "党员电话", "org": "党组织名称", "partner_orgs": "协同单位",
    "org_type": "组织类型", "role": "角色", "start_date": "开始日期", "end_date": "结束日期",
    "leader": "县领导", "post": "职务", "body": "所属班子", "activity_date": "日期", "kind": "活动形式",
    "note": "内容", "participants": "参加人数", "has_photo": "照片", "has_location": "定位",
    "household_confirmed": "户主签字", "raised_date": "登记日期", "summary": "问题内容", "category": "类别",
    "scale": "规模", "assigned_unit": "承办单位", "due_date": "办理时限", "closed_date": "办结时间",
    "is_resolved": "是否解决", "satisfaction": "满意度", "project": "项目名称", "area": "共建领域",
    "investment": "投入资金", "status": "状态", "year": "年度", "net_income": "家庭纯收入",
    "per_capita_income": "人均纯收入", "link": "三联类型", "unit": "金额单位", "seq": "序号",
}


@dataclass(frozen=True)
class Kind:
    """One kind of ledger: the main table it feeds, the fields it reads and how to recognise it.

    `needs`: one field of each group must be a column. `shows`: fields that point to this kind
    when present (they decide between kinds whose needs are met). `roles`: a generic header
    (姓名, 日期) read as this kind's own field."""

    table: str
    title: str
    fields: tuple[str, ...]
    needs: tuple[tuple[str, ...], ...]
    shows: tuple[str, ...]
    roles: dict[str, str] = field(default_factory=dict)
    wide_years: bool = False
    excludes: tuple[str, ...] = ()  # a column meaning any of these says it is another kind

    def accepts(self, field_name: str) -> str | None:
        """This kind's field for a header's field, or None when it does not read it."""
        mine = self.roles.get(field_name, field_name)
        return mine if mine in self.fields else None


PLACE = ("seq", "township", "village")
KINDS = (
    Kind("org_villages", "机关党组织结对村一览表",
         PLACE + ("org", "partner_orgs", "org_type", "role", "agency", "start_date", "end_date"),
         needs=(("org",), ("village",)), shows=("org", "partner_orgs", "role", "org_type"),
         roles={"name": "org"}, excludes=("head_name", "summary", "project", "member", "net_income")),
    Kind("members", "党员名册", ("seq", "member", "org", "agency", "phone", "id_number"),
         needs=(("member",),), shows=("member", "id_number", "org"),
         roles={"name": "member", "member_phone": "phone"},
         excludes=("village", "head_name", "summary", "project", "leader")),
    Kind("leader_townships", "县领导联系驻点乡镇安排表",
         ("seq", "leader", "post", "body", "township", "start_date", "end_date"),
         needs=(("leader",), ("township",)), shows=("leader", "post", "body"),
         roles={"name": "leader", "activity_date": "start_date"}, excludes=("summary", "participants")),
    Kind("households", "党员联系户花名册",
         PLACE + ("head_name", "id_number", "phone", "size", "main_industry", "member", "agency", "org",
                  "member_phone", "start_date", "end_date"),
         needs=(("head_name",), ("village",)), shows=("head_name", "size", "main_industry", "id_number"),
         roles={"name": "head_name"},
         excludes=("net_income", "per_capita_income", "year_column", "activity_date", "summary", "project")),
    Kind("activities", "走访和活动登记",
         PLACE + ("activity_date", "kind", "member", "agency", "leader", "org", "head_name", "note",
                  "participants", "has_photo", "has_location", "household_confirmed", "link"),
         needs=(("activity_date",), ("member", "leader", "head_name", "org")),
         shows=("activity_date", "kind", "participants", "has_photo", "has_location",
                "household_confirmed", "member", "head_name")),
    Kind("issues", "民情台账",
         PLACE + ("raised_date", "head_name", "summary", "category", "scale", "assigned_unit", "due_date",
                  "closed_date", "is_resolved", "satisfaction", "link", "member", "agency", "leader"),
         needs=(("summary",), ("raised_date",)),
         shows=("summary", "category", "assigned_unit", "due_date", "closed_date", "is_resolved",
                "satisfaction", "raised_date"),
         roles={"activity_date": "raised_date", "name": "head_name"}),
    Kind("projects", "结对共建项目清单",
         PLACE + ("project", "org", "partner_orgs", "area", "investment", "start_date", "end_date", "status"),
         needs=(("project",),), shows=("project", "investment", "area", "status"),
         roles={"assigned_unit": "org", "agency": "org"}),
    Kind("household_incomes", "结对农户家庭收入台账",
         PLACE + ("head_name", "id_number", "phone", "year", "net_income", "per_capita_income", "size"),
         needs=(("head_name",), ("net_income", "per_capita_income")),
         shows=("net_income", "per_capita_income", "year"), roles={"name": "head_name"}, wide_years=True),
)
KIND_OF = {kind.table: kind for kind in KINDS}


TICKED = "ticked:"
UNRECOGNISED = "表头中没有认出任何一种台账所需的列"


UNUSED = "不使用"


def column_fields(kind: Kind, headers: list[str], chosen_by_clerk: dict[str, str] | None = None) -> dict[int, str]:
    """Header position → this kind's field; the first column of a field wins. `chosen_by_clerk`
    (header → field label, or 不使用) comes before the vocabulary."""
    by_label = {label: name for name, label in FIELD_LABELS.items()}
    chosen: dict[int, str] = {}
    for position, header in enumerate(headers):
        own = (chosen_by_clerk or {}).get(header)
        if own is not None:
            if own != UNUSED and by_label.get(own) in kind.fields:
                chosen[position] = by_label[own]
            continue
    for position, header in enumerate(headers):
        if not header or position in chosen or header in (chosen_by_clerk or {}):
            continue
        if kind.wide_years and vocabulary.year_column(header):
            chosen[position] = "year_column"
            continue
        if kind.table == "activities" and vocabulary.month_column(header):
            chosen[position] = "month_column"
            continue
        if vocabulary.TICK in header:  # one column per choice: the ticked one holds the value
            group = header.split(vocabulary.TICK)[0]
            mine = next((m for f in vocabulary.fields_of(group) if (m := kind.accepts(f))), None)
            if mine and mine not in chosen.values():
                chosen[position] = TICKED + mine
            continue
        mine = next((m for f in vocabulary.fields_of(header) if (m := kind.accepts(f))), None)
        if mine and mine not in chosen.values():
            chosen[position] = mine
    return chosen


def field_choices(kind: Kind) -> list[str]:
    """The labels a clerk may map a column to, for this kind."""
    return [FIELD_LABELS[f] for f in kind.fields if f != "seq" and f in FIELD_LABELS]


def recognise(headers: list[str]) -> tuple[Kind | None, str]:
    """The kind whose needs the headers meet and that they point to most; (None, why) otherwise."""
    scored = []
    anywhere = {vocabulary.fields_of(h)[0] for h in headers if h and vocabulary.fields_of(h)}
    anywhere |= {"year_column"} if any(h and vocabulary.year_column(h) for h in headers) else set()
    anywhere |= {"activity_date"} if any(h and vocabulary.month_column(h) for h in headers) else set()
    for order, kind in enumerate(KINDS):
        present = {f.removeprefix(TICKED) for f in column_fields(kind, headers).values()}
        if "year_column" in present:
            present |= {"net_income", "year"}
        if "month_column" in present:
            present |= {"activity_date"}
        if all(present & set(group) for group in kind.needs) and not anywhere & set(kind.excludes):
            scored.append((len(present & set(kind.shows)), len(present), -order, kind))
    if not scored:
        return None, UNRECOGNISED
    best = max(scored, key=lambda s: s[:3])
    return best[3], ""
