"""Sign-in in Chromium: the form, a wrong password, a 乡镇 user held to their township, sign-out;
the sign-in kept across a reload and a shared link (the HttpOnly cookie), and export links that die
with the session."""

import shutil
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from sanlian import server
from tests.e2e.conftest import (
    SCRIPT_MS,
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


def session_cookie(context) -> dict | None:
    """The browser's sign-in cookie, once the page has fetched it (None if it has none)."""
    return next((c for c in context.cookies() if c["name"] == server.COOKIE), None)


def wait_for_session_cookie(page, present: bool = True) -> dict | None:
    for _ in range(100):
        if (session_cookie(page.context) is not None) == present:
            return session_cookie(page.context)
        page.wait_for_timeout(100)
    raise AssertionError(f"the sign-in cookie was {'never set' if present else 'not dropped'}")


def test_a_reload_and_a_shared_link_keep_the_sign_in_but_another_browser_asks_for_it(signin_app, page, browser):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{signin_app}/visits?town=马市镇")
    wait_for_app(page)
    sign_in(page, "县长", PASSWORD)
    cookie = wait_for_session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert 7.9 * 3600 < cookie["expires"] - time.time() <= 8 * 3600
    page.reload()
    wait_for_app(page)
    assert not page.get_by_role("heading", name="三联看板 · 登录").count()
    expect(page.get_by_role("heading", name="走访联系")).to_be_visible()
    link = page.url
    shared = page.context.new_page()  # the link opened in another tab of the same browser
    shared.goto(link)
    wait_for_app(shared)
    assert shared.locator('[data-testid="stMetric"]').first.is_visible()
    other = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        elsewhere = other.new_page()
        elsewhere.goto(link)
        wait_for_app(elsewhere)
        assert elsewhere.get_by_role("heading", name="三联看板 · 登录").is_visible()
        assert not elsewhere.locator('[data-testid="stMetric"]').count()
    finally:
        other.close()
    assert not any(cookie["value"] in url for url in [*requested, page.url, link])
    assert not page.outside_requests


def test_after_sign_out_a_reload_asks_again_and_an_export_link_is_dead(signin_app, page):
    page.goto(signin_app)
    wait_for_app(page)
    sign_in(page, "县长", PASSWORD)
    wait_for_session_cookie(page)
    page.get_by_role("button", name="导出", exact=True).first.click()  # the table's export menu
    with page.expect_download(timeout=SCRIPT_MS) as download:
        page.get_by_role("button", name="CSV 文本（.csv）").first.click()
    link = download.value.url
    assert urlparse(link).path.startswith("/media/")
    assert page.context.request.get(link).status == 200  # the signed-in browser may fetch it again
    with pytest.raises(urllib.error.HTTPError) as refused:  # the link alone, without the browser
        urllib.request.urlopen(link, timeout=10)
    assert refused.value.code == 404
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="退出登录").click()
    wait_for_app(page)
    wait_for_session_cookie(page, present=False)
    assert page.context.request.get(link).status == 404
    page.reload()
    wait_for_app(page)
    assert page.get_by_role("heading", name="三联看板 · 登录").is_visible()
    assert not page.locator('[data-testid="stMetric"]').count()
