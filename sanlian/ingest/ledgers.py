"""The importable ledgers (台账): one per table, its Chinese columns, key, allowed values and notes."""

import re
from dataclasses import dataclass
from functools import cache

from sanlian import labels, settings

# Plausible bounds, inside the schema's column types (schema.sql; tests/test_ingest_ranges.py checks
# that each int and money column has them and that they fit): ids are bigint but read through a float,
# exact below 2^53; money is decimal(14, 2); participants an integer.
MAX_ID = 999_999_999_999_999
MAX_INVESTMENT_YUAN = 10_000_000_000
MAX_INCOME_YUAN = 100_000_000
MAX_PARTICIPANTS = 1_000_000


@dataclass(frozen=True)
class Column:
    """One column of a ledger: database name, Chinese header, kind and what it may hold.

    Kinds: text, int, money, date, bool, choice (the schema's CHECK list), link (1–3 or its name),
    township and village (name or code), coordinate.
    """

    name: str
    header: str
    kind: str = "text"
    required: bool = False
    note: str = ""
    example: object = None
    refers: str | None = None
    low: float | None = None
    high: float | None = None
    aliases: tuple[str, ...] = ()
    future_ok: bool = False  # planned dates (due, end) may lie after today; events may not

    def headers(self) -> set[str]:
        """Every header this column is recognised by: Chinese, English and aliases."""
        return {self.header, self.name, labels.column(self.name), *self.aliases}


@dataclass(frozen=True)
class Ledger:
    """One importable table: its sheet title, columns and key (a key already in the db is updated)."""

    table: str
    title: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    update_only: bool = False

    def column(self, name: str) -> Column:
        """The column with this database name."""
        return next(c for c in self.columns if c.name == name)


def _date(name, header, required=False, example=None, note="", future_ok=False):
    note = note or ("格式 2024-03-05" if future_ok else "格式 2024-03-05，不晚于今天")
    return Column(name, header, "date", required, note, example, future_ok=future_ok)


def _ref(name, header, table, required=True, example=None):
    return Column(name, header, "text", required, f"须是已导入（或本文件前面工作表中）的{header}",
                  example, refers=table)


TOWNSHIP = Column("township_code", "乡镇", "township", True, "乡镇名称或代码，如 马市镇 或 440222101",
                  "马市镇")
VILLAGE = Column("village_code", "村（居）委会", "village", True,
                 "村（居）委会名称或代码，如 安水村委会、安水村 或 12 位代码", "安水村委会")
START = _date("start_date", "开始日期", True, "2023-01-01")
END = _date("end_date", "结束日期", note="格式 2024-03-05；空白表示仍在结对；不早于开始日期",
            future_ok=True)

