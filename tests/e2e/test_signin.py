"""Sign-in in Chromium: the form, a wrong password, a 乡镇 user held to their township, sign-out."""

import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    screenshot,
    sign_in,
    streamlit_server,
    wait_for_app,
    write_users,
)

PASSWORD = "browser-password"


@pytest.fixture(scope="module")
def signin_app(e2e_db, tmp_path_factory):
    """A Streamlit server over the sample database with a users file (sign-in required)."""
    folder = tmp_path_factory.mktemp("signin")
    db = folder / "sanlian.duckdb"  # a copy: the shared server holds the sample's file lock
    shutil.copy(e2e_db, db)
    users_file = write_users(folder / "users.json", ("县长", "县级", [], PASSWORD),
                             ("马市书记", "乡镇", ["马市镇"], PASSWORD))
    with streamlit_server(db, users_file, folder / "streamlit.log", SANLIAN_SIGNIN_FAIL_DELAY="0") as url:
        yield url


def test_sign_in_wrong_password_then_sign_out(signin_app, page):
    page.goto(signin_app)
    wait_for_app(page)
    assert page.get_by_role("heading", name="三联看板 · 登录").is_visible()
    assert not page.locator('[data-testid="stMetric"]').count()
    screenshot(page, "signin_form")
    sign_in(page, "县长", "not-the-password", error="用户名或密码不正确")
    expect(page.get_by_role("heading", name="三联看板 · 登录")).to_be_visible()
    sign_in(page, "县长", PASSWORD)
    assert page.locator('[data-testid="stMetric"]').first.is_visible()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("县长").first.is_visible()
    assert sidebar.get_by_text("县级 · 全县").is_visible()
    screenshot(page, "signin_county")
    sidebar.get_by_role("button", name="退出登录").click()
    wait_for_app(page)
    assert page.get_by_role("heading", name="三联看板 · 登录").is_visible()
    assert not page.locator('[data-testid="stMetric"]').count()
    assert not page.outside_requests


def test_a_township_user_cannot_reach_another_township_by_the_url(signin_app, page):
    page.goto(f"{signin_app}/?town=顿岗镇")
    wait_for_app(page)
    sign_in(page, "马市书记", PASSWORD)
    assert page.get_by_text("不在您的查看范围内").is_visible()
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
    assert "马市镇" in caption and "顿岗镇" not in caption
    assert "town=%E9%A9%AC%E5%B8%82%E9%95%87" in page.url or "town=马市镇" in page.url
    links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').all_inner_texts()
    assert not any("数据管理" in t or "审计日志" in t for t in links)
    screenshot(page, "signin_township")
    assert not page.outside_requests
