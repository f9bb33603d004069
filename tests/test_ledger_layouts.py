"""Clerks' own ledgers, piece by piece: dates and numbers in their words, the table found within a
sheet, amounts in 万元, facts supplied with --set, names that are unknown or ambiguous."""

import io
import subprocess
import sys

import duckdb
import pandas as pd
import pytest
from openpyxl import Workbook

from sanlian import build, ingest, settings, state
from sanlian.ingest.layout import find_table
from sanlian.ingest.parse import date_texts, number_texts
from sanlian.ingest.places import clean_place
from sanlian.ingest.read import Grid


def workbook(rows: list[list], merges: tuple[str, ...] = (), title: str = "台账") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def county(tmp_path):
    """An empty real-geography database with one org, two members of one name and a household."""
    path = build.build(tmp_path / "county.duckdb", "empty")
    assert ingest.import_file(path, "o.xlsx", workbook([["结对村", "牵头单位", "协同单位"],
                                                        ["安水村", "县水务局党支部", "县财政局机关党委"]]),
                              supplied={"开始日期": "2023-01-01"}).written
    assert ingest.import_file(path, "m.xlsx", workbook([["姓名", "所在党组织", "联系电话"],
                                                        ["李红", "县水务局党支部", "13800000001"],
                                                        ["李红", "县财政局机关党委", "13800000002"]])).written
    assert ingest.import_file(path, "h.xlsx", workbook([["村", "户主姓名", "结对党员", "党员所在单位", "结对时间"],
                                                        ["安水村2组", "张大山", "李红", "县水务局", "2024年1月"]])).written
    return path


def run(path, rows, merges=(), table="auto", **supplied) -> ingest.Report:
    return ingest.import_file(path, "台账.xlsx", workbook(rows, merges), table, supplied=supplied)


@pytest.mark.parametrize(("written", "iso", "how"), [
    ("2026年9月5日", "2026-09-05", ""), ("2026.9.5", "2026-09-05", ""), ("2026/9/5", "2026-09-05", ""),
    ("20260905", "2026-09-05", ""), ("46285", "2026-09-20", ""), ("2026年9月5日上午", "2026-09-05", ""),
    ("９月２２日", "2026-09-22", "no_year"), ("2023年1月", "2023-01-01", "month"),
    ("2026年全年", "2026-01-01", "year"), ("2026-02-30", "2026-02-30", ""), ("明天", "明天", ""),
    ("2026年9月5号", "2026-09-05", ""), ("2026/9/5 14:30", "2026-09-05", ""), ("2026 年 9 月 5 日", "2026-09-05", ""),
])
def test_dates_are_read_in_every_form_clerks_write_and_say_how(written, iso, how):
    values, read_as = date_texts(pd.Series([written]), default_year=2026)
    assert (values[0], read_as[0]) == (iso, how)


@pytest.mark.parametrize(("written", "number"), [("约60人", "60"), ("4人", "4"), ("1,200 元", "1200"),
                                                 ("３０", "30"), ("45", "45"), ("4口人", "4")])
def test_numbers_lose_their_units_and_approximations(written, number):
    assert number_texts(pd.Series([written]))[0] == number


@pytest.mark.parametrize(("written", "reference"), [
    ("河口村3组", "河口村"), ("周所村委", "周所村委会"), ("大村村民委员会", "大村村委会"),
    ("马市镇安水村", "安水村"), ("兴仁村第三组", "兴仁村"), ("城东居委会", "城东居委会")])
def test_village_names_are_cleaned_the_way_the_reference_spells_them(written, reference):
    assert clean_place(written) == reference


def test_the_table_is_found_below_titles_with_a_two_row_header_and_footers_skipped():
    grid = Grid("民情", [
        ["马市镇民情台账", "马市镇民情台账", "马市镇民情台账", "马市镇民情台账"],
        ["填报单位：马市镇", None, "金额单位：万元", None],
        ["序号", "诉求内容", "办理情况", "办理情况"],
        ["序号", "诉求内容", "承办单位", "办结时间"],
        ["1", "旱季缺水", "县水务局", "2026-03-20"],
        ["2", None, None, None],
        ["合计", "1件", None, None],
        ["填表人：张三", None, None, None],
    ])
    sheet = find_table(grid)
    assert sheet.headers == ["序号", "诉求内容", "承办单位", "办结时间"]
    assert list(sheet.rows.index) == [5]
    assert [row for row, _ in sheet.skipped] == [6, 7, 8]
    assert sheet.context["unit"] == "万元" and "year" not in sheet.context


