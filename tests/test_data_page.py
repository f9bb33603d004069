"""The 数据管理 page in AppTest: it renders on the sample, refuses imports there, and imports elsewhere."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from sanlian import settings
from tests.ingest_files.databases import county_db, county_db_template  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("admin_session")  # imported data needs sign-in


def run_page() -> AppTest:
    at = AppTest.from_file(str(settings.ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/data.py")
    return at.run()


def test_data_page_renders_on_the_sample_with_the_switch_to_real_data(sample_db, use_db):
    """Sample loaded: no uploader, a disabled switch until the box is ticked, all four tabs."""
    use_db(sample_db)
    at = run_page()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["导入", "导出", "数据质量", "导入记录"]
    switch = next(b for b in at.button if b.label == "切换为真实数据（清空示例数据）")
    assert switch.disabled
    assert any("示例数据" in w.value for w in at.warning)


def test_data_quality_tab_shows_the_counts_on_the_sample(sample_db, use_db):
    """The quality metrics are there: 115 of 129 villages have no coordinates."""
    use_db(sample_db)
    at = run_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["没有坐标的村（居）委会"] == "115"
    assert metrics["上月无记录的乡镇"] == "0 / 10"


def test_the_import_log_lists_the_base_import_on_an_imported_database(county_db, use_db):
    """A real-data database: the log tab lists each table of the base import."""
    use_db(county_db)
    at = run_page()
    assert not at.exception
    log = next(d.value for d in at.dataframe if "台账" in d.value.columns)
    assert set(log["台账"]) >= {"县领导", "活动记录"}


def test_switching_to_real_data_empties_the_sample_only_after_confirmation(sample_db, use_db, tmp_path):
    """Tick, click: the database is rebuilt empty and the uploader appears."""
    path = use_db(tmp_path / "sample.duckdb")
    path.write_bytes(sample_db.read_bytes())
    at = run_page()
    at.checkbox(key="data_confirm").check().run()
    at.button(key="data_switch").click().run()
    assert not at.exception
    assert not any("示例数据" in w.value for w in at.warning)
    assert "示例数据" not in at.caption[0].value


# The fixture with M2 newly paired with 周丁 (H4) and never visiting: a member pairing in the quality
# list "没有任何活动的在结结对" besides the org pairing O2–一村.
UNVISITED_PAIR = "insert into member_households values ('M2', 'H4', date '2024-06-01', null);"


@pytest.fixture
def unvisited_pair_db(use_db, tmp_path):
    import duckdb

    from tests.conftest import load_fixture

    path = tmp_path / "unvisited.duckdb"
    with duckdb.connect(str(path)) as con:
        load_fixture(con, UNVISITED_PAIR)
    return use_db(path)


def pairings_without_activity(at: AppTest):
    return next(d.value for d in at.dataframe if "结对类型" in d.value.columns)


def test_the_quality_list_of_silent_pairings_masks_member_and_household_in_presentation_mode(unvisited_pair_db):
    shown = pairings_without_activity(AppTest.from_file(str(settings.ROOT / "app.py"), default_timeout=60)
                                      .switch_page("pages/data.py").run())
    assert shown[["结对党员", "户主", "机关党组织"]].values.tolist() == [["赵四", "周丁", ""], ["", "", "县乙局党支部"]]
    at = AppTest.from_file(str(settings.ROOT / "app.py"), default_timeout=60)
    at.query_params["present"] = "1"
    masked = pairings_without_activity(at.switch_page("pages/data.py").run())
    assert masked[["结对党员", "户主", "机关党组织"]].values.tolist() == [["赵*", "周*", ""], ["", "", "县乙局党支部"]]


def test_the_masked_csv_of_silent_pairings_names_nobody(unvisited_pair_db):
    import duckdb

    from sanlian import db, export

    with duckdb.connect(str(unvisited_pair_db)) as con:
        frame = db.run(con, "quality_pairings_without_activity", townships=[], as_of=date(2024, 6, 30))
    masked = export.csv_bytes(frame).decode("utf-8-sig")
    assert "赵*" in masked and "周*" in masked and "赵四" not in masked and "周丁" not in masked
    assert "县乙局党支部" in masked  # organisations are public
