"""数据管理 in Chromium: a bad ledger shows its problems and error workbook; a good one reaches 总览."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from sanlian import build
from tests.e2e.conftest import (
    SCRIPT_MS,
    screenshot,
    sign_in,
    streamlit_server,
    wait_for_app,
    write_users,
)
from tests.ingest_files import BASE, ledger_xlsx
from tests.ledgers import corpus

CLERK, PASSWORD = "文员", "clerk-password"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory):
    """A Streamlit server over an empty real-geography database, with a 数据管理员 (imports need
    sign-in)."""
    db = build.build(tmp_path_factory.mktemp("e2e_data") / "empty.duckdb", "empty")
    users_file = write_users(db.with_name("users.json"), (CLERK, "数据管理员", [], PASSWORD))
    with streamlit_server(db, users_file, db.with_name("streamlit.log")) as url:
        yield url


def upload(page, name: str, content: bytes, shows: str) -> None:
    """Put a file into the page's uploader and wait until its check shows `shows`."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": content}])
    expect(page.get_by_text(shows).first).to_be_visible(timeout=SCRIPT_MS)
    wait_for_app(page)


def choose_whole_workbook(page) -> None:
    ledger = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text("台账类型", exact=True))
    ledger.first.locator("input").click()
    page.get_by_role("option", name="整本标准模板工作簿（按工作表名称）").click()
    wait_for_app(page)


def test_a_bad_ledger_shows_its_problems_and_a_good_one_reaches_the_home_page(empty_app, page):
    """Bad workbook → error table + error workbook; good workbook → imported → 总览 shows 2 orgs."""
    page.goto(f"{empty_app}/data")
    wait_for_app(page)
    sign_in(page, CLERK, PASSWORD)
    choose_whole_workbook(page)
    bad = {"orgs": [{"org_id": "O1", "name": "县住管局党支部", "agency": "县住管局", "org_type": "党支"},
                    {"org_id": "O1", "agency": "县水务局", "org_type": "党支部"}]}
    upload(page, "坏台账.xlsx", ledger_xlsx(bad), shows="发现 3 个问题，未写入任何数据")
    screenshot(page, "data_bad_ledger")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载错误清单（Excel）").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [c.value for c in sheet[1]] == ["工作表", "行号", "列", "内容", "问题"]
    assert sheet.max_row == 4

    upload(page, "台账.xlsx", ledger_xlsx(BASE), shows="检查通过")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入").first).to_be_visible(timeout=SCRIPT_MS)
    wait_for_app(page)
    screenshot(page, "data_imported")

    page.goto(empty_app)  # a new page in the same browser: still signed in (the session cookie)
    wait_for_app(page)
    card = page.locator('[data-testid="stMetric"]', has_text="结对机关党组织")
    assert card.locator('[data-testid="stMetricValue"]').inner_text() == "2"
    screenshot(page, "data_home_after_import")
    assert not page.outside_requests


def test_a_clerks_own_ledger_goes_in_after_one_missing_fact_is_chosen(empty_app, page):
    """The county's own 结对一览表 (title lines, merged cells, a 合计 row, no 开始日期 column): the
    page recognises it, asks for the start date, previews the rows, and imports them."""
    ledger = next(s for s in corpus() if s["table"] == "org_villages")
    page.goto(f"{empty_app}/data")
    wait_for_app(page)
    sign_in(page, CLERK, PASSWORD)
    upload(page, ledger["path"].name, ledger["path"].read_bytes(), shows="台账中缺少下列信息")
    start = page.get_by_role("textbox", name="开始日期")
    start.fill("2023年1月1日")
    start.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("检查通过")).to_be_visible()
    expect(page.get_by_text("机关党组织结对村一览表", exact=False).first).to_be_visible()
    expect(page.get_by_text("跳过的行", exact=False).first).to_be_visible()
    screenshot(page, "data_clerk_ledger_preview")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入").first).to_be_visible(timeout=SCRIPT_MS)
    wait_for_app(page)
    # One pair (县住管局党支部–总村 from 2023-01-01) came with the first test's workbook.
    pairs = len(ledger["tables"]["org_villages"]) - 1
    expect(page.get_by_text(f"组织结对村：新增 {pairs} 行，更新 0 行，未变化 1 行", exact=False)).to_be_visible()
