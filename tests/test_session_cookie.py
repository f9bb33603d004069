"""The sign-in that survives a reload: in AppTest, a browser's cookie (st.context.cookies, stood in
for) signs a new tab in while its session is open, and only then; against the server's routes
(sanlian.server, driven as ASGI without a network), the cookie's attributes, the one-time code and
the gate in front of export files."""

import asyncio
from datetime import datetime, timedelta

import pytest

from sanlian import server, session_cookie, state, users
from tests.test_auth import PASSWORD, audit_rows, metrics, open_page, sign_in, users_template, world  # noqa: F401

SIGN_IN_FIELDS = ["用户名", "密码"]


def with_cookie(monkeypatch, token: str | None):
    """The next tabs open as a browser holding the cookie `token` would (None: no cookie)."""
    monkeypatch.setattr(session_cookie, "token", lambda: token)


def signed_in_token(world) -> str:
    """The token of a 县长 session opened by the sign-in form (what the cookie would hold)."""
    at = sign_in(open_page(), "县长")
    assert at.metric
    return at.session_state["auth_session_id"]


def browser_fetches(at) -> list[str]:
    """The requests the page's hidden component asks the browser to make, as 'METHOD body'."""
    return [f.proto.srcdoc.split("method: ")[1].split(",")[0].strip('"') for f in at.get("iframe")
            if "session" in f.proto.srcdoc]


def test_a_new_tab_with_the_cookie_of_an_open_session_is_signed_in_without_the_form(world, monkeypatch):
    with_cookie(monkeypatch, signed_in_token(world))
    at = open_page(**{"from": "2025-01-01", "to": "2025-12-31"})
    assert not at.exception and not at.text_input
    assert metrics(at)["党员走访户次"]
    assert "县长" in "\n".join(m.value for m in at.sidebar.markdown)
    resumed = audit_rows(world).query("event == '恢复登录'")
    assert resumed["user_name"].tolist() == ["县长"] and "县级 · 全县" in resumed["detail"].iloc[0]


@pytest.mark.parametrize("ended_by", ["sign_out", "password_reset", "disable", "expiry", "forged"])
def test_a_cookie_whose_session_has_ended_shows_the_form_and_is_dropped(world, monkeypatch, ended_by):
    token = signed_in_token(world)
    store = state.open_store()
    if ended_by == "sign_out":
        state.end_session(store, token)
    elif ended_by == "password_reset":
        users.reset("县长", "another-long-password")
    elif ended_by == "disable":
        users.disable("县长")
    elif ended_by == "expiry":
        monkeypatch.setattr("sanlian.settings.SESSION_HOURS", 8)
        store.rows("update sessions set started_at = ?",
                   [(datetime.now() - timedelta(hours=8, seconds=1)).isoformat(sep=" ", timespec="seconds")])
    else:
        token = token[:-4] + "AAAA"
    with_cookie(monkeypatch, token)
    at = open_page()
    assert [t.label for t in at.text_input] == SIGN_IN_FIELDS and not at.metric
    assert browser_fetches(at) == ["DELETE"]
    assert "恢复登录" not in audit_rows(world)["event"].tolist()


def test_a_session_younger_than_the_limit_still_opens_a_tab(world, monkeypatch):
    token = signed_in_token(world)
    state.open_store().rows("update sessions set started_at = ?", [
        (datetime.now() - timedelta(hours=7, minutes=59)).isoformat(sep=" ", timespec="seconds")])
    with_cookie(monkeypatch, token)
    assert open_page().metric


def test_signing_in_hands_the_browser_a_one_time_code_never_the_token(world):
    at = sign_in(open_page(), "县长")
    token, code = at.session_state["auth_session_id"], at.session_state["auth_handoff"]
    page_text = "".join(f.proto.srcdoc for f in at.get("iframe"))
    assert browser_fetches(at) == ["POST"] and code in page_text and token not in page_text
    assert "会话 8 小时内有效" in audit_rows(world).query("event == '登录成功'")["detail"].iloc[0]
    assert state.take_handoff(state.open_store(), code) == token
    assert state.take_handoff(state.open_store(), code) is None  # once only
    at = at.run()
    assert at.metric and browser_fetches(at) == []  # swapped: no longer offered


def test_signing_out_has_the_browser_drop_the_cookie(world):
    at = sign_in(open_page(), "县长")
    at = next(b for b in at.sidebar.button if b.label == "退出登录").click().run()
    assert [t.label for t in at.text_input] == SIGN_IN_FIELDS
    assert browser_fetches(at) == ["DELETE"]


def test_the_store_keeps_only_a_digest_of_the_token(world):
    token = signed_in_token(world)
    stored = state.open_store().rows("select session_id from sessions")
    assert len(stored) == 1 and token not in stored[0][0]


# --- the server's routes, as ASGI --------------------------------------------------------------

