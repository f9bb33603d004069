"""Generate the real-layout ledger corpus (issue 12) and each file's expectation sidecar.

One consistent county data world, imported in order from an empty database:

    结对一览表 → 党员名册 → 驻点安排表 → 联系户花名册 → 结对帮扶台账 → 走访登记/汇总 → 讲党课座谈会台账
    → 共建活动(.et) → 民情台账 → 民情日记(GBK CSV) → 项目清单 → 项目推进表(.xls) → 收入台账 → 监测户收入表
    → two trap files that must be refused (ambiguous names).

People are invented; townships and villages are the real ones of data/reference. Every layout
follows a public source cited in README.md. Run `python tests/ledgers/make_corpus.py` to rewrite
the files (deterministic: same bytes for the same code, apart from xlsx zip timestamps).

Expectation rows are written in natural names (never IDs), in the columns listed in README.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# Reference geography (real names; the database's spelling, data/reference/*.csv)
# --------------------------------------------------------------------------------------------

# fmt: off
VILLAGE_TOWNSHIP = {
    "安水村委会": "马市镇", "红梨村委会": "马市镇",
    "总村村委会": "顿岗镇", "大村村委会": "顿岗镇", "周所村委会": "顿岗镇",
    "兴仁村委会": "沈所镇", "沈北村委会": "沈所镇",
    "河口村委会": "司前镇",
    "深渡水村委会": "深渡水瑶族乡",
    "暖田村委会": "澄江镇",
    "水南村委会": "太平镇",
    "满堂村委会": "隘子镇",
}
# fmt: on


def town(village: str) -> str:
    return VILLAGE_TOWNSHIP[village]


# --------------------------------------------------------------------------------------------
# The data world
# --------------------------------------------------------------------------------------------

# 1. org pairings: (township as written, village as written, reference village, lead org, [co-orgs])
# fmt: off
PAIRINGS = [
    ("马市镇", "安水村", "安水村委会", "县水务局党总支", ["县应急管理局党支部", "县气象局党支部"]),
    ("马市镇", "红梨村", "红梨村委会", "县文广旅体局党支部", []),
    ("顿岗镇", "总村", "总村村委会", "县住管局党支部", ["城东区雨污分流管网建设项目党支部"]),
    ("顿岗镇", "大村村民委员会", "大村村委会", "县人民医院党委", []),
    ("顿岗镇", "周所村委", "周所村委会", "县教育局机关党委", []),
    ("沈所镇", "兴仁村", "兴仁村委会", "县农业农村局机关党委", []),
    ("沈所镇", "沈北村委会", "沈北村委会", "县人力资源和社会保障局党支部", []),
    ("司前镇", "河口村", "河口村委会", "县财政局党总支部", []),
    ("深渡水乡", "深渡水村", "深渡水村委会", "县林业局党支部", []),
    ("澄江镇", "暖田村", "暖田村委会", "县自然资源局党支部", []),
    ("太平镇", "水南村", "水南村委会", "县卫生健康局机关党委", []),
    ("隘子镇", "满堂村", "满堂村委会", "县司法局党支部", []),
]
# fmt: on


def org_type(name: str) -> str:
    if name.endswith(("党委", "机关党委")):
        return "党委"
    if name.endswith(("党总支", "党总支部")):
        return "党总支"
    return "党支部"


# 2. members: name, sex, born, org, unit/post, phone, id as written
# fmt: off
MEMBERS = [
    ("邓国斌", "男", "1976.03", "县农业农村局机关党委", "县农业技术推广中心主任", "13802661735", "440222197603150817"),
    ("钟丽萍", "女", "1985.11", "县农业农村局机关党委", "县农业农村局科员", "13719782046", "440222********2625"),
    ("何志强", "男", "1980.07", "县水务局党总支", "县水务局副局长", "13602893318", "440222********1512"),
    ("赖秋华", "女", "1990.02", "县水务局党总支", "县水务局办公室主任", "15089476620", "440222********0046"),
    ("朱振华", "男", "1983.09", "县应急管理局党支部", "县应急管理局股长", "13922517408", "440222********3716"),
    ("曾宪文", "男", "1979.12", "县住管局党支部", "县住管局副局长", "13826329951", "440222197912060034"),
    ("温雪梅", "女", "1988.06", "县住管局党支部", "县住管局科员", "18823105567", "440222********0428"),
    ("刘建平", "男", "1982.04", "城东区雨污分流管网建设项目党支部", "城东区雨污分流管网建设项目部项目经理",
     "13500159872", "440222********2213"),
    ("王建华", "男", "1978.08", "县人民医院党委", "县人民医院主治医师", "13926384410", "440222********1631"),
    ("叶桂兰", "女", "1981.01", "县人民医院党委", "县人民医院护士长", "13650182237", "440222********0724"),
    ("王建华", "男", "1986.05", "县教育局机关党委", "县教育局股长", "15819057723", "440222********0055"),
    ("陈思远", "男", "1992.10", "县教育局机关党委", "县教育局教研员", "13435127796", "440222********3917"),
    ("罗文辉", "男", "1984.02", "县人力资源和社会保障局党支部", "县人社局科长", "13751409968", "440222********1218"),
    ("黄丽娟", "女", "1987.09", "县文广旅体局党支部", "县文广旅体局科员", "13553046621", "440222********2141"),
    ("谢伟明", "男", "1975.05", "县财政局党总支部", "县财政局副局长", "13622970184", "440222********0313"),
    ("张海燕", "女", "1989.12", "县林业局党支部", "县林业局科员", "18718356402", "440222********4020"),
]
# fmt: on
PHONE = {(m[0], m[3]): m[5] for m in MEMBERS}

# 3. leaders: name, post as written, body, townships as written, reference townships, start as written
# fmt: off
LEADERS = [
    ("华关", "县委书记", "县委", "马市镇", ["马市镇"], "2023年1月"),
    ("陈卫东", "县委副书记、县长", "县政府", "太平镇", ["太平镇"], "2023年1月"),
    ("黄伟强", "县人大常委会主任", "县人大", "澄江镇", ["澄江镇"], "2023年1月"),
    ("李淑芬", "县政协主席", "县政协", "隘子镇", ["隘子镇"], "2023年1月"),
    ("邱振华", "县委副书记", "县委", "沈所镇", ["沈所镇"], "2023年1月"),
    ("朱慧敏", "县委常委、组织部部长", "县委", "马市镇、顿岗镇", ["马市镇", "顿岗镇"], "2023年1月"),
    ("张建新", "常务副县长", "县政府", "城南镇", ["城南镇"], "2023年1月"),
    ("曾小燕", "副县长", "县政府", "罗坝镇", ["罗坝镇"], "2024年3月"),
    ("林少雄", "县人大常委会副主任", "县人大", "司前镇", ["司前镇"], "2026年全年"),
    ("温玉珍", "县政协副主席", "县政协", "深渡水", ["深渡水瑶族乡"], "2023年1月"),
]
# fmt: on

# 4. household roster: township, village as written, reference village, head, size as written,
#    phone, industry, member, member unit as written, member org (for expectations), paired on
# fmt: off
H4 = [
    ("沈所镇", "兴仁村3组", "兴仁村委会", "彭长优", "5人", "13690871425", "水稻种植140亩", "邓国斌", "县农业农村局",
     "县农业农村局机关党委", date(2023, 3, 15)),
    ("沈所镇", "兴仁村1组", "兴仁村委会", "彭观福", "4人", "13727016539", "水稻、烤烟种植", "钟丽萍", "县农业农村局",
     "县农业农村局机关党委", date(2023, 3, 15)),
    ("沈所镇", "兴仁村", "兴仁村委会", "刘秀兰", "3人", "15917340268", "蔬菜种植", "邓国斌", "县农业农村局",
     "县农业农村局机关党委", date(2023, 3, 15)),
    ("沈所镇", "兴仁村", "兴仁村委会", "彭细妹", "2人", "13531280947", "养鸡", "钟丽萍", "县农业农村局",
     "县农业农村局机关党委", date(2023, 3, 15)),
    ("沈所镇", "兴仁村", "兴仁村委会", "刘观娣", "3人", "13543970156", "外出务工", "钟丽萍", "县农业农村局",
     "县农业农村局机关党委", date(2023, 3, 15)),
    ("沈所镇", "兴仁村", "兴仁村委会", "彭长林", "4人", "18676315209", "水稻种植", "邓国斌", "县农业农村局",
     "县农业农村局机关党委", date(2023, 3, 15)),
    ("沈所镇", "沈北村", "沈北村委会", "吴金生", "6人", "13929164873", "生猪养殖", "罗文辉", "县人社局",
     "县人力资源和社会保障局党支部", date(2023, 4, 1)),
    ("沈所镇", "沈北村", "沈北村委会", "赖金莲", "3人", "13118927604", "沙糖桔种植", "罗文辉", "县人社局",
     "县人力资源和社会保障局党支部", date(2023, 4, 1)),
    ("沈所镇", "沈北村", "沈北村委会", "邓石妹", "2人", "15362851097", "低保兜底", "罗文辉", "县人社局",
     "县人力资源和社会保障局党支部", date(2023, 4, 1)),
    ("马市镇", "安水村2组", "安水村委会", "黄春生", "4人", "13826170394", "柑橘种植", "何志强", "县水务局",
     "县水务局党总支", date(2023, 3, 20)),
    ("马市镇", "安水村5组", "安水村委会", "黄春生", "3人", "13692256817", "外出务工", "赖秋华", "县水务局",
     "县水务局党总支", date(2023, 3, 20)),
    ("马市镇", "安水村委", "安水村委会", "李木英", "2人", "13428695130", "种养结合", "朱振华", "县应急管理局",
     "县应急管理局党支部", date(2023, 3, 20)),
    ("马市镇", "红梨村", "红梨村委会", "邱国强", "5人", "13760517392", "黄烟种植", "黄丽娟", "县文广旅体局",
     "县文广旅体局党支部", date(2023, 5, 10)),
    ("顿岗镇", "总村", "总村村委会", "曾桂芳", "4人", "13590473128", "水稻种植", "曾宪文", "县住管局",
     "县住管局党支部", date(2023, 3, 18)),
    ("顿岗镇", "总村", "总村村委会", "温德明", "5人", "13829006715", "养鸭", "温雪梅", "县住管局",
     "县住管局党支部", date(2023, 3, 18)),
    ("顿岗镇", "总村", "总村村委会", "赖石生", "3人", "15007518243", "竹木加工", "刘建平", "城东区雨污分流管网建设项目部",
     "城东区雨污分流管网建设项目党支部", date(2023, 6, 1)),
]
# fmt: on

# 5. second roster (.xls, 顿岗镇): head, village as written, reference, size, phone, industry,
#    member, unit, post, member org, paired on
# fmt: off
H5 = [
    ("叶春华", "大村村3组", "大村村委会", 4, "13690275148", "水稻种植", "王建华", "县人民医院", "主治医师",
     "县人民医院党委", date(2024, 3, 5)),
    ("黄石秀", "大村村民委员会", "大村村委会", 3, "13553709126", "生猪养殖", "叶桂兰", "县人民医院", "护士长",
     "县人民医院党委", date(2024, 3, 5)),
    ("钟水英", "大村2组", "大村村委会", 3, "13926730845", "外出务工", "叶桂兰", "县人民医院", "护士长",
     "县人民医院党委", date(2024, 3, 5)),
    ("陈满堂", "周所村委", "周所村委会", 5, "13802937561", "水稻、花生种植", "王建华", "县教育局", "股长",
     "县教育局机关党委", date(2024, 3, 8)),
    ("张来娣", "周所村4组", "周所村委会", 2, "18926157304", "留守老人", "陈思远", "县教育局", "教研员",
     "县教育局机关党委", date(2024, 3, 8)),
    ("李金福", "周所村", "周所村委会", 4, "13719063582", "果蔬种植", "陈思远", "县教育局", "教研员",
     "县教育局机关党委", date(2024, 3, 8)),
]
# fmt: on

# fmt: off
HOUSEHOLD_MEMBER = {}  # (head, reference village) -> (member, member org)
for _r in H4:
    HOUSEHOLD_MEMBER[(_r[3], _r[2])] = (_r[7], _r[9])
for _r in H5:
    HOUSEHOLD_MEMBER[(_r[0], _r[2])] = (_r[6], _r[9])


def member_org(member: str, head: str, village: str) -> str:
    """The org of the member paired with this household (resolves the two 王建华)."""
    m, org = HOUSEHOLD_MEMBER[(head, village)]
    assert m == member, (member, head, village)
    return org


def excel_serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

TITLE = Font(name="宋体", size=16, bold=True)
BOLD = Font(name="宋体", size=11, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def title_row(ws, row: int, text: str, ncols: int, font=TITLE) -> None:
    ws.cell(row, 1, text).font = font
    ws.cell(row, 1).alignment = CENTER
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def line_row(ws, row: int, text: str, ncols: int) -> None:
    ws.cell(row, 1, text)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)


def header_row(ws, row: int, headers: list[str]) -> None:
    for i, h in enumerate(headers, 1):
        c = ws.cell(row, i, h)
        c.font = BOLD
        c.alignment = CENTER


def merge_down(ws, col: int, first: int, last: int) -> None:
    if last > first:
        ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)


class Shifted:
    """A worksheet seen with an offset: the table starts lower and further right than A1."""

    def __init__(self, ws, rows: int, cols: int):
        self.ws, self.rows, self.cols = ws, rows, cols

    def cell(self, row: int, column: int, value=None):
        return self.ws.cell(row + self.rows, column + self.cols, value)

    def merge_cells(self, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
        self.ws.merge_cells(start_row=start_row + self.rows, start_column=start_column + self.cols,
                            end_row=end_row + self.rows, end_column=end_column + self.cols)


FIXED_TIME = "2026-11-20T09:00:00Z"


def normalise_xlsx(path: Path) -> None:
    """Same bytes on every run: fixed document times and zip entry times (openpyxl stamps 'now')."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{FIXED_TIME}\g<2>", text)
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 11, 20, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    tmp.replace(path)