LEDGERS = {ledger.table: ledger for ledger in (
    Ledger("villages", "村坐标", "更新村（居）委会的经纬度（只更新已有的村，不新增）",
           ("village_code",), (
               VILLAGE,
               Column("lon", "经度", "coordinate", True, "GCJ-02 经度，如 114.15", 114.15,
                      low=108, high=118),
               Column("lat", "纬度", "coordinate", True, "GCJ-02 纬度，如 25.03", 25.03,
                      low=20, high=27)),
           update_only=True),
    Ledger("leaders", "县领导", "县四套班子领导", ("leader_id",), (
        Column("leader_id", "领导编号", required=True, note="唯一编号，如 L001", example="L001"),
        Column("name", "姓名", required=True, example="华关", aliases=("县领导",)),
        Column("post", "职务", required=True, example="县委书记"),
        Column("body", "所属班子", "choice", True, example="县委"))),
    Ledger("leader_townships", "领导驻点", "县领导驻点乡镇（领导联乡镇）",
           ("leader_id", "township_code", "start_date"), (
               _ref("leader_id", "领导编号", "leaders", example="L001"),
               TOWNSHIP, START, END)),
    Ledger("orgs", "机关党组织", "县直机关党组织", ("org_id",), (
        Column("org_id", "组织编号", required=True, note="唯一编号，如 O001", example="O001"),
        Column("name", "组织名称", required=True, example="县住管局党支部",
               aliases=("机关党组织",)),
        Column("agency", "单位", required=True, example="县住房和城乡建设管理局"),
        Column("org_type", "组织类型", "choice", True, example="党支部"))),
    Ledger("org_villages", "组织结对村", "机关党组织结对村（机关联农村；一村多个组织即“1+N”）",
           ("org_id", "village_code", "start_date"), (
               _ref("org_id", "组织编号", "orgs", example="O001"),
               VILLAGE,
               Column("role", "角色", "choice", True, example="牵头"),
               START, END)),
    Ledger("members", "机关党员", "机关党员", ("member_id",), (
        Column("member_id", "党员编号", required=True, note="唯一编号，如 M0001", example="M0001"),
        Column("name", "姓名", required=True, example="邓国斌", aliases=("结对党员",)),
        _ref("org_id", "组织编号", "orgs", example="O001"),
        Column("phone", "电话", example="13800000000", aliases=("党员电话",)))),
    Ledger("households", "联系户", "党员联系的农户", ("household_id",), (
        Column("household_id", "农户编号", required=True, note="唯一编号，如 H000001",
               example="H000001"),
        VILLAGE,
        Column("head_name", "户主", required=True, example="彭长优"),
        Column("phone", "电话", example="13900000000", aliases=("户主电话",)),
        Column("size", "家庭人口", "int", note="1 到 30 之间的整数", example=4, low=1, high=30),
        Column("main_industry", "主要产业", example="水稻种植"))),
    Ledger("member_households", "党员联户", "机关党员联系农户（党员联群众）",
           ("member_id", "household_id", "start_date"), (
               _ref("member_id", "党员编号", "members", example="M0001"),
               _ref("household_id", "农户编号", "households", example="H000001"),
               START, END)),
    Ledger("activities", "活动记录", "讲党课、座谈、走访等活动，每次一行", ("activity_id",), (
        Column("activity_id", "活动编号", "int", True, "唯一整数编号", 1, low=1, high=MAX_ID),
        _date("activity_date", "活动日期", True, "2024-03-05"),
        Column("link", "三联类型", "link", True, "1 或 领导联乡镇；2 或 机关联农村；3 或 党员联群众", 3),
        Column("kind", "活动形式", "choice", True, example="走访"),
        _ref("leader_id", "领导编号", "leaders", required=False),
        _ref("org_id", "组织编号", "orgs", required=False, example="O001"),
        _ref("member_id", "党员编号", "members", required=False, example="M0001"),
        Column("township_code", "乡镇", "township",
               note="乡镇名称或代码；填了村可不填乡镇", example="沈所镇"),
        Column("village_code", "村（居）委会", "village", note="村（居）委会名称或代码",
               example="兴仁村委会"),
        _ref("household_id", "农户编号", "households", required=False, example="H000001"),
        Column("participants", "参与人数", "int", note="不小于 0 的整数", example=1, low=0,
               high=MAX_PARTICIPANTS),
        Column("note", "备注", example="了解水稻种植情况"),
        Column("has_photo", "有照片", "bool", note="是 或 否，空白为否", example="是"),
        Column("has_location", "有定位", "bool", note="是 或 否，空白为否", example="是"),
        Column("household_confirmed", "农户确认", "bool", note="是 或 否，空白为否", example="否"))),
    Ledger("issues", "民情问题", "群众反映的问题及办理情况", ("issue_id",), (
        Column("issue_id", "问题编号", "int", True, "唯一整数编号", 1, low=1, high=MAX_ID),
        _date("raised_date", "提出日期", True, "2024-03-05"),
        Column("activity_id", "活动编号", "int", note="发现问题的活动编号（可空）",
               refers="activities", low=1, high=MAX_ID),
        Column("link", "三联类型", "link", True, "1 或 领导联乡镇；2 或 机关联农村；3 或 党员联群众", 3),
        Column("township_code", "乡镇", "township", note="乡镇名称或代码；填了村可不填乡镇",
               example="马市镇"),
        Column("village_code", "村（居）委会", "village", note="村（居）委会名称或代码",
               example="安水村委会"),
        _ref("household_id", "农户编号", "households", required=False),
        Column("category", "类别", "choice", True, example="饮水用水"),
        Column("summary", "问题摘要", required=True, example="旱季用水紧张"),
        Column("scale", "规模", "choice", True, example="一般"),
        Column("assigned_unit", "承办单位", example="县水务局"),
        _date("due_date", "办结期限", example="2024-04-05", note="格式 2024-03-05；不早于提出日期",
              future_ok=True),
        _date("closed_date", "办结日期", example="2024-03-30", note="空白表示未办结；不早于提出日期"),
        Column("is_resolved", "已解决", "bool", note="是 或 否，空白为否；未办结的不能为是",
               example="是"),
        Column("satisfaction", "满意度", "int", note="1 到 5 的整数，空白表示未评价；未办结的须空白",
               example=5, low=1, high=5),
        Column("reopened", "曾重新办理", "bool", note="是 或 否，空白为否", example="否"))),
    Ledger("projects", "共建项目", "机关党组织与村共建的项目", ("project_id",), (
        Column("project_id", "项目编号", required=True, note="唯一编号，如 P0001", example="P0001"),
        VILLAGE,
        Column("name", "项目名称", required=True, example="总村文化广场", aliases=("project_name",)),
        Column("area", "共建领域", "choice", True, example="建设美丽乡村"),
        Column("investment_yuan", "投入（元）", "money", True, "不小于 0 的金额，单位元", 300000,
               low=0, high=MAX_INVESTMENT_YUAN),
        _date("start_date", "开始日期", True, "2024-02-01", "格式 2024-03-05；规划中的项目可填计划日期",
              future_ok=True),
        _date("end_date", "结束日期", note="计划或实际完工日期，格式 2024-03-05；不早于开始日期",
              future_ok=True),
        Column("status", "状态", "choice", True, example="在建"))),
    Ledger("project_orgs", "项目共建组织", "参与共建项目的机关党组织", ("project_id", "org_id"), (
        _ref("project_id", "项目编号", "projects", example="P0001"),
        _ref("org_id", "组织编号", "orgs", example="O001"))),
    Ledger("household_incomes", "农户收入", "结对农户的年度家庭纯收入", ("household_id", "year"), (
        _ref("household_id", "农户编号", "households", example="H000001"),
        Column("year", "年度", "int", True, "2000 到 2100 的年份", 2024, low=2000, high=2100),
        Column("net_income_yuan", "家庭纯收入（元）", "money", True, "不小于 0 的金额，单位元",
               58000, low=0, high=MAX_INCOME_YUAN))),
)}

