"""Who may see what, in AppTest: sign-in, township scope under attack, roles, and the audit log.

A 乡镇 user of 马市镇 tries to reach 顿岗镇 by the URL, by a map/chart click (filter_state.set_towns),
through exports and through the brief; users with no role, no township, a disabled account or a
wrong password; each case checks what is shown and what is logged.
"""

import io
import json
import shutil

import duckdb
import pandas as pd
import pytest
import streamlit as st
from pptx import Presentation
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from sanlian import audit, auth, data, dataset, settings, state, users, widgets
from tests.test_pages import run_page
from tests.test_present_page import household_and_member_names, names_on_screen

PASSWORD = "correct-horse"
YEAR = {"from": "2025-01-01", "to": "2025-12-31"}


@pytest.fixture(scope="module")
def users_template(tmp_path_factory):
    """One users file per module (hashing is slow on purpose), copied for each test."""
    path = tmp_path_factory.mktemp("auth") / "users.json"
    users.add("县长", "县级", [], PASSWORD, path)
    users.add("马市书记", "乡镇", ["马市镇"], PASSWORD, path)
    users.add("文员", "数据管理员", [], PASSWORD, path)
    users.add("大屏", "展示", [], PASSWORD, path)
    users.add("停用者", "县级", [], PASSWORD, path)
    users.disable("停用者", path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    hashed = raw["users"]["县长"]["password_hash"]
    raw["users"]["无角色"] = {"role": "", "towns": [], "password_hash": hashed}
    raw["users"]["无乡镇"] = {"role": "乡镇", "towns": [], "password_hash": hashed}
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def world(users_template, sample_db, tmp_path, monkeypatch):
    """A fresh copy of the sample database and of the users file, pointed at by the env vars."""
    db = tmp_path / "sanlian.duckdb"
    shutil.copy(sample_db, db)
    path = tmp_path / "users.json"
    shutil.copy(users_template, path)
    monkeypatch.setenv("SANLIAN_DB", str(db))
    monkeypatch.setenv("SANLIAN_USERS", str(path))
    return db


def open_page(path: str = "app.py", **query_params) -> AppTest:
    return run_page(path, **query_params)


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return next(b for b in at.button if b.label == "登录").click().run()


def as_user(name: str, path: str = "app.py", **query_params) -> AppTest:
    return sign_in(open_page(path, **query_params), name)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def audit_rows(db) -> pd.DataFrame:
    return audit.read(state.open_store(db)).iloc[::-1].reset_index(drop=True)


def visits_in(db, town: str) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        count = con.execute("""select count(*) from activities a join townships t using (township_code)
            where t.name = ? and link = 3 and activity_date between '2025-01-01' and '2025-12-31'""",
                            [town]).fetchone()[0]
    return f"{count:,}"


def visits_county(db) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        count = con.execute("""select count(*) from activities where link = 3
            and activity_date between '2025-01-01' and '2025-12-31'""").fetchone()[0]
    return f"{count:,}"


def sidebar_towns(at: AppTest) -> list[str]:
    return list(next(m for m in at.multiselect if m.label == "乡镇").options)


# --- sign-in ------------------------------------------------------------------------------------

def test_with_a_users_file_every_page_asks_for_sign_in_first(world):
    for path in ("app.py", "pages/visits.py", "pages/data.py", "pages/audit.py"):
        at = open_page(path)
        assert not at.exception
        assert [t.label for t in at.text_input] == ["用户名", "密码"]
        assert any(b.label == "登录" for b in at.button)
        assert not at.metric and not at.dataframe


def test_a_county_user_signs_in_sees_the_county_and_signs_out(world):
    at = as_user("县长", **YEAR)
    assert not at.exception and not at.text_input
    assert metrics(at)["党员走访户次"] == visits_county(world)
    assert len(sidebar_towns(at)) == 10
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "县长" in sidebar and "县级 · 全县" in sidebar
    at = at.button(key="sign_out").click().run()
    assert [t.label for t in at.text_input] == ["用户名", "密码"] and not at.metric
    events = audit_rows(world)
    assert list(events["event"]) == ["登录成功", "查看页面", "退出登录"]
    assert set(events["user_name"]) == {"县长"}


def test_a_wrong_password_is_refused_logged_and_locks_after_five_failures(world):
    at = open_page()
    for _ in range(settings.SIGNIN_MAX_FAILURES):
        at = sign_in(at, "县长", "wrong-password")
        assert at.error and "用户名或密码不正确" in at.error[0].value
        assert not at.metric
    at = sign_in(at, "县长")  # the right password, too late
    assert at.error and "次数过多" in at.error[0].value and not at.metric
    events = audit_rows(world)
    assert list(events["event"]) == ["登录失败"] * 5 + ["登录锁定"]
    assert not events["detail"].str.contains(PASSWORD).any()
    auth.reset_throttle()  # the lock expires
    assert metrics(sign_in(at, "县长"))


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(world):
    at = sign_in(open_page(), "nobody", PASSWORD)
    assert "用户名或密码不正确" in at.error[0].value
    assert audit_rows(world)["event"].tolist() == ["登录失败"]


def test_a_disabled_user_cannot_sign_in_and_a_session_ends_when_disabled(world):
    at = sign_in(open_page(), "停用者")
    assert "已停用" in at.error[0].value and not at.metric
    at = as_user("县长")
    assert at.metric
    users.disable("县长")
    at = at.run()
    assert [t.label for t in at.text_input] == ["用户名", "密码"] and not at.metric
    assert audit_rows(world)["event"].tolist()[0] == "登录失败"


def test_a_password_reset_on_the_command_line_ends_that_users_open_session_at_the_next_click(
        world, monkeypatch):
    county, clerk = as_user("县长"), as_user("文员")
    assert county.metric and clerk.metric
    monkeypatch.setattr("sys.stdin", io.StringIO("a-new-long-password\n"))
    assert users.main(["--db", str(world), "reset", "县长", "--password-stdin"]) == 0
    county, clerk = county.run(), clerk.run()
    assert [t.label for t in county.text_input] == ["用户名", "密码"] and not county.metric
    assert clerk.metric  # nobody else is signed out
    assert metrics(sign_in(county, "县长", "a-new-long-password"))
    assert "重设密码" in audit_rows(world)["event"].tolist()


def test_signing_out_ends_the_session_in_the_registry(world):
    at = as_user("县长")
    session = at.session_state[auth.SESSION_ID_KEY]
    assert state.session_is_open(state.open_store(), session)
    next(b for b in at.sidebar.button if b.label == "退出登录").click().run()
    assert not state.session_is_open(state.open_store(), session)


@pytest.mark.parametrize("name", ["无角色", "无乡镇"])
def test_a_user_without_role_or_township_sees_no_rows(world, name):
    at = as_user(name, "pages/issues.py")
    assert not at.exception
    assert not at.metric and not at.dataframe
    assert at.warning and "没有分配角色或乡镇" in at.warning[0].value
    access = auth.access_for(users.load()[name])
    scope = auth.scope_codes(access, {"马市镇": "440222101"})
    assert scope == (dataset.NO_TOWNSHIP,)
    frame = data.scoped_query(data.Scope(scope, ()), "township_scorecard",
                              **dataset.query_params(_filters(), _info(), scope))
    assert frame.empty


# --- a 乡镇 user of 马市镇 against the scope --------------------------------------------------

def test_township_user_editing_the_url_to_another_township_sees_only_their_own(world):
    at = as_user("马市书记", town="顿岗镇", **YEAR)
    assert not at.exception
    assert any("顿岗镇" in w.value and "不在您的查看范围内" in w.value for w in at.warning)
    assert metrics(at)["党员走访户次"] == visits_in(world, "马市镇") != visits_county(world)
    assert sidebar_towns(at) == ["马市镇"]
    assert "顿岗镇" not in at.caption[0].value and "马市镇" in at.caption[0].value
    events = audit_rows(world)
    assert "拒绝访问" in set(events["event"])
    assert events[events["event"] == "拒绝访问"]["detail"].str.contains("顿岗镇").any()
    assert (events["user_name"] == "马市书记").all()


@pytest.mark.parametrize("path", ["app.py", "pages/visits.py", "pages/issues.py", "pages/incomes.py",
                                  "pages/projects.py", "pages/township.py", "pages/map.py"])
def test_township_user_clicking_another_township_on_a_map_or_chart_stays_in_scope(world, path):
    at = as_user("马市书记", path, **YEAR)
    assert not at.exception
    # What filter_state.set_towns does from a map or chart click, done to the session directly.
    at.session_state["filters"] = at.session_state["filters"].with_towns(["顿岗镇"])
    at.session_state["w_towns"] = ["顿岗镇"]
    at = at.run()
    assert not at.exception
    assert at.session_state["filters"].towns == ("马市镇",)
    for frame in at.dataframe:
        for column in ("乡镇", "township"):
            if column in frame.value.columns:
                assert set(frame.value[column].dropna()) <= {"马市镇"}, path
    if path in ("app.py", "pages/visits.py"):
        assert metrics(at)["党员走访户次"] == visits_in(world, "马市镇")
    if path == "pages/incomes.py":  # the seed's example household lives in 沈所镇
        assert not any("典型案例" in m.value for m in at.markdown)


def test_the_data_layer_narrows_an_explicit_all_townships_query_to_the_scope(world):
    """pages/map.py asks for the whole county (townships=[]) for its colour bands."""
    scope = data.Scope(("440222101",), ("马市镇",))
    params = dataset.query_params(_filters(), _info(), scope.codes)
    for request in ([], ["440222103"], ["440222101", "440222103"]):
        frame = data.scoped_query(scope, "township_scorecard", **{**params, "townships": request})
        assert frame["township"].tolist() == ["马市镇"]
    assert data.scoped_query(scope, "township_list")["name"].tolist() == ["马市镇"]
    assert data.scoped_query(scope, "household_income_history",
                             household_id=settings.EXAMPLE_HOUSEHOLD_ID).empty  # 沈所镇


class Downloads:
    """Every download button's file, captured as the page draws it."""

    def __init__(self, monkeypatch):
        self.files: dict[str, object] = {}
        original = DeltaGenerator.download_button

        def record(dg, label, data, file_name=None, *args, **kwargs):
            self.files[file_name] = data
            return original(dg, label, data, file_name, *args, **kwargs)

        monkeypatch.setattr(DeltaGenerator, "download_button", record)
        main = st.download_button  # bound at import: patch the st. function as well

        def record_main(label, data, file_name=None, *args, **kwargs):
            self.files[file_name] = data
            return main(label, data, file_name, *args, **kwargs)

        monkeypatch.setattr(st, "download_button", record_main)

    def content(self, name: str) -> bytes:
        made = self.files[name]
        return made() if callable(made) else made


def test_township_user_exports_only_their_township_and_masked(world, monkeypatch):
    downloads = Downloads(monkeypatch)
    frames = []
    original = widgets.download_menu
    monkeypatch.setattr(widgets, "download_menu",
                        lambda frame, stem, key: (frames.append(frame), original(frame, stem, key)))
    at = as_user("马市书记", "pages/visits.py", town="顿岗镇", **YEAR)
    assert not at.exception and frames
    assert not any(t.label == "导出含未脱敏个人信息" for t in at.toggle)
    for rows in frames:
        frame = rows() if callable(rows) else rows  # long lists are fetched only on click
        if "township" in frame.columns:
            assert set(frame["township"].dropna()) <= {"马市镇"}
    csvs = [n for n in downloads.files if n.endswith(".csv")]
    assert csvs
    names = household_and_member_names(world)
    for name in csvs:
        text = downloads.content(name).decode("utf-8-sig")
        assert "顿岗镇" not in text
        assert not {n for n in names if n in text}, name  # masked: no full household/member name
    exports = audit_rows(world).query("event == '导出'")
    assert len(exports) == len(csvs) and exports["detail"].str.contains("已脱敏").all()
    assert (exports["user_name"] == "马市书记").all()


def test_township_user_brief_holds_only_their_township(world, monkeypatch):
    downloads = Downloads(monkeypatch)
    at = as_user("马市书记", "pages/present.py", town="顿岗镇", **YEAR)
    assert not at.exception
    # Named for the scope the brief holds, not the township asked for in the link.
    deck = Presentation(io.BytesIO(downloads.content("三联四促工作汇报_马市镇_2025年12月.pptx")))
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    chart_categories = {str(c) for slide in deck.slides for shape in slide.shapes if shape.has_chart
                        for c in shape.chart.plots[0].categories}
    assert "顿岗镇" not in text and "顿岗镇" not in chart_categories
    assert "马市镇" in text
    logged = audit_rows(world).query("event == '下载汇报材料'")
    assert logged["user_name"].tolist() == ["马市书记"] and "马市镇" in logged["detail"].iloc[0]


@pytest.mark.parametrize("path", ["pages/data.py", "pages/audit.py"])
def test_township_user_cannot_open_data_management_or_the_audit_log(world, path):
    at = as_user("马市书记", path)
    assert at.error and "无权打开" in at.error[0].value
    assert not at.dataframe and not at.tabs
    links = [p.label for p in at.sidebar.get("page_link")] if hasattr(at.sidebar, "get") else []
    assert "数据管理" not in links and "审计日志" not in links
    assert "拒绝访问" in set(audit_rows(world)["event"])


# --- the other roles ----------------------------------------------------------------------------

def test_presentation_user_is_always_presenting_and_masked(world):
    at = as_user("大屏", "pages/visits.py", **YEAR)
    assert not at.exception
    assert at.session_state["present"] is True
    assert not any(b.label == "退出投影" for b in at.button)
    assert not names_on_screen(at, household_and_member_names(world))
    assert "print_page" not in [b.key for b in as_user("大屏", "app.py").button]  # no sidebar, no print action
    at = as_user("大屏", "pages/present.py")
    assert not any(b.label == "下载汇报材料（PPT）" for b in at.get("download_button"))


def test_data_clerk_and_county_user_read_the_audit_log(world):
    as_user("马市书记", town="顿岗镇")
    at = as_user("县长", "pages/audit.py")
    assert not at.exception and at.title[0].value == "审计日志"
    log = at.dataframe[0].value
    assert {"登录成功", "查看页面", "拒绝访问"} <= set(log["事件"])
    assert "马市书记" in set(log["用户"])
    names = household_and_member_names(world)
    assert not any(n in " ".join(log["详情"].astype(str)) for n in names)
    at = as_user("文员", "pages/data.py")
    assert not at.exception and [t.label for t in at.tabs] == ["导入", "导出", "数据质量", "导入记录"]
    assert any(b.label == "切换为真实数据（清空示例数据）" for b in at.button)


def test_county_user_may_not_import(world):
    at = as_user("县长", "pages/data.py")
    assert at.error and "无权打开" in at.error[0].value


# --- no users file: the open demo mode ----------------------------------------------------------

def test_without_users_the_app_is_an_open_demo_on_sample_data_only(sample_db, use_db, tmp_path):
    # A copy: the app's connection would hold the shared sample's file lock against other tests'
    # subprocesses (tests/test_brief.py runs the command line on it).
    use_db(tmp_path / "sample.duckdb").write_bytes(sample_db.read_bytes())
    at = open_page()
    assert not at.text_input and at.metric
    assert any(auth.DEMO_NOTICE in m.value for m in at.sidebar.markdown)
    at = open_page("pages/data.py")
    assert any("先配置登录用户" in w.value for w in at.warning)
    assert not any(b.label == "切换为真实数据（清空示例数据）" for b in at.button)
    assert "审计日志" not in [p.label for p in __import__("sanlian.nav").nav.existing_pages()]


def test_without_users_imported_data_is_refused(fixture_db, use_db):
    use_db(fixture_db)
    at = open_page()
    assert at.error and "尚未配置登录用户" in at.error[0].value
    assert "python -m sanlian.users add" in at.error[0].value
    assert not at.metric and not at.dataframe


def test_a_version_1_database_gets_its_audit_log_and_keeps_its_data(sample_db, use_db, tmp_path):
    path = use_db(tmp_path / "v1.duckdb")
    path.write_bytes(sample_db.read_bytes())
    with duckdb.connect(str(path)) as con:
        con.execute("drop table audit_log; drop sequence audit_log_seq; update meta set schema_version = 1")
        households = con.execute("select count(*) from households").fetchone()[0]
    at = open_page()
    assert not at.exception and not at.error and at.metric
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("select schema_version from meta").fetchone()[0] == settings.SCHEMA_VERSION
        assert con.execute("select count(*) from households").fetchone()[0] == households
    assert audit_rows(path)["event"].tolist() == ["查看页面"]


def _info():
    return dataset.DatasetInfo("sample", pd.Timestamp("2026-10-31").date(),
                               pd.Timestamp("2022-07-01").date(), None,
                               ("马市镇", "顿岗镇"), {"马市镇": "440222101", "顿岗镇": "440222103"})


def _filters():
    from sanlian.filters import Filters
    return Filters.default(pd.Timestamp("2026-10-31").date(), pd.Timestamp("2022-07-01").date())


def test_outside_a_session_nobody_has_access_or_scope_even_if_bare_mode_state_holds_some():
    """A deferred download runs without a script run context: it must not read the process-wide
    session state Streamlit keeps for bare scripts."""
    st.session_state[auth.ACCESS_KEY] = auth.access_for(users.User("张三", "县级"))
    st.session_state[data.SCOPE_KEY] = data.Scope(("440222100",), ("太平镇",))
    try:
        assert auth.current() is auth.NOBODY
        assert data.current_scope() == data.Scope((), ())
    finally:
        del st.session_state[auth.ACCESS_KEY], st.session_state[data.SCOPE_KEY]