def test_an_amount_in_wan_yuan_is_stored_in_yuan_and_an_amount_without_unit_is_refused(county):
    rows = [["项目名称", "所在村", "共建单位", "领域", "投入资金（万元）", "开工时间", "进展"],
            ["安水村文化广场", "安水村", "县水务局党支部", "美丽乡村", 30, "2026年3月", "在建"]]
    assert run(county, rows).written
    with duckdb.connect(str(county)) as con:
        assert con.execute("select investment_yuan from projects").fetchone()[0] == 300000
    rows[0][4] = "投入资金"
    report = run(county, rows)
    assert not report.ok and report.missing_facts == ["金额单位"]
    assert run(county, rows, 金额单位="万元").ok


def test_a_missing_fact_stops_the_import_until_it_is_supplied_for_the_whole_file(county):
    rows = [["登记时间", "村", "诉求内容", "问题类别"], ["2026-03-05", "安水村", "旱季缺水", "饮水"]]
    report = run(county, rows)
    assert not report.ok and report.missing_facts == ["三联类型", "规模"]
    assert list(report.problems["column_header"]) == ["三联类型", "规模"]  # no row-by-row repeats
    done = run(county, rows, 三联类型="领导联乡镇", 规模="一般")
    assert done.written and done.table == "issues"
    with duckdb.connect(str(county)) as con:
        assert con.execute("select link, scale, category from issues").fetchall() == [(1, "一般", "饮水用水")]


def test_two_members_of_one_name_are_told_apart_by_unit_or_by_the_household_they_visit(county):
    visits = [["走访日期", "党员姓名", "户主姓名", "村", "走访方式"],
              ["2026-09-05", "李红", "张大山", "安水村", "入户走访"]]
    assert run(county, visits).written  # only one 李红 is paired with 张大山
    other = [["走访日期", "党员姓名", "户主姓名", "村", "走访方式"],
             ["2026-09-06", "李红", "王五", "安水村", "入户走访"]]
    report = run(county, other)
    assert "联系户不存在：请先导入“党员联系户花名册”" in report.problems["reason"].iloc[0]
    roster = [["村", "户主姓名", "结对党员", "结对时间"], ["安水村", "王五", "李红", "2024-01-01"]]
    report = run(county, roster)
    [reason] = report.problems["reason"]
    assert "县水务局党支部" in reason and "县财政局机关党委" in reason and not report.written


def test_importing_the_same_ledger_twice_changes_nothing(county):
    visits = [["走访日期", "党员姓名", "户主姓名", "村", "走访方式", "照片"],
              ["2026-09-05", "李红", "张大山", "安水村", "电话联系", "√"]]
    first, second = run(county, visits), run(county, visits)
    assert [c.inserted for c in first.counts] == [1]
    assert [(c.inserted, c.updated, c.unchanged) for c in second.counts] == [(0, 0, 1)]


