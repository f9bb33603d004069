"""Bad ledgers: every kind of problem is reported (row, column, reason) and nothing is written."""

from datetime import date, timedelta

import pandas as pd
import pytest

from sanlian import settings
from tests.ingest_files import as_rows, csv_file, headers, table_xlsx, xlsx
from tests.ingest_files.databases import county_db, county_db_template, run_import, sha256  # noqa: F401 (fixtures)

TOMORROW = (date.today() + timedelta(days=1)).isoformat()
VISIT = {"activity_id": 7, "activity_date": "2024-05-06", "link": 3, "kind": "走访", "org_id": "O1",
         "member_id": "M1", "village_code": "兴仁村委会", "household_id": "H1"}
ISSUE = {"issue_id": 7, "raised_date": "2024-05-06", "link": 2, "township_code": "马市镇",
         "category": "教育", "summary": "校车", "scale": "一般"}
PROJECT = {"project_id": "P7", "village_code": "安水村", "name": "路灯", "area": "建设美丽乡村",
           "investment_yuan": 1000, "start_date": "2024-01-01", "status": "在建"}


def ledger(table, *records, name=None):
    """(file name, bytes) of a one-sheet ledger workbook."""
    return name or f"{table}.xlsx", table_xlsx(table, list(records))


def without(table, column_header, *records):
    """A workbook of the ledger with one column left out."""
    cols = [i for i, h in enumerate(headers(table)) if h != column_header]
    rows = [headers(table), *as_rows(table, list(records))]
    return f"{table}.xlsx", xlsx({"Sheet1": [[row[i] for i in cols] for row in rows]})


