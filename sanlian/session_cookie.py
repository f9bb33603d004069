"""The page's side of the sign-in cookie (sanlian.server sets and clears it): read it, and ask the
browser to fetch it or to forget it.

A page script cannot set a cookie, so a hidden zero-height component (same origin, no outside
request) sends the one-time code to the server's route, which answers with the HttpOnly cookie; the
page never holds the session token, and the URL never carries anything.
"""

import json

import streamlit as st
import streamlit.components.v1 as components

from sanlian import server

_HIDDEN = "<style>div:has(> .st-key-session_cookie) {display: none;}</style>"  # its wrapper: no gap
_FETCH = """<script>
window.parent.fetch(%s, {method: %s, body: %s, credentials: "same-origin", cache: "no-store"});
</script>"""


def token() -> str | None:
    """The cookie the browser sent when it opened this tab (a reload or a shared link); None if none."""
    value = st.context.cookies.get(server.COOKIE)
    return value if isinstance(value, str) else None  # AppTest's stand-in client sends no cookies


def hand_over(code: str) -> None:
    """Have the browser swap the one-time code for the cookie (from the sidebar: the page's first
    element stays its own)."""
    with st.sidebar:
        _in_browser("POST", code)


def forget() -> None:
    """Have the browser drop the cookie (the server keeps it if its session is still open)."""
    _in_browser("DELETE", None)


def _in_browser(method: str, body: str | None) -> None:
    st.html(_HIDDEN)
    with st.container(key="session_cookie"):
        components.html(_FETCH % (json.dumps(server.session_path()), json.dumps(method), json.dumps(body)),
                        height=0)
