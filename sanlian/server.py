"""The web server around the pages (serve.py, Streamlit's st.App): the sign-in cookie and the gate
in front of export files.

Streamlit cannot set a cookie from a page script, but st.App takes extra routes and middleware:
- POST /_sanlian/session swaps a one-time code (sanlian.state.hand_over, sent by the page right
  after sign-in) for the cookie `sanlian_session`: the session's random token, HttpOnly,
  SameSite=Strict, Secure over HTTPS, for SANLIAN_SESSION_HOURS. It proves nothing by itself: the
  token counts only while its session is open in the state store, so signing out, a password reset
  or disabling the user ends it at once, in every process.
- DELETE /_sanlian/session forgets the cookie unless its session is still open (after 退出登录).
- /media/ (export files of st.download_button) answers only a browser whose cookie belongs to an
  open session of an enabled user, when sign-in is on: an export link dies with the session.
"""

import logging
from urllib.parse import urlparse

from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config

from sanlian import settings, state, users

LOG = logging.getLogger(__name__)
COOKIE = "sanlian_session"
SESSION_ROUTE = "/_sanlian/session"
NOTHING = 404  # a refused export or code is answered like one that does not exist


def base_path() -> str:
    """server.baseUrlPath as a path prefix ('' or '/prefix')."""
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def session_path() -> str:
    """Where the page sends the code and the sign-out (with server.baseUrlPath)."""
    return base_path() + SESSION_ROUTE


def user_of(token: str | None) -> users.User | None:
    """The enabled user whose open session the token belongs to; None for any other token."""
    name = state.session_user(state.open_store(), token) if token else None
    user = users.load().get(name) if name else None
    return None if user is None or user.disabled else user


def _same_origin(request: Request) -> bool:
    """A request the page itself made: its Origin names this host (directly or via a proxy)."""
    origin = urlparse(request.headers.get("origin", "")).netloc
    return bool(origin) and origin in {request.headers.get("host"), request.headers.get("x-forwarded-host")}


def _cookie_options(request: Request) -> dict:
    https = "https" in (request.url.scheme, request.headers.get("x-forwarded-proto"))
    return {"path": base_path() or "/", "httponly": True, "samesite": "strict", "secure": https}


async def session_endpoint(request: Request) -> Response:
    """POST: the code in the body → the cookie. DELETE: forget a cookie whose session has ended."""
    if not _same_origin(request):
        return Response(status_code=403)
    store = state.open_store()
    if request.method == "POST":
        code = (await request.body())[:200].decode("ascii", errors="replace")
        token = await run_in_threadpool(state.take_handoff, store, code)
        if token is None:
            return Response(status_code=NOTHING)
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        response.set_cookie(COOKIE, token, max_age=int(settings.SESSION_HOURS * 3600), **_cookie_options(request))
        return response
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    token = request.cookies.get(COOKIE)
    if token and not await run_in_threadpool(state.session_is_open, store, token):
        response.delete_cookie(COOKIE, **_cookie_options(request))
    return response


def routes() -> list[Route]:
    return [Route(session_path(), session_endpoint, methods=["POST", "DELETE"])]


class ExportGate:
    """ASGI middleware: /media/ only for a browser with an open session's cookie, when sign-in is on."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if (scope["type"] == "http" and scope["path"].startswith(base_path() + "/media/")
                and not await run_in_threadpool(_may_fetch_media, scope)):
            await Response(status_code=NOTHING, headers={"Cache-Control": "no-store"})(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _may_fetch_media(scope) -> bool:
    try:
        return not users.exists() or user_of(HTTPConnection(scope).cookies.get(COOKIE)) is not None
    except Exception as exc:  # a damaged users file or an unreachable store: no exports (fail closed)
        LOG.warning("export refused: %s", exc)
        return False