# Short forms clerks write for township names that the reference data spells out in full.
TOWNSHIP_ALIASES = {"深渡水乡": "深渡水瑶族乡", "深渡水": "深渡水瑶族乡"}

LINK_VALUES = {**{str(k): k for k in labels.LINK_NAMES}, **{v: k for k, v in labels.LINK_NAMES.items()}}

_CHECK_IN = re.compile(r"(\w+)\s+varchar[^,]*?check\s*\(\s*\w+\s+in\s*\(([^)]*)\)", re.S)
_TABLE = re.compile(r"create table (\w+) \((.*?)\n\);", re.S)


@cache
def choices(table: str, column: str) -> tuple[str, ...]:
    """The allowed values of a column, read from the CHECK list in schema.sql (one source)."""
    schema = settings.SCHEMA_FILE.read_text(encoding="utf-8")
    body = dict(_TABLE.findall(schema))[table]
    lists = {name: tuple(re.findall(r"'([^']*)'", values)) for name, values in _CHECK_IN.findall(body)}
    return lists[column]


def ledger_for(name: str) -> Ledger | None:
    """A ledger by table name or Chinese title."""
    return LEDGERS.get(name) or next((ledger for ledger in LEDGERS.values() if ledger.title == name), None)


def allowed_text(ledger: Ledger, column: Column) -> str:
    """The notes-sheet text for what a column may hold."""
    if column.kind == "choice":
        return "、".join(choices(ledger.table, column.name))
    if column.kind == "bool":
        return "是、否"
    if column.kind == "link":
        return "、".join(f"{k}（{v}）" for k, v in labels.LINK_NAMES.items())
    return ""