def test_the_command_line_recognises_the_ledger_and_takes_set(county, tmp_path):
    ledger = tmp_path / "民情台账.xlsx"
    ledger.write_bytes(workbook([["登记时间", "村", "诉求内容", "问题类别"],
                                 ["2026-03-05", "安水村", "旱季缺水", "饮水"]]))
    command = [sys.executable, "-m", "sanlian.ingest", str(ledger), "--db", str(county)]
    refused = subprocess.run(command, cwd=settings.ROOT, capture_output=True, text=True, check=False)
    assert refused.returncode == 1 and "--set 三联类型=值" in refused.stderr
    done = subprocess.run([*command, "--set", "三联类型=领导联乡镇", "--set", "规模=一般"],
                          cwd=settings.ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "自动识别为：issues" in done.stdout and "民情问题 新增 1 行" in done.stdout
    unknown = subprocess.run([*command, "--set", "颜色=红"], cwd=settings.ROOT, capture_output=True,
                             text=True, check=False)
    assert unknown.returncode == 1 and "不能指定“颜色”" in unknown.stderr


def test_next_months_ledger_of_the_same_layout_needs_no_questions(county):
    """Facts supplied and a column the clerk mapped by hand are remembered for the layout."""
    march = [["登记时间", "村", "具体情况", "问题类别"], ["2026-03-05", "安水村", "旱季缺水", "饮水"]]
    assert "表头中没有认出" in run(county, march).problems["reason"].iloc[0]
    first = run(county, march, table="issues")
    assert first.sheets[0].ignored == ["具体情况"] and "问题内容" in first.sheets[0].choices
    done = ingest.import_file(county, "三月.xlsx", workbook(march), "issues",
                              supplied={"三联类型": "领导联乡镇", "规模": "一般"}, columns={"具体情况": "问题内容"})
    assert done.written
    april = [["登记时间", "村", "具体情况", "问题类别"], ["2026-04-02", "安水村", "路灯不亮", "基础设施"]]
    again = run(county, april)
    assert again.written, again.text()
    assert "沿用当时的读取方式：三联类型=领导联乡镇；规模=一般；「具体情况」按「问题内容」读取" in again.notes[0]
    with duckdb.connect(str(county)) as con:
        assert con.execute("select summary, link from issues order by raised_date").fetchall() == [
            ("旱季缺水", 1), ("路灯不亮", 1)]


def test_a_clerks_own_category_word_is_classified_by_keyword_and_reported(county):
    rows = [["登记时间", "村", "诉求内容", "问题类别", "办结时间", "办理结果"],
            ["2026-03-05", "安水村", "村道坑洼", "道路硬化", "2026-03-20", "已协调交通局修复"],
            ["2026-03-06", "安水村", "邻里争水", "其它问题：邻里纠纷", None, "正在协调"]]
    report = run(county, rows, 三联类型="领导联乡镇", 规模="一般")
    assert report.written, report.text()
    assert "「问题类别」按关键词归类：“其它问题：邻里纠纷”→“矛盾纠纷”、“道路硬化”→“基础设施”。" in report.notes
    with duckdb.connect(str(county)) as con:
        assert con.execute("select category, is_resolved from issues order by raised_date").fetchall() == [
            ("基础设施", True), ("矛盾纠纷", False)]


def test_an_amount_written_with_wan_in_a_yuan_column_is_converted(county):
    rows = [["项目名称", "所在村", "共建单位", "领域", "投入资金（元）", "开工时间", "进展"],
            ["安水村路灯", "安水村", "县水务局党支部", "美丽乡村", "3.5万", "2026年3月", "已完工验收"]]
    assert run(county, rows).written
    with duckdb.connect(str(county)) as con:
        assert con.execute("select investment_yuan, status from projects").fetchone() == (35000, "完工")


def test_a_household_roster_adds_a_paired_member_not_yet_on_record_to_their_units_org(county):
    roster = [["村", "户主姓名", "结对党员", "党员所在单位", "结对时间"],
              ["安水村", "赵六", "钱七", "县水务局", "2024-02-01"],
              ["安水村", "孙八", "周九", None, "2024-02-01"]]
    report = run(county, roster)
    assert list(report.problems["reason"]) == ["结对党员不存在：请先导入“党员名册”，或核对姓名"]
    assert list(report.problems["row_number"]) == [3]
    done = run(county, roster[:2])
    assert done.written and "新建党员 1 名" in " ".join(done.notes)
    with duckdb.connect(str(county)) as con:
        assert con.execute("select o.name from members m join orgs o using (org_id) where m.name = '钱七'"
                           ).fetchall() == [("县水务局党支部",)]


def test_an_unrecognised_extra_sheet_is_passed_over_with_a_warning_and_a_hidden_one_is_not_read(county):
    book = Workbook()
    visits = book.active
    visits.title = "走访"
    for row in [["走访日期", "党员姓名", "户主姓名", "村"], ["2026-09-05", "李红", "张大山", "安水村"]]:
        visits.append(row)
    lists = book.create_sheet("下拉选项")
    for row in [["走访方式", "说明"], ["入户走访", "上门"], ["电话联系", "电话"]]:
        lists.append(row)
    secret = book.create_sheet("隐藏")
    secret.sheet_state = "hidden"
    secret.append(["乱七八糟", "内容"])
    out = io.BytesIO()
    book.save(out)
    with duckdb.connect(str(county)) as con:
        report = ingest.run(con, "走访.xlsx", out.getvalue())
    assert report.written, report.text()
    assert report.warnings == ["工作表“下拉选项”没有认出是哪种台账，未导入（如需导入，请单独上传并选择台账类型）。"]
    assert [s.name for s in report.sheets] == ["走访"]


def test_a_roster_with_an_address_column_and_a_bracketed_header_goes_in(county):
    roster = [["序号", "联系户姓名", "家庭住址", "联系人（党员）", "所在单位", "结对时间", "年龄"],
              [1, "吴十", "马市镇安水村5组12号", "李红", "县财政局", "2024-03-01", 61]]
    report = run(county, roster)
    assert report.written and report.table == "households", report.text()
    with duckdb.connect(str(county)) as con:
        assert con.execute("select v.name, o.name from member_households join households h using (household_id) "
                           "join villages v using (village_code) join members m using (member_id) "
                           "join orgs o on o.org_id = m.org_id where h.head_name = '吴十'").fetchall() == [
            ("安水村委会", "县财政局机关党委")]


def test_a_project_list_naming_the_responsible_unit_and_a_date_range_goes_in(county):
    rows = [["项目名称", "建设地点", "责任单位", "总投资（万元）", "实施时间", "完成情况", "共建领域"],
            ["安水村机耕路", "安水村2组", "县水务局", 12, "2026年3月至2026年10月", "已完工", "美丽乡村"]]
    assert run(county, rows).written
    with duckdb.connect(str(county)) as con:
        assert con.execute("select p.start_date::varchar, o.name from projects p join project_orgs using (project_id) "
                           "join orgs o using (org_id)").fetchall() == [("2026-03-01", "县水务局党支部")]


def test_a_roster_of_one_unit_takes_its_org_from_the_title_or_from_set(county):
    roster = [["县财政局机关党委党员名册"], ["序号", "姓名", "性别", "联系电话"], [1, "郑十一", "男", "13800000011"]]
    report = run(county, roster)
    assert report.written and report.table == "members", report.text()
    assert "「党组织」台账中没有这一列，按标题中的“县财政局机关党委”填写。" in report.notes
    untitled = [["序号", "姓名", "性别"], [1, "王十二", "女"]]
    assert run(county, untitled).missing_facts == ["党组织"]
    assert run(county, untitled, 党组织="县水务局党支部").written
    with duckdb.connect(str(county)) as con:
        assert con.execute("select m.name, o.name from members m join orgs o using (org_id) "
                           "where m.name in ('郑十一', '王十二') order by m.name").fetchall() == [
            ("王十二", "县水务局党支部"), ("郑十一", "县财政局机关党委")]


def test_a_sheet_of_one_township_takes_its_villages_from_set(county):
    rows = [["登记时间", "村", "诉求内容", "问题类别"], ["2026-03-05", "安水", "旱季缺水", "饮水"]]
    report = run(county, rows, 三联类型="领导联乡镇", 规模="一般", 乡镇="马市镇")
    assert report.written, report.text()


def test_a_monthly_register_gives_one_visit_per_filled_month(county):
    rows = [["2026年党员联系户走访情况登记表"],
            ["序号", "党员姓名", "联系户", "村", "走访情况", "走访情况", "走访情况"],
            ["序号", "党员姓名", "联系户", "村", "1月", "2月", "3月"],
            [1, "李红", "张大山", "安水村", "√", "2.15", None]]
    report = run(county, rows, merges=("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:G2"))
    assert report.written, report.text()
    with duckdb.connect(str(county)) as con:
        assert con.execute("select activity_date::varchar, link, kind from activities order by 1").fetchall() == [
            ("2026-01-01", 3, "走访"), ("2026-02-15", 3, "走访")]
    again = run(county, rows, merges=("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:G2"))
    assert ingest.merged_counts(again.counts)[0].unchanged == 2


def test_a_visit_entered_twice_in_one_ledger_is_counted_once_and_said_so(county):
    rows = [["走访日期", "党员姓名", "户主姓名", "村"], ["2026-09-05", "李红", "张大山", "安水村"],
            ["2026-09-05", "李红", "张大山", "安水村"]]
    report = run(county, rows)
    assert report.written and report.counts[0].inserted == 1
    assert "第 3 行与前面某行是同一条记录（日期、人员、对象和形式都相同），只计一次。" in report.notes


def test_a_version_2_database_gains_the_layout_memory_on_its_first_import(county):
    with duckdb.connect(str(county)) as con:
        con.execute("drop table import_layouts; update meta set schema_version = 2")
    rows = [["登记时间", "村", "诉求内容", "问题类别"], ["2026-03-05", "安水村", "旱季缺水", "饮水"]]
    assert run(county, rows, 三联类型="领导联乡镇", 规模="一般").written
    with duckdb.connect(str(county), read_only=True) as con:
        assert con.execute("select schema_version from meta").fetchone()[0] == settings.SCHEMA_VERSION == 3
    assert "issues" in [kind for _, kind, *_ in state.layouts(state.open_store(county))]