def put_formula_values(path: Path, values: dict[str, dict[str, float]]) -> None:
    """openpyxl saves formulas without a cached value. Excel and WPS save both; a reader such as
    calamine returns the cached value. Write the value Excel would have cached into each formula
    cell (values: sheet xml name -> {cell ref: value}), so the file is what a clerk hands over."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            sheet = item.filename.rsplit("/", 1)[-1]
            if sheet in values:
                text = data.decode("utf-8")
                for ref, value in values[sheet].items():
                    pattern = re.compile(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v>[^<]*</v>)?')
                    number = float(value)
                    shown = str(int(number)) if number.is_integer() else repr(number)
                    text, n = pattern.subn(lambda m, shown=shown: f"{m.group(1)}{m.group(2)}<v>{shown}</v>", text)
                    assert n == 1, (path.name, ref)
                data = text.encode("utf-8")
            zout.writestr(item, data)
    tmp.replace(path)


def yuan(wan: float) -> float:
    return round(wan * 10000, 2)


EXPECT: list[dict] = []


def expect(file_name: str, **spec) -> None:
    spec = {"file": file_name, **spec, "order": len(EXPECT) + 1}  # the import order is the order of main()
    EXPECT.append(spec)
    (HERE / f"{file_name}.expect.json").write_text(
        json.dumps(spec, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")


def iso(d):
    return None if d is None else d.isoformat()


# --------------------------------------------------------------------------------------------
# 1 机关党组织结对村一览表 (.xlsx): orgs + org_villages
# --------------------------------------------------------------------------------------------

def f01():
    name = "始兴县机关党组织结对村一览表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "结对一览表"
    headers = ["序号", "乡镇", "结对村", "牵头单位", "协同单位", "结对形式", "备注"]
    title_row(ws, 1, "始兴县机关党组织与村党组织“三联四促”结对共建一览表", len(headers))
    line_row(ws, 2, "填报单位（盖章）：中共始兴县直属机关工作委员会　　　　　　填报时间：2023年1月10日", len(headers))
    header_row(ws, 3, headers)
    row = 4
    first_of_town = {}
    for i, (tw, vw, _vref, lead, co) in enumerate(PAIRINGS, 1):
        ws.cell(row, 1, i)
        if tw not in first_of_town:
            ws.cell(row, 2, tw)
            first_of_town[tw] = [row, row]
        first_of_town[tw][1] = row
        ws.cell(row, 3, vw)
        ws.cell(row, 4, lead)
        ws.cell(row, 5, "、".join(co) if co else None)
        ws.cell(row, 6, "1+N" if co else "1+1")
        ws.cell(row, 7, "由牵头单位统筹" if co else None)
        row += 1
    for first, last in first_of_town.values():
        merge_down(ws, 2, first, last)
    n_orgs = sum(1 + len(p[4]) for p in PAIRINGS)
    footer = row
    ws.cell(row, 1, "合计")
    ws.cell(row, 3, f"{len(PAIRINGS)}个村")
    ws.cell(row, 4, f"{n_orgs}个机关党组织")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    line_row(ws, row + 1, "注：1.结对形式分“1+1”“1+N”两种，“1+N”村由牵头单位负责统筹协同单位；2.协同单位有多个的用顿号隔开。",
             len(headers))
    line_row(ws, row + 2, "审核人：朱慧敏　　　　　　填表人：黄晓霞　　　　　　联系电话：0751-3332168", len(headers))
    wb.save(HERE / name)
    orgs, ov = [], []
    for _tw, _vw, vref, lead, co in PAIRINGS:
        orgs.append({"name": lead, "org_type": org_type(lead)})
        ov.append({"org": lead, "village": vref, "role": "牵头", "start_date": "2023-01-01", "end_date": None})
        for o in co:
            orgs.append({"name": o, "org_type": org_type(o)})
            ov.append({"org": o, "village": vref, "role": "协同", "start_date": "2023-01-01", "end_date": None})
    expect(name, order=1, table="org_villages", set={"开始日期": "2023-01-01"}, must_import=True,
           skipped_rows=[footer, footer + 1, footer + 2],
           notes="title + 填报单位 line above the header; 乡镇 merged over the rows of each township; "
                 "village spellings 安水村 / 大村村民委员会 / 周所村委 / 沈北村委会; township 深渡水乡; "
                 "协同单位 holds two orgs separated by 、 (1+N); org types only from the name ending "
                 "(党总支部 → 党总支, 机关党委 → 党委); no 开始日期 column (supplied by --set); "
                 "合计 / 注： / 审核人 footer rows.",
           tables={"orgs": orgs, "org_villages": ov})


# --------------------------------------------------------------------------------------------
# 2 党员名册 (.xlsx): members
# --------------------------------------------------------------------------------------------

def f02():
    name = "机关党员名册（三联四促结对党员）.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员名册"
    # headers as typed to fit narrow columns: a full-width space, two spaces, line breaks (Alt+Enter)
    headers = ["序号", "姓　名", "性  别", "民　族", "出生年月", "学历", "所在党组织", "单位及职务", "入党时间", "联系\n电话",
               "身份\n证号", "备注"]
    title_row(ws, 1, "始兴县机关党员花名册", len(headers))
    line_row(ws, 2, "填报单位：县直机关工委组织科　　　　　　　　　　　　　　　　截止时间：2026年6月30日", len(headers))
    header_row(ws, 3, headers)
    edu = ["大学", "大专", "研究生", "大学"]
    joined = ["1999.07", "2008.06", "2003.12", "2014.07", "2006.05", "2001.10", "2012.06", "2005.07",
              "2002.06", "2004.11", "2010.06", "2016.05", "2007.07", "2011.12", "1998.06", "2015.06"]
    for i, (nm, sex, born, org, unit, phone, idno) in enumerate(MEMBERS, 1):
        r = 3 + i
        ws.cell(r, 1, i)
        ws.cell(r, 2, nm)
        ws.cell(r, 3, sex)
        ws.cell(r, 4, "汉族" if nm != "张海燕" else "瑶族")
        ws.cell(r, 5, born)
        ws.cell(r, 6, edu[i % 4])
        ws.cell(r, 7, org)
        ws.cell(r, 8, unit)
        ws.cell(r, 9, joined[i - 1])
        ws.cell(r, 10, phone)
        ws.cell(r, 11, idno)
        if nm == "王建华":
            ws.cell(r, 12, "同名党员，注意区分单位")
    last = 3 + len(MEMBERS)
    line_row(ws, last + 1, "说明：出生年月、入党时间按“年.月”填写；身份证号按保密要求中间8位以*代替。", len(headers))
    line_row(ws, last + 2, "填表人：钟丽萍　　　　审核人：何志强　　　　填表日期：2026年7月2日", len(headers))
    wb.save(HERE / name)
    expect(name, order=2, table="members", set={}, must_import=True, skipped_rows=[last + 1, last + 2],
           notes="title + 填报单位/截止时间 line; headers typed to fit narrow columns (姓　名 with a full-width space, 性  别, 联系⏎电话 and 身份⏎证号 with line breaks); 出生年月 as text 1976.03; 身份证号 masked (440222********2625) for "
                 "most, full for two; two members named 王建华 in two different party orgs (both must be created: "
                 "a roster's key is name + org); 单位及职务 is informational; 说明 / 填表人 footer rows.",
           tables={"members": [{"name": m[0], "org": m[3], "phone": m[5]} for m in MEMBERS]})


# --------------------------------------------------------------------------------------------
# 3 县领导联系驻点乡镇安排表 (.xlsx): leaders + leader_townships
# --------------------------------------------------------------------------------------------

def f03():
    name = "县领导联系驻点乡镇安排表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    headers = ["序号", "县领导", "职务", "驻点乡镇", "驻点时间", "联络员", "联络员电话"]
    title_row(ws, 1, "始兴县县领导驻点联系乡镇（三联四促）安排表", len(headers))
    line_row(ws, 2, "（2023年1月起执行，人员变动时相应调整）", len(headers))
    header_row(ws, 3, headers)
    liaisons = [("黄晓霞", "13927803316"), ("李志文", "13580152907"), ("陈小红", "13719215846"),
                ("刘伟", "13502872641"), ("钟华", "13826053910"), ("曾敏", "13631417028"),
                ("邓军", "15913678425"), ("黄健", "13719036627"), ("赖晓东", "13428271596"), ("邱月", "13824139750")]
    # grouped by 班子 under section rows (一、县委领导 …), as such lists are usually laid out
    groups = [("一、县委领导", "县委"), ("二、县人大常委会领导", "县人大"), ("三、县政府领导", "县政府"),
              ("四、县政协领导", "县政协")]
    r, i, group_rows = 4, 0, []
    for label, body in groups:
        members_of = [x for x in LEADERS if x[2] == body]
        line_row(ws, r, f"{label}（{len(members_of)}人）", len(headers))
        ws.cell(r, 1).font = BOLD
        group_rows.append(r)
        r += 1
        for nm, post, _body, tw, _trefs, start in members_of:
            i += 1
            for c, v in enumerate([i, nm, post, tw, start, *liaisons[i - 1]], 1):
                ws.cell(r, c, v)
            r += 1
    last = r - 1
    line_row(ws, last + 1, "注：县领导每月到驻点乡镇不少于2天，开展讲党课、座谈会、走访群众等活动。", len(headers))
    wb.save(HERE / name)
    leaders = [{"name": nm, "post": post, "body": body} for nm, post, body, *_ in LEADERS]
    lt = []
    for nm, _post, _body, _tw, trefs, start in LEADERS:
        for t in trefs:
            lt.append({"leader": nm, "township": t, "start_date": iso(month_start(start)), "end_date": None})
    expect(name, order=3, table="leader_townships", set={}, must_import=True, skipped_rows=[last + 1],
           group_rows=group_rows,
           notes="rows grouped under section rows 一、县委领导（3人） / 二、县人大常委会领导 / 三、县政府领导 / 四、县政协领导 "
                 "(merged across the table; they are not data — they may be skipped or read as the 所属班子 of the rows "
                 "below, see group_rows); no 所属班子 column: body inferable from the section row or from 职务 (县委书记/县委副书记/县委常委 → 县委; 县长/常务副县长/副县长 → "
                 "县政府; 县人大常委会主任/副主任 → 县人大; 县政协主席/副主席 → 县政协); 职务 \"县委副书记、县长\" is the "
                 "county head and counts as 县政府 (the government post decides — flagged in README); one cell "
                 "\"马市镇、顿岗镇\" = two stationings; 驻点乡镇 \"深渡水\" = 深渡水瑶族乡; 驻点时间 month-only "
                 "(2023年1月 → 2023-01-01) and year-only \"2026年全年\" (→ 2026-01-01); subtitle line and 注： footer.",
           tables={"leaders": leaders, "leader_townships": lt})


# --------------------------------------------------------------------------------------------
# 4 党员联系户花名册 (.xlsx): households + member_households
# --------------------------------------------------------------------------------------------

def f04():
    name = "党员联系户花名册.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "联系户花名册"
    headers = ["序号", "乡镇", "村", "户主姓名", "家庭人口", "联系电话", "主要产业", "结对党员", "党员所在单位", "结对时间"]
    title_row(ws, 1, "始兴县机关党员联系户花名册", len(headers))
    line_row(ws, 2, "填报单位（盖章）：县直机关工委　　　　　　　　　　　　　　填报日期：2023年6月30日", len(headers))
    header_row(ws, 3, headers)
    r = 4
    town_span, village_span = {}, []
    for i, (tw, vw, _vref, head, size, phone, ind, mem, unit, _org, on) in enumerate(H4, 1):
        ws.cell(r, 1, i)
        if tw not in town_span:
            ws.cell(r, 2, tw)
            town_span[tw] = [r, r]
        town_span[tw][1] = r
        if village_span and village_span[-1][2] == vw:
            village_span[-1][1] = r
        else:
            ws.cell(r, 3, vw)
            village_span.append([r, r, vw])
        # phones typed into General cells become numbers (Excel shows 13690871425 or 1.36909E+10)
        for c, v in zip(range(4, 10), [head, size, int(phone), ind, mem, unit]):
            ws.cell(r, c, v)
        ws.cell(r, 10, on).number_format = "yyyy年m月d日"
        r += 1
    for first, last in town_span.values():
        merge_down(ws, 2, first, last)
    for first, last, _ in village_span:
        merge_down(ws, 3, first, last)
    line_row(ws, r, "注：同村同名户主请在村名后注明村民小组（如“安水村2组”）。", len(headers))
    line_row(ws, r + 1, "填表人：温雪梅　　　　审核人：曾宪文", len(headers))
    wb.save(HERE / name)
    hh = [{"head_name": h[3], "village": h[2], "phone": h[5], "size": int(h[4].rstrip("人")), "main_industry": h[6]}
          for h in H4]
    mh = [{"member": h[7], "household": h[3], "village": h[2], "start_date": iso(h[10])} for h in H4]
    expect(name, order=4, table="households", set={}, must_import=True, skipped_rows=[r, r + 1],
           notes="乡镇 merged over each township's rows; 村 merged over runs (兴仁村 ×4, 沈北村 ×3, 总村 ×3) and "
                 "elsewhere written with 组 appended (兴仁村3组, 安水村2组) or as 安水村委; 家庭人口 \"5人\"; "
                 "结对时间 a real Excel date cell (format yyyy年m月d日); 党员所在单位 is the agency short name "
                 "(县人社局, 城东区雨污分流管网建设项目部), not the party-org name; TWO households headed by 黄春生 "
                 "in 安水村 (2组 and 5组, different phones, different members) — both must be created, not merged; "
                 "联系电话 typed as numbers (a reader gets 13690871425.0 — store the text 13690871425); 注： / 填表人 footer rows. Includes 彭长优 (兴仁村, 水稻种植140亩) paired with 邓国斌.",
           tables={"households": hh, "member_households": mh})


# --------------------------------------------------------------------------------------------
# 5 结对帮扶台账 (.xls, two-row merged header): households + member_households
# --------------------------------------------------------------------------------------------

def f05():
    name = "顿岗镇结对帮扶工作台账.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("帮扶台账")
    t = xlwt.easyxf("font: name 宋体, height 320, bold on; align: horiz center")
    h = xlwt.easyxf("font: name 宋体, bold on; align: horiz center, vert center, wrap on; "
                    "borders: left thin, right thin, top thin, bottom thin")
    d = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    ncols = 12
    ws.write_merge(0, 0, 0, ncols - 1, "顿岗镇2024年机关党员结对帮扶工作台账", t)
    ws.write_merge(1, 1, 0, ncols - 1, "填报单位：顿岗镇党委组织办　　　　　　　　　　　　　填报时间：2024年3月31日")
    ws.write_merge(2, 3, 0, 0, "序号", h)
    ws.write_merge(2, 2, 1, 5, "帮扶对象", h)
    ws.write_merge(2, 2, 6, 9, "帮扶责任人", h)
    ws.write_merge(2, 3, 10, 10, "结对日期", h)
    ws.write_merge(2, 3, 11, 11, "备注", h)
    for c, v in enumerate(["户主姓名", "所在村组", "家庭人口", "联系电话", "主要产业", "姓名", "工作单位", "职务", "联系电话"], 1):
        ws.write(3, c, v, h)
    for i, (head, vw, _vref, size, phone, ind, mem, unit, post, org, on) in enumerate(H5, 1):
        r = 3 + i
        for c, v in enumerate([i, head, vw, size, phone, ind, mem, unit, post, PHONE[(mem, org)]]):
            ws.write(r, c, v)
        ws.write(r, 10, on, d)
    last = 3 + len(H5)
    ws.write_merge(last + 1, last + 1, 0, ncols - 1, "填表人：叶桂兰　　　　审核人：王建华　　　　联系电话：0751-3501126")
    wb.save(str(HERE / name))
    hh = [{"head_name": r[0], "village": r[2], "phone": r[4], "size": r[3], "main_industry": r[5]} for r in H5]
    mh = [{"member": r[6], "household": r[0], "village": r[2], "start_date": iso(r[10])} for r in H5]
    # sheet rows are 1-based in expectations
    expect(name, order=5, table="households", set={}, must_import=True, skipped_rows=[last + 2],
           notes=".xls (BIFF8 via xlwt); two-row merged header: 帮扶对象 → 户主姓名/所在村组/家庭人口/联系电话/主要产业, "
                 "帮扶责任人 → 姓名/工作单位/职务/联系电话 — the header 联系电话 occurs twice and only the group tells the "
                 "household's phone from the member's; 序号/结对日期/备注 merged over both header rows; no 乡镇 column "
                 "(title says 顿岗镇); villages 大村村3组 / 大村村民委员会 / 大村2组 / 周所村委 / 周所村4组; the "
                 "member 王建华 exists twice (县人民医院党委, 县教育局机关党委) and 工作单位 县人民医院 / 县教育局 "
                 "tells which; 结对日期 xls date cells; 填表人 footer.",
           tables={"households": hh, "member_households": mh})


# --------------------------------------------------------------------------------------------
# 5b 河口村党员联系户名单 (GB18030 CSV, characters outside GBK): households + member_households
# --------------------------------------------------------------------------------------------

# fmt: off
H5B = [  # head, village written, ref, size written, phone, industry, member, unit, org, paired (written, date)
    ("邓䶮华", "河口村3组", "河口村委会", "4", "13692718850", "毛竹、杉木", "谢伟明", "县财政局", "县财政局党总支部",
     "2023.04.15", date(2023, 4, 15)),
    ("钟𬌗英", "河口村", "河口村委会", "2", "13502261947", "留守老人", "谢伟明", "县财政局", "县财政局党总支部",
     "2023.04.15", date(2023, 4, 15)),
    ("李春堂", "河口村委会", "河口村委会", "5", "13825170326", "香菇种植", "张海燕", "县林业局", "县林业局党支部",
     "2023.5.8", date(2023, 5, 8)),
]
# fmt: on


def f05b():
    name = "司前镇河口村党员联系户名单.csv"
    header = ["序号", "户主", "所在村组", "人口", "手机号", "收入来源", "联系党员", "单位", "结对时间"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["司前镇河口村机关党员联系户名单"] + [""] * (len(header) - 1))
    w.writerow(header)
    for i, (head, vw, _v, size, phone, ind, mem, unit, _org, written, _d) in enumerate(H5B, 1):
        w.writerow([i, head, vw, size, phone, ind, mem, unit, written])
    w.writerow(["制表：司前镇党建办"] + [""] * (len(header) - 1))
    (HERE / name).write_bytes(buf.getvalue().encode("gb18030"))
    n = len(H5B)
    hh = [{"head_name": h[0], "village": h[2], "phone": h[4], "size": int(h[3]), "main_industry": h[5]} for h in H5B]
    mh = [{"member": h[6], "household": h[0], "village": h[2], "start_date": iso(h[10])} for h in H5B]
    expect(
        name,
        table="households",
        set={},
        must_import=True,
        skipped_rows=[n + 3],
        notes="CSV in GB18030 with two household heads whose names hold characters outside GBK (邓䶮华 U+4DAE, "
        "钟𬌗英 U+2C317, a 4-byte GB18030 sequence): decoding as GBK fails, so the reader must try GB18030 and "
        "never fall back to a lossy encoding; headers in other common words (户主, 人口, 手机号, 收入来源, 联系党员, "
        "单位); 结对时间 2023.04.15 / 2023.5.8; villages 河口村3组 / 河口村 / 河口村委会; title line and a 制表 line.",
        tables={"households": hh, "member_households": mh},
    )


# --------------------------------------------------------------------------------------------
# 6 党员走访联系户登记表 (.xlsx): activities link 3
# --------------------------------------------------------------------------------------------

V6 = [  # date as written (str | date | int serial), member, head, village as written, ref village, way, content, photo, sign
    (
        "2026年9月5日",
        date(2026, 9, 5),
        "邓国斌",
        "彭长优",
        "兴仁村",
        "兴仁村委会",
        "入户走访",
        "查看晚稻南晶香占长势，指导“三控”施肥",
        "√",
        "√",
    ),
    (
        "2026.9.5",
        date(2026, 9, 5),
        "邓国斌",
        "刘秀兰",
        "兴仁村",
        "兴仁村委会",
        "入户走访",
        "了解秋季蔬菜销售情况",
        "√",
        "√",
    ),
    (
        "2026/9/8",
        date(2026, 9, 8),
        "钟丽萍",
        "彭观福",
        "兴仁村1组",
        "兴仁村委会",
        "电话联系",
        "询问烤烟收购结算进度",
        "×",
        None,
    ),
    (
        date(2026, 9, 12),
        date(2026, 9, 12),
        "曾宪文",
        "曾桂芳",
        "总村",
        "总村村委会",
        "入户走访",
        "宣传农房安全政策",
        "√",
        "√",
    ),
    (
        "SERIAL",
        date(2026, 9, 16),
        "朱振华",
        "李木英",
        "安水村委",
        "安水村委会",
        "入户走访",
        "排查屋后山体隐患",
        "√",
        "√",
    ),
    (
        "９月２２日",
        date(2026, 9, 22),
        "温雪梅",
        "温德明",
        "总村村民委员会",
        "总村村委会",
        "入户走访",
        "了解养鸭场防疫情况",
        "√",
        "√",
    ),
    (
        "2026年10月3日",
        date(2026, 10, 3),
        "罗文辉",
        "吴金生",
        "沈北村",
        "沈北村委会",
        "电话联系",
        "宣传技能培训报名",
        "×",
        None,
    ),
    (
        "2026.10.11",
        date(2026, 10, 11),
        "邓国斌",
        "彭长优",
        "兴仁村3组",
        "兴仁村委会",
        "入户走访",
        "晚稻测产，记录亩产",
        "√",
        "√",
    ),
    (
        "2026/10/14",
        date(2026, 10, 14),
        "叶桂兰",
        "黄石秀",
        "大村村",
        "大村村委会",
        "入户走访",
        "随访老人血压情况",
        "√",
        None,
    ),
    (
        "10月18日",
        date(2026, 10, 18),
        "刘建平",
        "赖石生",
        "总村",
        "总村村委会",
        "入户走访",
        "了解竹木加工用电问题",
        "×",
        "√",
    ),
]
# fmt: on


def visit_rows(rows, link_township=True):
    out = []
    for _w, d, mem, head, _vw, vref, way, _c, photo, sign in rows:
        out.append(
            {
                "activity_date": iso(d),
                "link": 3,
                "kind": KIND.get(way, way),
                "leader": None,
                "org": member_org(mem, head, vref),  # the visiting member's org, as the sample data does
                "member": mem,
                "township": town(vref),
                "village": vref,
                "household": head,
                "participants": None,
                "has_photo": photo in ("√", "有", "是"),
                "household_confirmed": sign in ("√", "有", "是"),
            }
        )
    return out


# fmt: off
KIND = {"入户走访": "走访", "电话联系": "走访", "走访调研": "调研", "帮办实事": "帮办实事", "讲党课": "讲党课",
        "座谈会": "座谈会", "宣讲": "宣讲", "主题党日": "主题党日", "共建活动": "共建活动"}


def f06():
    name = "2026年党员走访联系户登记表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "走访登记"
    headers = ["序号", "*走访日期", "*党员姓名", "*户主姓名", "*村", "走访方式", "走访内容", "照片", "户主签字"]
    title_row(ws, 1, "2026年党员走访联系户登记表", len(headers))
    line_row(ws, 2, "党组织名称（盖章）：县直机关工委第三联络组　　　　　　　统计时段：2026年9月—10月", len(headers))
    header_row(ws, 3, headers)
    for i, (w, d, mem, head, vw, _vref, way, content, photo, sign) in enumerate(V6, 1):
        r = 3 + i
        ws.cell(r, 1, i)
        if w == "SERIAL":
            ws.cell(r, 2, excel_serial(d))  # a bare number in a General cell, as pasted from another sheet
        elif isinstance(w, date):
            ws.cell(r, 2, w).number_format = "yyyy-mm-dd"
        else:
            ws.cell(r, 2, w)
        for c, v in zip(range(3, 10), [mem, head, vw, way, content, photo, sign]):
            ws.cell(r, c, v)
    last = 3 + len(V6)
    line_row(ws, last + 1, "注：照片栏有照片的打“√”，无照片的打“×”；户主签字栏由户主本人签字或打“√”。", len(headers))
    line_row(ws, last + 2, "填表人：钟丽萍　　　　　　审核人：邓国斌", len(headers))
    wb.save(HERE / name)
    expect(name, order=6, table="activities", set={}, must_import=True, skipped_rows=[last + 1, last + 2],
           notes="template headers with required marks (*走访日期, *党员姓名, *户主姓名, *村); member visit register → 三联类型 党员联群众 and 活动形式 follow from the ledger kind and 走访方式 "
                 "(入户走访/电话联系 → 走访); 走访日期 in six forms: 2026年9月5日, 2026.9.5, 2026/9/8, a real date cell, "
                 f"a bare Excel serial number ({excel_serial(date(2026, 9, 16))} = 2026-09-16) in a General cell, "
                 "full-width ９月２２日 and 10月18日 without a year (year 2026 from the title); 照片 √/×; 户主签字 √ or "
                 "blank (blank = not confirmed); villages 兴仁村3组 / 安水村委 / 总村村民委员会 / 大村村; the household is "
                 "found by 户主姓名 + 村 (all unique here); 注： / 填表人 footer.",
           tables={"activities": visit_rows(V6)})


# --------------------------------------------------------------------------------------------
# 7 走访群众情况汇总表 (.xlsx, one sheet per township): activities link 3
# --------------------------------------------------------------------------------------------

V7 = {
    "沈所镇": [
        (date(2026, 10, 20), date(2026, 10, 20), "邓国斌", "县农业农村局", "彭长优", "兴仁村", "兴仁村委会", "走访调研",
         "调研晚稻烘干需求", "有", "是"),
        ("10月22日", date(2026, 10, 22), "钟丽萍", "县农业农村局", "彭细妹", "兴仁村", "兴仁村委会", "帮办实事",
         "帮助联系鸡苗供应", "有", "是"),
        ("10月27日", date(2026, 10, 27), "罗文辉", "县人社局", "赖金莲", "沈北村", "沈北村委会", "入户走访",
         "了解沙糖桔销售情况", "无", "否"),
    ],
    "马市镇": [
        (date(2026, 10, 9), date(2026, 10, 9), "朱振华", "县应急管理局", "李木英", "安水村", "安水村委会", "入户走访",
         "回访山体隐患整治", "有", "是"),
        ("10月16日", date(2026, 10, 16), "黄丽娟", "县文广旅体局", "邱国强", "红梨村", "红梨村委会", "走访调研",
         "调研黄烟销售渠道", "有", "否"),
    ],
    "顿岗镇": [
        ("10月12日", date(2026, 10, 12), "曾宪文", "县住管局", "曾桂芳", "总村", "总村村委会", "入户走访",
         "了解文化广场使用情况", "有", "是"),
        ("10月15日", date(2026, 10, 15), "王建华", "县人民医院", "叶春华", "大村", "大村村委会", "帮办实事",
         "帮助预约县医院复诊", "有", "是"),
        ("10月21日", date(2026, 10, 21), "陈思远", "县教育局", "张来娣", "周所村", "周所村委会", "入户走访",
         "看望留守老人", "无", "是"),
        ("10月28日", date(2026, 10, 28), "王建华", "县教育局", "陈满堂", "周所村", "周所村委会", "入户走访",
         "了解孙子入学情况", "有", "是"),
    ],
}
# fmt: on


def f07():
    name = "走访群众情况汇总表（2026年10月）.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    headers = [
        "序号",
        "走访时间",
        "走访党员",
        "党员单位",
        "走访对象",
        "所在村",
        "走访形式",
        "了解情况及帮办事项",
        "有无照片",
        "群众确认",
    ]
    skipped, rows = [], []
    for tw, visits in V7.items():
        ws = wb.create_sheet(tw)
        title_row(ws, 1, f"{tw}机关党员走访群众情况汇总表（2026年10月）", len(headers))
        header_row(ws, 2, headers)
        for i, (w, d, mem, unit, head, vw, vref, way, content, photo, ok) in enumerate(visits, 1):
            r = 2 + i
            ws.cell(r, 1, i)
            c = ws.cell(r, 2, w)
            if isinstance(w, date):
                c.number_format = "m月d日"
            for col, v in zip(range(3, 11), [mem, unit, head, vw, way, content, photo, ok]):
                ws.cell(r, col, v)
            rows.append((w, d, mem, head, vw, vref, way, content, photo, ok))
        last = 2 + len(visits)
        ws.cell(last + 1, 1, "小计")
        ws.cell(last + 1, 3, f"{len(visits)}人次")
        skipped.append([tw, last + 1])
    wb.save(HERE / name)
    expect(
        name,
        order=7,
        table="activities",
        set={},
        must_import=True,
        skipped_rows=skipped,
        notes="one sheet per township (沈所镇, 马市镇, 顿岗镇) — all three must be read, the report says what each "
        "gave; no 乡镇 column (the sheet name is the township); 走访时间 as date cells shown m月d日 and as text "
        "10月22日 without a year (2026 from the title); 走访形式 走访调研 → 调研, 帮办实事, 入户走访 → 走访; "
        "有无照片 有/无; 群众确认 是/否; 王建华 appears twice with 党员单位 县人民医院 and 县教育局 — the unit "
        "picks the member; a 小计 row closes each sheet.",
        tables={"activities": visit_rows(rows)},
    )


# --------------------------------------------------------------------------------------------
# 8 县领导驻点讲党课座谈会台账 (.xlsx): activities link 1
# --------------------------------------------------------------------------------------------

# fmt: off
L8 = [  # date written, date, leader, township written, village written, ref village, form, theme, people written, photo
    ("2026年8月12日", date(2026, 8, 12), "华关", "马市镇", "安水村", "安水村委会", "讲党课",
     "深入学习贯彻党的二十大精神，推动各项工作高质量发展", "约60人", "有"),
    ("2026年8月12日", date(2026, 8, 12), "华关", "马市镇", "安水村", "安水村委会", "座谈会",
     "课后干群座谈会，了解马市镇干旱用水情况", "45人", "有"),
    ("2026年9月15日", date(2026, 9, 15), "陈卫东", "太平镇", "水南村委", "水南村委会", "宣讲",
     "宣讲惠民政策落实情况", "约80人", "有"),
    ("2026年9月18日", date(2026, 9, 18), "朱慧敏", "顿岗镇", "总村", "总村村委会", "座谈会",
     "机关联农村共建项目推进座谈", "30人", "有"),
    ("2026年10月9日", date(2026, 10, 9), "朱慧敏", "马市镇", "红梨村", "红梨村委会", "讲党课",
     "抓党建促乡村振兴专题党课", "50人", "无"),
    ("2026年10月16日", date(2026, 10, 16), "黄伟强", "澄江镇", "暖田村", "暖田村委会", "宣讲",
     "党的二十大精神进村入户宣讲", "约40人", "有"),
    ("2026年10月23日", date(2026, 10, 23), "李淑芬", "隘子镇", "满堂村", "满堂村委会", "座谈会",
     "听取群众对村级治理的意见建议", "25人", "有"),
    ("2026年11月6日", date(2026, 11, 6), "邱振华", "沈所镇", "兴仁村", "兴仁村委会", "走访调研",
     "调研晚稻烘干和粮食收储", "12人", "无"),
]
# fmt: on


def f08():
    name = "县领导驻点讲党课座谈会台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年"
    headers = [
        "序号",
        "日期",
        "县领导",
        "驻点乡镇",
        "活动地点",
        "活动形式",
        "活动主题",
        "参加\n人数",
        "照片资料",
        "备注",
    ]
    title_row(ws, 1, "2026年县领导驻点联系乡镇讲党课、座谈会活动台账", len(headers))
    line_row(ws, 2, "填报单位：县委办公室（三联四促工作专班）　　　　　　　　　填报时间：2026年11月10日", len(headers))
    header_row(ws, 4, headers)  # row 3 left blank
    for i, (w, _d, ldr, tw, vw, _vref, form, theme, ppl, photo) in enumerate(L8, 1):
        for c, v in enumerate([i, w, ldr, tw, vw, form, theme, ppl, photo], 1):
            ws.cell(4 + i, c, v)
    ws.cell(5, 10, "宣讲后召开座谈会")
    last = 4 + len(L8)
    ws.cell(last + 1, 1, "合计")
    ws.cell(last + 1, 6, f"{len(L8)}场次")
    ws.cell(last + 1, 8, "约392人")
    line_row(ws, last + 2, "填表人：黄晓霞　　　　审核人：朱慧敏", len(headers))
    wb.save(HERE / name)
    acts = [
        {
            "activity_date": iso(d),
            "link": 1,
            "kind": KIND[form],
            "leader": ldr,
            "org": None,
            "member": None,
            "township": town(vref),
            "village": vref,
            "household": None,
            "participants": int(re.sub(r"\D", "", ppl)),
            "has_photo": photo == "有",
            "household_confirmed": False,
        }
        for _w, d, ldr, _tw, _vw, vref, form, _t, ppl, photo in L8
    ]
    expect(
        name,
        order=8,
        table="activities",
        set={},
        must_import=True,
        skipped_rows=[last + 1, last + 2],
        notes="a blank row between the 填报 line and the header (row 4); header 参加⏎人数 with a line break; leader ledger → 三联类型 领导联乡镇 (inferable from the 县领导 column / kind); 活动形式 讲党课/座谈会/宣讲/"
        '走访调研 (→ 调研); 参加人数 "约60人" / "45人"; 活动地点 is the village (安水村, 水南村委); 照片资料 有/无; '
        "sheet named 2026年; a 合计 row whose 参加人数 cell says 约392人 (must be skipped, not read as data); "
        "华关's lecture and forum at 安水村 on 2026-08-12.",
        tables={"activities": acts},
    )


# --------------------------------------------------------------------------------------------
# 9 机关党组织联村共建活动登记表 (.et = WPS; BIFF8 .xls renamed): activities link 2
# --------------------------------------------------------------------------------------------

# fmt: off
A9 = [  # written date, date, org, village written, ref village, form, content, people, photo
    ("2026年7月1日", date(2026, 7, 1), "县住管局党支部", "总村", "总村村委会", "主题党日",
     "“七一”联合主题党日，与总村党支部共上党课", "18人", "有"),
    ("2026.8.20", date(2026, 8, 20), "县水务局党总支", "安水村", "安水村委会", "共建活动",
     "抗旱保水现场协调，调度抽水设备", "12人", "有"),
    ("2026/9/28", date(2026, 9, 28), "县农业农村局机关党委", "兴仁村委会", "兴仁村委会", "共建活动",
     "晚稻“三控”技术田间培训", "25人", "有"),
    ("2026年10月15日", date(2026, 10, 15), "县人民医院党委", "大村村民委员会", "大村村委会", "帮办实事",
     "义诊进村，免费测血压血糖", "约30人", "有"),
    ("2026年11月3日", date(2026, 11, 3), "县教育局机关党委", "周所村委", "周所村委会", "主题党日",
     "联合开展主题党日，慰问留守儿童", "15人", "无"),
]
# fmt: on


def f09():
    name = "机关党组织联村共建活动登记表.et"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("共建活动")
    t = xlwt.easyxf("font: name 宋体, height 300, bold on; align: horiz center")
    h = xlwt.easyxf("font: bold on; align: horiz center, wrap on")
    headers = ["序号", "活动时间", "机关党组织", "结对村", "活动形式", "活动内容", "参加人数", "佐证照片"]
    ws.write_merge(0, 0, 0, len(headers) - 1, "机关党组织联村共建活动登记表（2026年）", t)
    for c, v in enumerate(headers):
        ws.write(1, c, v, h)
    for i, (w, _d, org, vw, _vref, form, content, ppl, photo) in enumerate(A9, 1):
        for c, v in enumerate([i, w, org, vw, form, content, ppl, photo]):
            ws.write(1 + i, c, v)
    last = 1 + len(A9)
    ws.write_merge(last + 1, last + 1, 0, len(headers) - 1, "说明：本表由各机关党组织每季度报县直机关工委。")
    path = HERE / name
    tmp = HERE / "_tmp_et.xls"
    wb.save(str(tmp))
    shutil.move(tmp, path)
    acts = [
        {
            "activity_date": iso(d),
            "link": 2,
            "kind": form,
            "leader": None,
            "org": org,
            "member": None,
            "township": town(vref),
            "village": vref,
            "household": None,
            "participants": int(re.sub(r"\D", "", ppl)),
            "has_photo": photo == "有",
            "household_confirmed": False,
        }
        for _w, d, org, _vw, vref, form, _c, ppl, photo in A9
    ]
    expect(
        name,
        order=9,
        table="activities",
        set={},
        must_import=True,
        skipped_rows=[last + 2],
        notes="WPS .et extension on a BIFF8 .xls body (what WPS Spreadsheets saves as .et in compatibility mode); "
        "link 2 (机关联农村) activities — the actor is a 机关党组织, so activities rows carry an extra 'org' key "
        "(README explains); 活动形式 主题党日/共建活动/帮办实事; dates 2026年7月1日, 2026.8.20, 2026/9/28; "
        '参加人数 "18人"/"约30人"; header in row 2 under a title; 说明 footer.',
        tables={"activities": acts},
    )


# --------------------------------------------------------------------------------------------
# 10 民情台账 / 群众诉求办理台账 (.xlsx, two-row header): issues link 1
# --------------------------------------------------------------------------------------------

SAT = {"非常满意": 5, "满意": 5, "基本满意": 4, "一般": 3, "不满意": 2, "非常不满意": 1}
# fmt: off
CAT = {"基础设施": "基础设施", "饮水": "饮水用水", "农业生产": "农业生产", "人居环境": "人居环境",
       "医疗卫生": "医疗卫生", "医疗": "医疗卫生", "矛盾纠纷": "矛盾纠纷", "教育": "教育", "社会保障": "社会保障",
       "就业": "就业创业", "其他": "其他"}

I10 = [  # raised, town written, village written, ref village, who, summary, category, unit, due, closed, solved, sat
    (date(2026, 8, 12), "马市镇", "安水村", "安水村委会", "村民代表（座谈会）",
     "因持续干旱，安水村群众生活和农业生产用水困难，请求协调抗旱保水", "饮水", "县水务局、马市镇",
     date(2026, 8, 27), date(2026, 8, 25), "是", "满意"),
    (date(2026, 8, 12), "马市镇", "安水村", "安水村委会", "村民代表（座谈会）",
     "安水至高水村道路面破损，雨天通行困难", "基础设施", "县交通运输局", date(2026, 12, 31), None, "否", None),
    (date(2026, 9, 15), "太平镇", "水南村委", "水南村委会", "黄志明", "水南村垃圾收集点不足，部分路段垃圾堆放",
     "人居环境", "太平镇", date(2026, 10, 15), date(2026, 10, 10), "是", "基本满意"),
    (date(2026, 9, 18), "顿岗镇", "总村", "总村村委会", "曾德胜", "总村缺少群众文体活动场地", "基础设施",
     "县住管局", date(2026, 12, 31), date(2026, 11, 18), "是", "非常满意"),
    (date(2026, 10, 9), "马市镇", "红梨村民委员会", "红梨村委会", "邱国强", "黄烟收购价格偏低，希望拓宽销售渠道",
     "农业生产", "县农业农村局", date(2026, 11, 9), date(2026, 11, 5), "否", "不满意"),
    (date(2026, 10, 16), "澄江镇", "暖田村", "暖田村委会", "温秀英", "村卫生站常用药品不全", "医疗卫生",
     "县卫生健康局", date(2026, 10, 31), date(2026, 10, 28), "是", "满意"),
    (date(2026, 10, 23), "隘子", "满堂村", "满堂村委会", "朱三妹", "两户村民宅基地边界纠纷", "矛盾纠纷", "隘子镇",
     date(2026, 11, 22), None, "否", None),
    (date(2026, 11, 6), "沈所镇", "兴仁村", "兴仁村委会", "彭长优", "晚稻烘干设备不足，遇雨天稻谷易霉变", "农业生产",
     "县农业农村局", date(2026, 12, 6), None, "否", None),
]
# fmt: on


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def f10():
    name = "县领导驻点联系乡镇民情台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "民情台账"
    top = [
        "序号",
        "受理日期",
        "乡镇",
        "村",
        "反映人",
        "诉求内容",
        "问题类别",
        "办理情况",
        None,
        None,
        "是否解决",
        "群众满意度",
    ]
    sub = ["承办单位", "办理时限", "办结时间"]
    n = len(top)
    title_row(ws, 1, "县领导驻点联系乡镇民情台账（群众诉求办理台账）", n)
    line_row(ws, 2, "填报单位：县委办公室（三联四促工作专班）　　　　　　　　　　更新日期：2026年11月20日", n)
    for c, v in enumerate(top, 1):
        if v:
            ws.cell(3, c, v).font = BOLD
    for c, v in enumerate(sub, 8):
        ws.cell(4, c, v).font = BOLD
    for c in (1, 2, 3, 4, 5, 6, 7, 11, 12):
        merge_down(ws, c, 3, 4)
    ws.merge_cells(start_row=3, start_column=8, end_row=3, end_column=10)
    for i, (raised, tw, vw, _vref, who, summ, cat, unit, due, closed, solved, sat) in enumerate(I10, 1):
        r = 4 + i
        ws.cell(r, 1, i)
        ws.cell(r, 2, raised).number_format = "yyyy-mm-dd"
        for c, v in zip(range(3, 8), [tw, vw, who, summ, cat]):
            ws.cell(r, c, v)
        ws.cell(r, 8, unit)
        ws.cell(r, 9, cn_date(due))
        ws.cell(r, 10, cn_date(closed) if closed else "办理中")
        ws.cell(r, 11, solved)
        ws.cell(r, 12, sat)
    last = 4 + len(I10)
    line_row(ws, last + 1, "注：群众满意度分为满意、基本满意、不满意三档；未办结的不填满意度。", n)
    line_row(ws, last + 2, "填表人：黄晓霞　　　　　　审核人：朱慧敏", n)
    wb.save(HERE / name)
    issues = [
        {
            "raised_date": iso(raised),
            "link": 1,
            "township": town(vref),
            "village": vref,
            "category": CAT[cat],
            "summary": summ,
            "scale": "一般",
            "assigned_unit": unit,
            "due_date": iso(due),
            "closed_date": iso(closed),
            "is_resolved": solved == "是",
            "satisfaction": SAT[sat] if sat else None,
        }
        for raised, _tw, _vw, vref, _who, summ, cat, unit, due, closed, solved, sat in I10
    ]
    expect(
        name,
        order=10,
        table="issues",
        set={"三联类型": "领导联乡镇", "规模": "一般"},
        must_import=True,
        skipped_rows=[last + 1, last + 2],
        notes="two-row header: 办理情况 merged over 承办单位/办理时限/办结时间, the other headers merged over both rows; "
        "no 三联类型 and no 规模 column (both supplied by --set); 受理日期 date cells; 办理时限/办结时间 as text "
        '2026年8月27日; 办结时间 "办理中" = not closed (null); 是否解决 是/否; 群众满意度 满意/基本满意/非常满意/'
        "不满意/blank (the 注： row names only three levels, one row still says 非常满意); 问题类别 饮水 → 饮水用水; "
        "a closed-but-unsolved issue (红梨村, 不满意); villages 水南村委 / 红梨村民委员会; 反映人 is a person's "
        "name or 村民代表 and is not a household link (彭长优 happens to be a household head — do not fail on it); "
        "the drought water issue at 安水村 raised at 华关's forum on 2026-08-12, closed 2026-08-25, solved.",
        tables={"issues": issues},
    )


# --------------------------------------------------------------------------------------------
# 11 民情日记汇总表 (GBK CSV, ID numbers in E-notation): issues link 3
# --------------------------------------------------------------------------------------------

# fmt: off
I11 = [  # date written, date, member, unit, head, village written, ref village, text, category, unit, closed, solved, sat
    ("2026/9/5", date(2026, 9, 5), "邓国斌", "县农业农村局", "彭长优", "兴仁村3组", "兴仁村委会",
     "晚稻新品种南晶香占需要病虫害防治技术指导", "农业生产", "县农业农村局", "2026/9/20", "是", "满意"),
    ("2026/9/8", date(2026, 9, 8), "钟丽萍", "县农业农村局", "彭观福", "兴仁村1组", "兴仁村委会",
     "家中老人慢性病门诊报销政策不清楚", "社会保障", "县医保局", "2026/9/15", "是", "满意"),
    ("2026/9/12", date(2026, 9, 12), "曾宪文", "县住管局", "曾桂芳", "总村", "总村村委会",
     "门前排水沟堵塞，下雨积水", "基础设施", "顿岗镇", "2026/9/30", "是", "基本满意"),
    ("2026/9/22", date(2026, 9, 22), "温雪梅", "县住管局", "温德明", "总村", "总村村委会",
     "孩子到镇上学校上学交通不便", "教育", "顿岗镇", "", "否", ""),
    ("2026/10/3", date(2026, 10, 3), "罗文辉", "县人社局", "吴金生", "沈北村", "沈北村委会",
     "儿子想参加电工技能培训后外出就业", "就业", "县人社局", "2026/10/20", "是", "基本满意"),
    ("2026/10/9", date(2026, 10, 9), "朱振华", "县应急管理局", "李木英", "安水村委", "安水村委会",
     "屋后山体有滑坡隐患", "其他", "马市镇", "2026/10/30", "是", "满意"),
]
# fmt: on


def f11():
    name = "民情日记汇总表.csv"
    header = [
        "序号",
        "日期",
        "党员姓名",
        "工作单位",
        "联系户",
        "身份证号",
        "所在村组",
        "民情内容",
        "问题类别",
        "承办单位",
        "办结日期",
        "是否解决",
        "满意度",
    ]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["始兴县机关党员民情日记汇总表（2026年第三、四季度）"] + [""] * (len(header) - 1))
    w.writerow(header)
    for i, (dw, _d, mem, unit, head, vw, _vref, text, cat, aunit, closed, solved, sat) in enumerate(I11, 1):
        w.writerow([i, dw, mem, unit, head, "4.40222E+17", vw, text, cat, aunit, closed, solved, sat])
    w.writerow(["合计", f"{len(I11)}条"] + [""] * (len(header) - 2))
    w.writerow(["填表人：钟丽萍", "", "", "审核人：邓国斌"] + [""] * (len(header) - 4))
    (HERE / name).write_bytes(buf.getvalue().encode("gbk"))
    n = len(I11)
    issues = []
    for _dw, d, _mem, _unit, _head, _vw, vref, text, cat, aunit, closed, solved, sat in I11:
        issues.append(
            {
                "raised_date": iso(d),
                "link": 3,
                "township": town(vref),
                "village": vref,
                "category": CAT[cat],
                "summary": text,
                "scale": "小微实事",
                "assigned_unit": aunit,
                "due_date": None,
                "closed_date": iso(date(*map(int, closed.split("/")))) if closed else None,
                "is_resolved": solved == "是",
                "satisfaction": SAT[sat] if sat else None,
            }
        )
    expect(
        name,
        order=11,
        table="issues",
        set={"三联类型": "党员联群众", "规模": "小微实事"},
        must_import=True,
        skipped_rows=[n + 3, n + 4],
        notes="CSV in GBK (as Excel on a Chinese Windows saves 'CSV (逗号分隔)'); a title line before the header "
        "(padded with empty fields); 身份证号 exported as 4.40222E+17 — precision lost, must not be used for "
        "matching and must not fail the row; 联系户 + 所在村组 (兴仁村3组, 安水村委) name the household; "
        "问题类别 就业 → 就业创业; no 办理时限 column (due_date null); empty 办结日期 = open; 合计 and 填表人 lines "
        "at the end. 三联类型 is arguably inferable (党员 + 联系户), 规模 is not: both given in set.",
        tables={"issues": issues},
    )


# --------------------------------------------------------------------------------------------
# 11b 党员联系户诉求回访情况表 (.xlsx): issues link 3, satisfaction as tick columns, merged dates
# --------------------------------------------------------------------------------------------

# fmt: off
I11B = [  # raised, head, village written, ref village, text, category, unit, closed, solved, tick (满意/基本满意/不满意), visitor
    (date(2026, 10, 15), "叶春华", "大村", "大村村委会", "家中老人需要定期复诊，往返县城不便", "医疗卫生",
     "县人民医院", date(2026, 10, 20), "是", "满意", "王建华"),
    (date(2026, 10, 15), "黄石秀", "大村村民委员会", "大村村委会", "猪舍粪污处理设施老化", "人居环境",
     "顿岗镇", date(2026, 11, 10), "是", "基本满意", "叶桂兰"),
    (date(2026, 10, 21), "张来娣", "周所村4组", "周所村委会", "独居老人冬季取暖困难", "社会保障",
     "县民政局", date(2026, 11, 2), "否", "不满意", "陈思远"),
    (date(2026, 10, 21), "李金福", "周所村", "周所村委会", "果蔬销售渠道少，希望对接超市", "农业生产",
     "县农业农村局", None, "否", None, "陈思远"),
    (date(2026, 11, 3), "李春堂", "河口村委会", "河口村委会", "香菇烘干房用电容量不足", "基础设施",
     "供电所", None, "否", None, "张海燕"),
]
# fmt: on


def f11b():
    name = "党员联系户诉求回访情况表.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "回访情况"
    top = [
        "序号",
        "反映日期",
        "联系户",
        "所在村",
        "诉求事项",
        "问题类别",
        "承办单位",
        "办结日期",
        "是否解决",
        "回访满意度",
        None,
        None,
        "回访人",
    ]
    n = len(top)
    title_row(ws, 1, "2026年党员联系户诉求办理回访情况表", n)
    for c, v in enumerate(top, 1):
        if v:
            ws.cell(2, c, v).font = BOLD
    for c, v in enumerate(["满意", "基本满意", "不满意"], 10):
        ws.cell(3, c, v).font = BOLD
    for c in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13):
        merge_down(ws, c, 2, 3)
    ws.merge_cells(start_row=2, start_column=10, end_row=2, end_column=12)
    ticks = {"满意": 10, "基本满意": 11, "不满意": 12}
    spans = []
    for i, (raised, head, vw, _v, text, cat, unit, closed, solved, tick, who) in enumerate(I11B, 1):
        r = 3 + i
        ws.cell(r, 1, i)
        if spans and spans[-1][2] == raised:
            spans[-1][1] = r  # the same day again: the clerk merges the date cell
        else:
            ws.cell(r, 2, raised).number_format = "yyyy年m月d日"
            spans.append([r, r, raised])
        for c, v in zip(range(3, 10), [head, vw, text, cat, unit, closed, solved]):
            cell = ws.cell(r, c, v)
            if isinstance(v, date):
                cell.number_format = "yyyy年m月d日"
        if tick:
            ws.cell(r, ticks[tick], "√")
        ws.cell(r, 13, who)
    for first, last, _ in spans:
        merge_down(ws, 2, first, last)
    last = 3 + len(I11B)
    line_row(ws, last + 1, "说明：回访满意度在对应栏内打“√”；未办结的暂不回访。", n)
    wb.save(HERE / name)
    issues = [
        {
            "raised_date": iso(raised),
            "link": 3,
            "township": town(vref),
            "village": vref,
            "category": CAT[cat],
            "summary": text,
            "scale": "小微实事",
            "assigned_unit": unit,
            "due_date": None,
            "closed_date": iso(closed),
            "is_resolved": solved == "是",
            "satisfaction": SAT[tick] if tick else None,
        }
        for raised, _h, _vw, vref, text, cat, unit, closed, solved, tick, _w in I11B
    ]
    expect(
        name,
        table="issues",
        set={"三联类型": "党员联群众", "规模": "小微实事"},
        must_import=True,
        skipped_rows=[last + 1],
        notes="satisfaction as TICK COLUMNS: 回访满意度 merged over 满意 | 基本满意 | 不满意, a √ in one of them (none = "
        "not rated) — three columns make one value; 反映日期 merged over consecutive rows of the same day (2026-10-15 "
        "×2, 2026-10-21 ×2) and shown as 2026年10月15日; two-row header; 联系户 + 所在村 name the household (not "
        "compared for issues); no 办理时限; 说明 footer. 三联类型 (党员联群众) and 规模 (小微实事) supplied.",
        tables={"issues": issues},
    )


# --------------------------------------------------------------------------------------------
# 12 结对共建项目清单 (.xlsx, formulas, 万元): projects + project_orgs
# --------------------------------------------------------------------------------------------

# fmt: off
P12 = [  # town, village written, ref, name, orgs, area written, area, content, org money 万元, own 万元, start written, end written, progress
    ("顿岗镇", "总村", "总村村委会", "总村文化广场", ["县住管局党支部", "城东区雨污分流管网建设项目党支部"],
     "建设美丽乡村", "建设美丽乡村", "篮球场、羽毛球场、乒乓球场和百姓大舞台", 30, 0, "2026年7月", "2026年10月", "已完工"),
    ("沈所镇", "兴仁村", "兴仁村委会", "兴仁村水稻“三控”技术示范基地", ["县农业农村局机关党委"],
     "加快产业发展", "加快产业发展", "示范田200亩，引进南晶香占", 8, 2, "2026年3月", "2026年9月", "已完工"),
    ("马市镇", "安水村", "安水村委会", "安水村抗旱应急供水管网改造", ["县水务局党总支", "县应急管理局党支部"],
     "建设美丽乡村", "建设美丽乡村", "新建蓄水池1座、铺设供水管3.2公里", 15, 3.5, "2026年8月", "2026年12月", "在建"),
    ("马市镇", "红梨村", "红梨村委会", "红梨村党群服务中心功能室提升", ["县文广旅体局党支部"],
     "建强基层组织", "建强基层组织", "党员活动室、农家书屋改造", 5, 1, "2026年9月", None, "推进中"),
    ("沈所镇", "沈北村", "沈北村委会", "沈北村“积分制”乡村治理平台", ["县人力资源和社会保障局党支部"],
     "创新村级治理", "创新村级治理", "积分超市及线上积分管理", 2, 0, "2027年1月", None, "谋划中"),
    ("司前镇", "河口村", "河口村委会", "河口村党员教育培训阵地", ["县财政局党总支部"],
     "加强党员队伍管理", "加强党员队伍管理", "党员教育室、远程教育终端", 3.2, 0.8, "2026年5月", "2026年6月", "已完工"),
]
# fmt: on
STATUS = {
    "已完工": "完工",
    "已完工验收": "完工",
    "在建": "在建",
    "推进中": "在建",
    "谋划中": "规划",
    "前期谋划": "规划",
}


def month_start(text: str | None):
    if not text:
        return None
    m = re.match(r"(\d{4})年(?:(\d{1,2})月)?", text)
    return date(int(m.group(1)), int(m.group(2) or 1), 1)


def f12():
    name = "机关党组织结对共建项目清单.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目清单"
    headers = [
        "序号",
        "乡镇",
        "村",
        "项目名称",
        "共建单位",
        "领域",
        "建设内容",
        "共建单位出资（万元）",
        "村级自筹（万元）",
        "投入资金（万元）",
        "开工时间",
        "完工时间",
        "进展",
    ]
    n = len(headers)
    title_row(ws, 1, "始兴县机关党组织结对共建项目清单", n)
    line_row(ws, 2, "填报单位：县直机关工委　　　　　　　　　　　　　　　　　　截至2026年11月", n)
    header_row(ws, 3, headers)
    cached = {}
    for i, (tw, vw, _v, pname, orgs, area_w, _a, content, om, own, s, e, prog) in enumerate(P12, 1):
        r = 3 + i
        for c, v in enumerate([i, tw, vw, pname, "、".join(orgs), area_w, content, om, own], 1):
            ws.cell(r, c, v)
        ws.cell(r, 10, f"=H{r}+I{r}")
        cached[f"J{r}"] = round(om + own, 2)
        ws.cell(r, 11, s)
        ws.cell(r, 12, e)
        ws.cell(r, 13, prog)
    first, last = 4, 3 + len(P12)
    tot = last + 1
    ws.cell(tot, 1, "合计")
    ws.merge_cells(start_row=tot, start_column=1, end_row=tot, end_column=7)
    for col in "HIJ":
        ws[f"{col}{tot}"] = f"=SUM({col}{first}:{col}{last})"
    cached[f"H{tot}"] = round(sum(p[8] for p in P12), 2)
    cached[f"I{tot}"] = round(sum(p[9] for p in P12), 2)
    cached[f"J{tot}"] = round(sum(p[8] + p[9] for p in P12), 2)
    line_row(ws, tot + 1, "注：进展情况填写“已完工”“在建”“推进中”“谋划中”；投入资金=共建单位出资+村级自筹。", n)
    wb.save(HERE / name)
    put_formula_values(HERE / name, {"sheet1.xml": cached})
    projects, porgs = [], []
    for _tw, _vw, vref, pname, orgs, _aw, area, _c, om, own, s, e, prog in P12:
        projects.append(
            {
                "name": pname,
                "village": vref,
                "area": area,
                "investment_yuan": yuan(om + own),
                "start_date": iso(month_start(s)),
                "end_date": iso(month_start(e)),
                "status": STATUS[prog],
            }
        )
        porgs += [{"project": pname, "org": o} for o in orgs]
    expect(
        name,
        order=12,
        table="projects",
        set={},
        must_import=True,
        skipped_rows=[tot, tot + 1],
        notes="投入资金（万元） is a formula =H4+I4 in every row (cached value written into the file as Excel would), "
        "amounts in 万元 → 元 (30 → 300000; 18.5 → 185000); two other 万元 columns (共建单位出资, 村级自筹) "
        "are parts, not the investment; 合计 row of =SUM() formulas; 共建单位 lists two orgs separated by 、 "
        "(project_orgs); 进展 已完工/在建/推进中/谋划中 → 完工/在建/在建/规划; 开工时间/完工时间 month-only "
        "(2026年7月 → 2026-07-01), a planned start in 2027 for the 谋划中 project; 总村文化广场 30 万元 by "
        "县住管局党支部 + 城东区雨污分流管网建设项目党支部, 建设美丽乡村.",
        tables={"projects": projects, "project_orgs": porgs},
    )


# --------------------------------------------------------------------------------------------
# 13 共建项目推进情况表 (.xls, 金额单位：元): projects + project_orgs
# --------------------------------------------------------------------------------------------

# fmt: off
AREA = {"美丽乡村建设": "建设美丽乡村", "产业发展": "加快产业发展"}
P13 = [  # name, town written, village written, ref, org, area written, total 元, done 元, start, end, status, note
    ("大村卫生站规范化建设", "顿岗镇", "大村", "大村村委会", "县人民医院党委", "美丽乡村建设", 120000, 120000,
     "2026年4月", "2026年8月", "已完工验收", ""),
    ("周所村“四点半课堂”", "顿岗镇", "周所村委会", "周所村委会", "县教育局机关党委", "创新村级治理", 36000, 36000,
     "2026年3月", "2026年6月", "已完工验收", ""),
    ("深渡水村瑶绣扶贫工坊", "深渡水瑶族乡", "深渡水村", "深渡水村委会", "县林业局党支部", "产业发展", 250000, 0,
     "2027年", "", "前期谋划", "待立项"),
    ("暖田村党员活动室改造", "澄江镇", "暖田村", "暖田村委会", "县自然资源局党支部", "建强基层组织", 80000, 45000,
     "2026年9月", "2026年12月", "在建", ""),
    ("水南村健康小屋", "太平镇", "水南村", "水南村委会", "县卫生健康局机关党委", "建设美丽乡村", 65000, 65000,
     "2026年5月", "2026年7月", "已完工验收", ""),
]
# fmt: on


def f13():
    name = "2026年共建项目推进情况表.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("推进情况")
    t = xlwt.easyxf("font: name 宋体, height 320, bold on; align: horiz center")
    h = xlwt.easyxf("font: bold on; align: horiz center, wrap on")
    money = xlwt.easyxf(num_format_str="#,##0")
    headers = [
        "序号",
        "项目名称",
        "所在乡镇",
        "所在村",
        "共建单位",
        "共建内容类别",
        "总投资",
        "已完成投资",
        "开工时间",
        "计划完成时间",
        "推进情况",
        "备注",
    ]
    n = len(headers)
    ws.write_merge(0, 0, 0, n - 1, "2026年机关党组织结对共建项目推进情况表", t)
    ws.write_merge(1, 1, 0, 5, "填报单位：县卫生健康局机关党委（汇总）")
    ws.write_merge(1, 1, 6, n - 1, "金额单位：元")
    for c, v in enumerate(headers):
        ws.write(2, c, v, h)
    for i, (pname, tw, vw, _v, org, area, total, done, s, e, st, note) in enumerate(P13, 1):
        r = 2 + i
        for c, v in enumerate([i, pname, tw, vw, org, area]):
            ws.write(r, c, v)
        ws.write(r, 6, total, money)
        ws.write(r, 7, done, money)
        for c, v in zip(range(8, 12), [s, e, st, note]):
            ws.write(r, c, v)
    last = 2 + len(P13)
    ws.write_merge(
        last + 1, last + 1, 0, n - 1, "填报人：曾敏　　　　联系电话：0751-3322715　　　　填报日期：2026年11月12日"
    )
    notes_ws = wb.add_sheet("填表说明")
    for k, text in enumerate(
        [
            "填表说明：",
            "1.“推进情况”填写：已完工验收、在建、前期谋划；",
            "2.金额单位为元，总投资含共建单位出资和村级自筹；",
            "3.本表每月5日前报县直机关工委。",
        ]
    ):
        notes_ws.write(k, 0, text)
    wb.save(str(HERE / name))
    projects = [
        {
            "name": p[0],
            "village": p[3],
            "area": AREA.get(p[5], p[5]),
            "investment_yuan": float(p[6]),
            "start_date": iso(month_start(p[8])),
            "end_date": iso(month_start(p[9])),
            "status": STATUS[p[10]],
        }
        for p in P13
    ]
    expect(
        name,
        order=13,
        table="projects",
        set={},
        must_import=True,
        skipped_rows=[last + 2],
        notes='.xls with a second sheet 填表说明 (instructions only: it gives no rows and must not fail the file); "金额单位：元" written in the line above the header (right half of row 2), so 总投资 and '
        "已完成投资 are in 元 — the investment is 总投资, not 已完成投资; 推进情况 已完工验收/前期谋划/在建; "
        "共建内容类别 in the clerk's words 美丽乡村建设 → 建设美丽乡村, 产业发展 → 加快产业发展; 开工时间 year-only 2027年 → 2027-01-01 for the planned project, month-only otherwise; 所在乡镇 "
        "深渡水瑶族乡 in full; 所在村 周所村委会 / 深渡水村; 填报人 footer.",
        tables={"projects": projects, "project_orgs": [{"project": p[0], "org": p[4]} for p in P13]},
    )


# --------------------------------------------------------------------------------------------
# 14 结对农户家庭收入台账 (.xlsx, wide years): household_incomes
# --------------------------------------------------------------------------------------------

# fmt: off
INC = [  # town, village written, ref, head, member, 2024, 2025, measure
    ("沈所镇", "兴仁村", "兴仁村委会", "彭长优", "邓国斌", 96000, 124000, "种植南晶香占，推广“三控”技术"),
    ("沈所镇", "兴仁村", "兴仁村委会", "刘秀兰", "邓国斌", 38500, 42000, "订单蔬菜"),
    ("沈所镇", "兴仁村", "兴仁村委会", "彭观福", "钟丽萍", 61000, 66800, "烤烟提质"),
    ("沈所镇", "沈北村", "沈北村委会", "吴金生", "罗文辉", 72000, 70500, "生猪价格下行，收入略降"),
    ("马市镇", "安水村", "安水村委会", "李木英", "朱振华", 18600, 21300, "公益岗位"),
    ("马市镇", "红梨村", "红梨村委会", "邱国强", "黄丽娟", 66000, 71000, "黄烟订单种植"),
    ("顿岗镇", "总村", "总村村委会", "曾桂芳", "曾宪文", 54000, 58200, "水稻机插秧"),
    ("顿岗镇", "总村", "总村村委会", "温德明", "温雪梅", 83000, 91000, "扩大养鸭规模"),
    ("顿岗镇", "大村", "大村村委会", "叶春华", "王建华", 47000, 52600, "家门口就业"),
]
# fmt: on


def f14():
    name = "结对农户家庭收入台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入台账"
    n = 9
    title_row(ws, 1, "“三联四促”结对农户家庭收入台账", n)
    line_row(ws, 2, "填报单位：县直机关工委　　　　　　　　　　　　统计口径：家庭纯收入", n)
    for c, v in enumerate(
        ["序号", "乡镇", "村", "户主姓名", "结对党员", "家庭纯收入（元）", None, "增收额（元）", "主要增收措施"], 1
    ):
        if v:
            ws.cell(3, c, v).font = BOLD
    ws.cell(4, 6, "2024年").font = BOLD
    ws.cell(4, 7, "2025年").font = BOLD
    for c in (1, 2, 3, 4, 5, 8, 9):
        merge_down(ws, c, 3, 4)
    ws.merge_cells(start_row=3, start_column=6, end_row=3, end_column=7)
    cached = {}
    town_span = {}
    for i, (tw, vw, _v, head, mem, y24, y25, how) in enumerate(INC, 1):
        r = 4 + i
        ws.cell(r, 1, i)
        if tw not in town_span:
            ws.cell(r, 2, tw)
            town_span[tw] = [r, r]
        town_span[tw][1] = r
        for c, v in zip(range(3, 8), [vw, head, mem, y24, y25]):
            ws.cell(r, c, v)
        ws.cell(r, 8, f"=G{r}-F{r}")
        cached[f"H{r}"] = y25 - y24
        ws.cell(r, 9, how)
    for first, last in town_span.values():
        merge_down(ws, 2, first, last)
    last = 4 + len(INC)
    tot = last + 1
    ws.cell(tot, 1, "合计")
    ws.merge_cells(start_row=tot, start_column=1, end_row=tot, end_column=5)
    for col, k in (("F", 5), ("G", 6)):
        ws[f"{col}{tot}"] = f"=SUM({col}5:{col}{last})"
        cached[f"{col}{tot}"] = sum(x[k] for x in INC)
    ws[f"H{tot}"] = f"=G{tot}-F{tot}"
    cached[f"H{tot}"] = sum(x[6] - x[5] for x in INC)
    line_row(
        ws, tot + 1, "注：家庭纯收入=家庭总收入-家庭经营费用支出-税费支出-生产性固定资产折旧-赠送农村外部亲友支出。", n
    )
    wb.save(HERE / name)
    put_formula_values(HERE / name, {"sheet1.xml": cached})
    rows = []
    for _tw, _vw, vref, head, _m, y24, y25, _h in INC:
        rows.append({"household": head, "village": vref, "year": 2024, "net_income_yuan": float(y24)})
        rows.append({"household": head, "village": vref, "year": 2025, "net_income_yuan": float(y25)})
    expect(
        name,
        order=14,
        table="household_incomes",
        set={},
        must_import=True,
        skipped_rows=[tot, tot + 1],
        notes="wide year columns 2024年 | 2025年 under a merged 家庭纯收入（元） group header → one row per year; "
        "增收额（元） is a formula =G5-F5 (cached value written) and must not become a year; 乡镇 merged per "
        "township; unit 元 from the group header; a 合计 row of formulas; 注： footer. 彭长优 96000 → 124000 "
        "(+28000).",
        tables={"household_incomes": rows},
    )


# --------------------------------------------------------------------------------------------
# 15 防返贫监测户收入表 (.xlsx, 万元, ID numbers, year from title): household_incomes
# --------------------------------------------------------------------------------------------

# fmt: off
MON = [  # village written, ref, head, id, size, type, 万元, per-capita 元, risk removed
    ("兴仁村", "兴仁村委会", "彭细妹", "440222195204113027", 2, "脱贫不稳定户", 1.36, 6800, "否"),
    ("兴仁村", "兴仁村委会", "刘观娣", "440222196809250420", 3, "边缘易致贫户", 2.85, 9500, "是"),
    ("兴仁村", "兴仁村委会", "彭长林", "44022219750302181X", 4, "突发严重困难户", 3.12, 7800, "否"),
    ("沈北村", "沈北村委会", "赖金莲", "440222197112083423", 3, "边缘易致贫户", 2.05, 6833, "否"),
    ("沈北村", "沈北村委会", "邓石妹", "440222194806160025", 2, "脱贫不稳定户", 1.18, 5900, "否"),
]
# fmt: on


def id_check(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(a) * w for a, w in zip(body17, weights)) % 11]


def f15():
    name = "沈所镇2025年防返贫监测户收入核算表.xlsx"
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "监测户"
    ws = Shifted(sheet, rows=1, cols=1)  # the table starts at B2: row 1 and column A left empty
    headers = [
        "序号",
        "村",
        "户主姓名",
        "身份证号",
        "家庭人口",
        "监测对象类型",
        "家庭年纯收入（万元）",
        "人均纯收入（元）",
        "风险是否消除",
        "帮扶责任人",
    ]
    n = len(headers)
    title_row(ws, 1, "沈所镇2025年防返贫监测户收入核算表", n)
    line_row(ws, 2, "填报单位（盖章）：沈所镇人民政府　　　　　　　　　　　核算时段：2025年1月1日至2025年12月31日", n)
    header_row(ws, 3, headers)
    helpers = {"彭细妹": "钟丽萍", "刘观娣": "钟丽萍", "彭长林": "邓国斌", "赖金莲": "罗文辉", "邓石妹": "罗文辉"}
    for i, (vw, _v, head, written, size, typ, wan, per, risk) in enumerate(MON, 1):
        idno = written[:17] + id_check(written[:17])
        for c, v in enumerate([i, vw, head, idno, size, typ, wan, per, risk, helpers[head]], 1):
            ws.cell(3 + i, c, v)
        ws.cell(3 + i, 4).number_format = "@"
    last = 3 + len(MON)
    line_row(ws, last + 1, "说明：家庭年纯收入以万元为单位保留两位小数；人均纯收入=家庭年纯收入÷家庭人口。", n)
    line_row(ws, last + 2, "核算人：刘伟　　　　　村（居）委会审核：　　　　　镇审核：邱振华", n)
    wb.save(HERE / name)
    rows = [{"household": m[2], "village": m[1], "year": 2025, "net_income_yuan": yuan(m[6])} for m in MON]
    expect(
        name,
        order=15,
        table="household_incomes",
        set={},
        must_import=True,
        skipped_rows=[last + 2, last + 3],  # sheet rows (one empty row above the title)
        notes="the table starts at B2 (row 1 and column A empty: a reader whose range begins at the first used cell must still report true sheet rows); 年度 only in the title (沈所镇2025年…) and the 核算时段 line → year 2025 (if the importer cannot read "
        "it, 年度 is the one fact to supply; the expectation is 2025 either way); 家庭年纯收入（万元） × 10000 "
        "(1.36 → 13600); 人均纯收入（元） is a second money column that is NOT the household income; 身份证号 "
        "full 18 digits stored as text (never shown unmasked in a report); no 乡镇 column (title says 沈所镇); "
        "说明 / 核算人 footer rows.",
        tables={"household_incomes": rows},
    )


# --------------------------------------------------------------------------------------------
# 16 / 17 trap files: ambiguous names, must be refused
# --------------------------------------------------------------------------------------------

# fmt: off
T16 = [
    ("2026年11月2日", date(2026, 11, 2), "邓国斌", "彭长优", "兴仁村", "入户走访", "回访晚稻收割", "√", "√"),
    ("2026年11月4日", date(2026, 11, 4), "王建华", "曾桂芳", "总村", "入户走访", "随县医院义诊组顺访", "√", "√"),
    ("2026年11月9日", date(2026, 11, 9), "叶桂兰", "钟水英", "大村", "电话联系", "了解外出务工情况", "×", None),
]
# fmt: on


def f16():
    name = "党员走访联系户登记表（11月）.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "11月"
    headers = ["序号", "走访日期", "党员姓名", "户主姓名", "村", "走访方式", "走访内容", "照片", "户主签字"]
    title_row(ws, 1, "2026年11月党员走访联系户登记表", len(headers))
    header_row(ws, 2, headers)
    for i, row in enumerate(T16, 1):
        w, _d, mem, head, vw, way, content, photo, sign = row
        for c, v in enumerate([i, w, mem, head, vw, way, content, photo, sign], 1):
            ws.cell(2 + i, c, v)
    wb.save(HERE / name)
    expect(
        name,
        order=16,
        table="activities",
        set={},
        must_import=False,
        skipped_rows=[],
        notes="TRAP: 党员姓名 王建华 with no unit column, visiting 曾桂芳 (总村), a household neither 王建华 is "
        "paired with — two members are named 王建华 (县人民医院党委, 县教育局机关党委). The import must be "
        "refused, the problem must list both candidates, and nothing may be written (the other two rows are "
        "valid).",
        refusal={
            "sheet": "11月",
            "row": 4,
            "column": "党员姓名",
            "value": "王建华",
            "candidates": ["县人民医院党委", "县教育局机关党委"],
        },
        tables={},
    )


def f17():
    name = "安水村走访记录.csv"
    header = ["走访日期", "走访党员", "所在单位", "户主姓名", "村", "走访方式", "走访情况"]
    rows = [
        ["2026-11-05", "朱振华", "县应急管理局", "李木英", "安水村", "入户走访", "回访山体隐患整治"],
        ["2026-11-05", "朱振华", "县应急管理局", "黄春生", "安水村", "入户走访", "顺访了解柑橘销售"],
    ]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    (HERE / name).write_bytes(buf.getvalue().encode("utf-8-sig"))
    expect(
        name,
        order=17,
        table="activities",
        set={},
        must_import=False,
        skipped_rows=[],
        notes="TRAP (UTF-8 with BOM CSV, header in row 1): 户主姓名 黄春生 + 村 安水村 matches two households "
        "(安水村2组, phone 13826170394; 安水村5组, phone 13692256817) and the visiting member 朱振华 is paired "
        "with neither. Must be refused with both candidates listed; nothing written.",
        refusal={
            "sheet": None,
            "row": 3,
            "column": "户主姓名",
            "value": "黄春生",
            "candidates": ["13826170394", "13692256817"],
        },
        tables={},
    )


def main() -> None:
    for f in (f01, f02, f03, f04, f05, f05b, f06, f07, f08, f09, f10, f11, f11b, f12, f13, f14, f15, f16, f17):
        f()
    for path in HERE.glob("*.xlsx"):
        normalise_xlsx(path)
    orders = [e["order"] for e in EXPECT]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    print(f"{len(EXPECT)} ledgers written to {HERE}")


if __name__ == "__main__":
    main()