def asgi(app, method: str, path: str, headers: dict | None = None, body: bytes = b""):
    """One HTTP request to an ASGI app: (status, [(header, value)] as text)."""
    sent, answer = [{"type": "http.request", "body": body, "more_body": False}], []
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
             "scheme": "http", "server": ("127.0.0.1", 8501), "client": ("127.0.0.1", 5000),
             "http_version": "1.1", "root_path": ""}

    async def receive():
        return sent.pop(0) if sent else {"type": "http.disconnect"}

    async def send(message):
        answer.append(message)

    asyncio.run(app(scope, receive, send))
    start = answer[0]
    return start["status"], [(k.decode(), v.decode()) for k, v in start["headers"]]


def session_app():
    from starlette.applications import Starlette

    return Starlette(routes=server.routes())


SAME_SITE = {"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"}


def test_the_code_buys_an_httponly_strict_cookie_for_the_session_hours_once(world):
    token = signed_in_token(world)
    code = state.hand_over(state.open_store(), token)
    status, headers = asgi(session_app(), "POST", server.SESSION_ROUTE, SAME_SITE, code.encode())
    cookie = dict(headers)["set-cookie"]
    assert status == 204 and cookie.startswith(f"{server.COOKIE}={token};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # plain HTTP on a LAN: a Secure cookie would never come back
    assert asgi(session_app(), "POST", server.SESSION_ROUTE, SAME_SITE, code.encode())[0] == 404


def test_the_cookie_is_secure_behind_an_https_proxy(world):
    code = state.hand_over(state.open_store(), signed_in_token(world))
    _, headers = asgi(session_app(), "POST", server.SESSION_ROUTE, {**SAME_SITE, "X-Forwarded-Proto": "https"},
                      code.encode())
    assert "Secure" in dict(headers)["set-cookie"]


@pytest.mark.parametrize("origin", [None, "http://evil.example", "null"])
def test_another_site_cannot_spend_a_code(world, origin):
    code = state.hand_over(state.open_store(), signed_in_token(world))
    headers = {"Host": "127.0.0.1:8501", **({"Origin": origin} if origin else {})}
    status, sent = asgi(session_app(), "POST", server.SESSION_ROUTE, headers, code.encode())
    assert status == 403 and "set-cookie" not in dict(sent)
    assert state.handoff_waiting(state.open_store(), code)


def test_a_code_older_than_two_minutes_buys_nothing(world):
    store = state.open_store()
    code = state.hand_over(store, signed_in_token(world))
    store.rows("update session_handoffs set made_at = made_at - ?", [state.HANDOFF_SECONDS + 1])
    assert asgi(session_app(), "POST", server.SESSION_ROUTE, SAME_SITE, code.encode())[0] == 404


def test_delete_drops_the_cookie_of_an_ended_session_but_never_an_open_one(world):
    token = signed_in_token(world)
    with_cookie_header = {**SAME_SITE, "Cookie": f"{server.COOKIE}={token}"}
    assert "set-cookie" not in dict(asgi(session_app(), "DELETE", server.SESSION_ROUTE, with_cookie_header)[1])
    state.end_session(state.open_store(), token)
    cleared = dict(asgi(session_app(), "DELETE", server.SESSION_ROUTE, with_cookie_header)[1])["set-cookie"]
    assert cleared.startswith(f'{server.COOKIE}="";') and "Max-Age=0" in cleared


def media_app():
    """The gate in front of a stand-in for Streamlit's /media/ route."""
    from starlette.responses import Response

    async def files(scope, receive, send):
        await Response(b"rows", status_code=200)(scope, receive, send)

    return server.ExportGate(files)


def test_export_files_need_the_cookie_of_an_open_session(world):
    token = signed_in_token(world)
    path = "/media/0123abcd.xlsx"
    assert asgi(media_app(), "GET", path)[0] == 404  # a copied link, without the browser
    assert asgi(media_app(), "GET", path, {"Cookie": f"{server.COOKIE}={token}"})[0] == 200
    assert asgi(media_app(), "GET", "/_stcore/health")[0] == 200  # nothing else is gated
    state.end_session(state.open_store(), token)
    assert asgi(media_app(), "GET", path, {"Cookie": f"{server.COOKIE}={token}"})[0] == 404


def test_export_files_are_open_in_the_demo_mode_without_users(world, tmp_path, monkeypatch):
    monkeypatch.setenv("SANLIAN_USERS", str(tmp_path / "none.json"))
    assert asgi(media_app(), "GET", "/media/0123abcd.csv")[0] == 200


# --- export files exist only after a click --------------------------------------------------------

def test_no_export_file_waits_at_a_media_url_before_its_button_is_clicked(world):
    """Every download button of 数据管理 (templates, the workbook and CSV just made, the import log)
    and of 总览 is deferred: the file is made on the click, so none sits at /media/ for a copied link."""
    at = sign_in(open_page("pages/data.py"), "文员")
    at = at.button(key="data_make").click().run()
    at = at.button(key="data_make_csv").click().run()
    home = sign_in(open_page(), "县长")
    buttons = [b.proto for page in (at, home) for b in page.get("download_button")]
    labels = {b.label for b in buttons}
    assert {"下载工作簿", "下载 CSV", "Excel 表格（.xlsx）", "CSV 文本（.csv）"} <= labels and any("模板" in x for x in labels)
    assert all(b.deferred_file_id and not b.url for b in buttons), [b.label for b in buttons if b.url]