ORG_TYPES = "不在允许的取值中（党委、党总支、党支部）"
BAD_FILES = [
    ("missing_column", "orgs", without("orgs", "组织类型", {"org_id": "O9", "name": "甲", "agency": "乙"}),
     [(1, "组织类型", "缺少必填列")]),
    ("blank_required_cell", "orgs", ledger("orgs", {"org_id": "O9", "agency": "乙", "org_type": "党支部"}),
     [(2, "组织名称", "必填，不能为空")]),
    ("not_an_integer", "households",
     ledger("households", {"household_id": "H9", "village_code": "安水村", "head_name": "甲",
                           "size": "四口"}),
     [(2, "家庭人口", "应为整数")]),
    ("size_out_of_range", "households",
     ledger("households", {"household_id": "H9", "village_code": "安水村", "head_name": "甲", "size": 31}),
     [(2, "家庭人口", "超出范围（应在 1 到 30 之间）")]),
    ("date_does_not_parse", "activities", ledger("activities", {**VISIT, "activity_date": "2024-13-45"}),
     [(2, "活动日期", "日期无法识别，应为 2024-03-05 这样的格式")]),
    ("date_in_the_future", "activities", ledger("activities", {**VISIT, "activity_date": TOMORROW}),
     [(2, "活动日期", f"日期晚于今天（{date.today():%Y-%m-%d}）")]),
    ("value_not_allowed", "leaders",
     ledger("leaders", {"leader_id": "L9", "name": "甲", "post": "书记", "body": "县委会"}),
     [(2, "所属班子", "不在允许的取值中（县委、县人大、县政府、县政协），是否为“县委”？")]),
    ("unknown_township", "leader_townships",
     ledger("leader_townships", {"leader_id": "L1", "township_code": "马石镇", "start_date": "2024-01-01"}),
     [(2, "乡镇", "未知的乡镇，是否为“马市镇”？")]),
    ("unknown_village_code", "households",
     ledger("households", {"household_id": "H9", "village_code": "440222999999", "head_name": "甲"}),
     [(2, "村（居）委会", "未知的村（居）委会，请填写名称或代码。")]),
    ("unknown_org", "members", ledger("members", {"member_id": "M9", "name": "甲", "org_id": "O9"}),
     [(2, "组织编号", "组织编号不存在：请先导入“机关党组织”台账，或核对编号")]),
    ("duplicate_key_in_file", "leaders",
     ledger("leaders", *[{"leader_id": "L9", "name": n, "post": "副县长", "body": "县政府"} for n in "甲乙"]),
     [(3, "领导编号", "与第 2 行重复（领导编号相同）")]),
    ("negative_investment", "projects", ledger("projects", {**PROJECT, "investment_yuan": -5}),
     [(2, "投入（元）", "金额不能为负数")]),
    ("negative_income", "household_incomes",
     ledger("household_incomes", {"household_id": "H1", "year": 2025, "net_income_yuan": "-1,000"}),
     [(2, "家庭纯收入（元）", "金额不能为负数")]),
    ("satisfaction_out_of_range", "issues",
     ledger("issues", {**ISSUE, "closed_date": "2024-05-07", "satisfaction": 6}),
     [(2, "满意度", "超出范围（应在 1 到 5 之间）")]),
    ("closed_before_raised", "issues", ledger("issues", {**ISSUE, "closed_date": "2024-05-01"}),
     [(2, "办结日期", "办结日期早于提出日期")]),
    ("resolved_but_open", "issues", ledger("issues", {**ISSUE, "is_resolved": "是"}),
     [(2, "已解决", "未办结（办结日期空白）的问题不能标记为已解决")]),
    ("end_before_start", "org_villages",
     ledger("org_villages", {"org_id": "O1", "village_code": "安水村", "role": "协同",
                             "start_date": "2024-02-01", "end_date": "2024-01-01"}),
     [(2, "结束日期", "结束日期早于开始日期")]),
    ("visit_without_member", "activities", ledger("activities", {**VISIT, "member_id": None}),
     [(2, "党员编号", "三联类型为党员联群众时必填")]),
    ("village_in_another_township", "activities",
     ledger("activities", {**VISIT, "township_code": "马市镇"}),
     [(2, "村（居）委会", "该村属于沈所镇，与所填乡镇不一致")]),
    ("not_yes_or_no", "activities", ledger("activities", {**VISIT, "has_photo": "可能"}),
     [(2, "有照片", "应为“是”或“否”（也可写 √、×、有、无）")]),
    ("every_problem_not_only_the_first", "orgs",
     ledger("orgs", {"org_id": "O9", "name": "甲", "agency": "乙", "org_type": "党支"},
            {"org_id": "O8", "agency": "乙", "org_type": "党支部"},
            {"org_id": "O9", "name": "丙", "agency": "乙", "org_type": "党委"}),
     [(2, "组织类型", ORG_TYPES + "，是否为“党支部”？"), (3, "组织名称", "必填，不能为空"),
      (4, "组织编号", "与第 2 行重复（组织编号相同）")]),
    ("empty_file", "orgs", ("orgs.xlsx", b""), [(None, "", "文件是空的（0 字节）。")]),
    ("headers_only", "orgs", ("orgs.csv", csv_file([headers("orgs")])),
     [(None, "", "工作表中没有数据行（表头下面没有内容）")]),
    ("binary_renamed_xlsx", "orgs", ("orgs.xlsx", bytes(range(256)) * 40),
     [(None, "", "无法读取这个表格文件：文件已损坏、加了密码，或不是 Excel/WPS/ODS 格式（请用 Excel 或 WPS 打开后另存为 .xlsx 再试）。")]),
    ("wrong_file_type", "orgs", ("orgs.pdf", b"%PDF-1.4"),
     [(None, "", "不支持的文件类型“.pdf”：请上传 Excel（.xlsx、.xls）、WPS 表格（.et）、OpenDocument（.ods）或 CSV 文件。")]),
]


def found(report) -> list[tuple]:
    rows = report.problems
    return [(None if pd.isna(r.row_number) else int(r.row_number), r.column_header, r.reason)
            for r in rows.itertuples()]


@pytest.mark.parametrize("case, table, file, expected", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_ledger_reports_exactly_its_problems_and_leaves_the_database_untouched(
        county_db, case, table, file, expected):
    """Each bad file: the exact (row, column, reason) list, and the db file is byte-for-byte the same."""
    before = sha256(county_db)
    report = run_import(county_db, *file, table)
    assert found(report) == expected
    assert not report.written
    assert sha256(county_db) == before


def test_a_file_over_the_row_cap_is_refused_before_validation(county_db, monkeypatch):
    """More data rows than settings.INGEST_MAX_ROWS: one problem, nothing written."""
    monkeypatch.setattr(settings, "INGEST_MAX_ROWS", 2)
    rows = [{"org_id": f"O{i}", "name": "甲", "agency": "乙", "org_type": "党支部"} for i in range(3)]
    report = run_import(county_db, *ledger("orgs", *rows), "orgs")
    assert found(report) == [(None, "", "工作表“机关党组织”的数据超过 2 行的上限；请拆分后分批导入。")]


def test_a_file_over_the_size_cap_is_refused(county_db, monkeypatch):
    """Bigger than settings.INGEST_MAX_BYTES: refused with both sizes in MB as Streamlit counts them
    for its upload limit (2^20 bytes: 20 MB is 20 MB, not 21)."""
    monkeypatch.setattr(settings, "INGEST_MAX_BYTES", 20 * 2**20)
    report = run_import(county_db, "big.csv", b"x" * (21 * 2**20), "orgs")
    assert found(report)[0][2] == "文件大小 21.0 MB，超过上限 20 MB；请拆分后分批导入。"


def test_importing_into_the_sample_database_is_refused_with_how_to_switch(sample_db, tmp_path):
    """Real ledgers never mix with the sample: a clear refusal, the file unchanged."""
    path = tmp_path / "sample.duckdb"
    path.write_bytes(sample_db.read_bytes())
    before = sha256(path)
    report = run_import(path, *ledger("orgs", {"org_id": "O9", "name": "甲", "agency": "乙",
                                               "org_type": "党支部"}), "orgs")
    assert not report.ok and "切换为真实数据（清空示例数据）" in report.refused
    assert sha256(path) == before


def test_a_gbk_csv_with_chinese_names_and_english_headers_is_imported(county_db):
    """GBK bytes, database column names as headers, township by its short alias."""
    rows = [["leader_id", "township_code", "start_date"], ["L1", "深渡水乡", "2024/2/1"]]
    report = run_import(county_db, "驻点.csv", csv_file(rows, "gbk"), "leader_townships")
    assert report.written, report.text()
    assert report.counts[0].inserted == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_is_read_in_each_accepted_encoding(county_db, encoding):
    """UTF-8 with and without BOM and GB18030 all give the same names."""
    rows = [headers("orgs"), ["O7", "县教育局党支部", "县教育局", "党支部"]]
    report = run_import(county_db, "orgs.csv", csv_file(rows, encoding), "orgs", dry_run=True)
    assert report.ok and report.checked[0].frame.loc[2, "name"] == "县教育局党支部"


def test_a_reference_to_a_unit_earlier_in_the_same_workbook_is_accepted(county_db):
    """Members may name an org that the workbook's orgs sheet adds."""
    content = xlsx({"机关党组织": [headers("orgs"), ["O7", "县教育局党支部", "县教育局", "党支部"]],
                    "机关党员": [headers("members"), ["M7", "甲", "O7", None]]})
    report = run_import(county_db, "book.xlsx", content, "all")
    assert report.written, report.text()


def test_unknown_columns_are_ignored_with_a_notice(county_db):
    """A column the ledger does not know is reported as a notice, not an error."""
    rows = [[*headers("orgs"), "备用列"], ["O7", "县教育局党支部", "县教育局", "党支部", "x"]]
    report = run_import(county_db, "orgs.csv", csv_file(rows), "orgs", dry_run=True)
    assert report.ok and "备用列" in report.warnings[0]


def test_masked_names_from_a_presentation_export_are_refused(county_db):
    """彭** or a hidden note would overwrite the real data: reported, not written."""
    home = {"household_id": "H1", "village_code": "兴仁村委会", "head_name": "彭**", "phone": "139****0001"}
    report = run_import(county_db, *ledger("households", home), "households")
    assert [(r[0], r[1]) for r in found(report)] == [(2, "户主"), (2, "电话")]
