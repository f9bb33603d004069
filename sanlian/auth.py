"""Who may see what: roles, township scope, the sign-in form and the sign-in throttle.

Roles (README “登录与权限”):
- 县级: every township; names on screen; exports masked unless the user turns the switch on.
- 数据管理员: as 县级, plus 数据管理 (import, switch to real data, whole-dataset export).
- 乡镇: only the named townships (none named = no rows); names of those townships on screen;
  exports always masked.
- 展示: presentation mode forced, everything masked; its townships if named, else the county.
- no role / an unknown role: no rows at all (deny by default).
Without a users file the app is an open demo on the sample data only (county view, no import).

The scope is enforced in sanlian.data (every query's $townships is intersected with it), not here.
The sign-in throttle and the sessions live in the state store, shared by every server process. A
sign-in lasts SANLIAN_SESSION_HOURS in its tab and, through an HttpOnly cookie (sanlian.server,
sanlian.session_cookie), across reloads and shared links in the same browser.
"""

import time
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sanlian import server, session_cookie, settings, state, users
from sanlian.audit import Event
from sanlian.scope import NO_TOWNSHIP, restrict  # noqa: F401 (the scope rule lives in the data layer)

SESSION_KEY = "auth_user"
SESSION_ID_KEY = "auth_session_id"
HANDOFF_KEY = "auth_handoff"  # the one-time code the browser swaps for the cookie
FORGET_KEY = "auth_forget_cookie"  # set by 退出登录: the sign-in form has the browser drop the cookie
ACCESS_KEY = "auth_access"
DEMO_USER = "（演示）"
DEMO_NOTICE = "演示模式：未配置用户，仅可查看示例数据"
OPEN_DEMO = "演示"  # not a role: among a page's roles, it lets the open demo mode open the page


@dataclass(frozen=True)
class Access:
    """What the current session may do. towns None = the whole county."""

    user: str
    role: str | None
    towns: tuple[str, ...] | None
    screen_unmasked: bool = False
    export_unmasked_allowed: bool = False
    can_import: bool = False
    can_audit: bool = False
    forced_present: bool = False
    demo: bool = False

    @property
    def label(self) -> str:
        """The role and townships in words, for the sidebar and the audit log."""
        if self.demo:
            return "演示（未登录）"
        where = "全县" if self.towns is None else ("、".join(self.towns) or "未分配乡镇")
        return f"{self.role or '无角色'} · {where}"

    def may_open(self, roles: tuple[str, ...] | None) -> bool:
        """Whether a page restricted to `roles` (None = everyone) is open to this session."""
        if roles is None:
            return True
        return (self.demo and OPEN_DEMO in roles) or (self.role in roles and not self.demo)


DEMO = Access(DEMO_USER, None, None, screen_unmasked=True, export_unmasked_allowed=True, demo=True)
NOBODY = Access("（未登录）", None, ())


def access_for(user: users.User | None) -> Access:
    """The rights of a signed-in user (deny by default)."""
    if user is None or user.disabled:
        return NOBODY
    towns = tuple(user.towns)
    if user.role == users.Role.COUNTY:
        return Access(user.name, user.role, None, True, True, can_audit=True)
    if user.role == users.Role.DATA_ADMIN:
        return Access(user.name, user.role, None, True, True, can_import=True, can_audit=True)
    if user.role == users.Role.TOWNSHIP:
        return Access(user.name, user.role, towns, screen_unmasked=True)
    if user.role == users.Role.DISPLAY:
        return Access(user.name, user.role, towns or None, forced_present=True)
    return Access(user.name, user.role or None, ())


def scope_codes(access: Access, town_codes: dict[str, str]) -> tuple[str, ...] | None:
    """The township codes the session may see; None = all. Never empty: no township = a dummy code."""
    if access.towns is None:
        return None
    codes = tuple(town_codes[t] for t in access.towns if t in town_codes)
    return codes or (NO_TOWNSHIP,)


def current() -> Access:
    """The session's access as set by frame(); nobody (no rows) before that or outside a session."""
    if get_script_run_ctx(suppress_warning=True) is None:  # e.g. a deferred download callable
        return NOBODY
    return st.session_state.get(ACCESS_KEY, NOBODY)


# --- sign-in throttle: per user name and per client address, in the state store -------------------

def _count(store: state.Store, key: str) -> int:
    """Count one attempt under `key`, atomically (one statement), before anything is verified: the
    attempts in a row, each within SIGNIN_LOCK_SECONDS of the one before, this one included."""
    now = time.time()
    with store.transaction() as run:  # SQLite: begin immediate, so 30 guesses at once queue, none fails busy
        return run(
            "insert into signin_attempts values (?, 1, ?) on conflict (attempt_key) do update set "
            "attempts = case when signin_attempts.last_at < ? then 1 else signin_attempts.attempts + 1 end, "
            "last_at = excluded.last_at returning attempts", [key, now, now - settings.SIGNIN_LOCK_SECONDS])[0][0]


def reset_throttle() -> None:
    """Forget every attempt (tests); makes no store where there is none."""
    if state.store_made():
        state.open_store().rows("delete from signin_attempts")


def client_address() -> str | None:
    """The browser's address: the connection's, or behind a proxy on this machine the one it
    forwards (X-Real-IP, else the first X-Forwarded-For); None outside a session."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    address = st.context.ip_address
    if address is None:  # loopback: a local browser or the proxy in front of us
        headers = st.context.headers
        forwarded = headers.get("X-Real-Ip") or (headers.get("X-Forwarded-For") or "").split(",")[0].strip()
        address = forwarded or "本机"
    return address


def attempt(name: str, password: str, log, address: str | None = None) -> tuple[users.User | None, str | None]:
    """Check a sign-in; returns (user, None) or (None, Chinese error). `log(user, event, detail)`.
    The attempt is counted before the password is checked, so guesses sent at once are refused
    past the limit like guesses sent one after another."""
    name = name.strip()
    if not name or not password:
        return None, "请输入用户名和密码。"
    store = state.open_store()
    by_name = _count(store, f"name:{name}")
    by_address = _count(store, f"address:{address}") if address else 0
    if by_name > settings.SIGNIN_MAX_FAILURES or by_address > settings.SIGNIN_MAX_PER_ADDRESS:
        log(name, Event.SIGN_IN_LOCKED, f"连续失败 {settings.SIGNIN_MAX_FAILURES} 次后锁定中"
            if by_name > settings.SIGNIN_MAX_FAILURES else "同一地址尝试次数过多，锁定中")
        return None, f"连续输错次数过多，请 {settings.SIGNIN_LOCK_SECONDS // 60 + 1} 分钟后再试。"
    user = users.load().get(name)
    if not users.verify_password(user, password):
        time.sleep(settings.SIGNIN_FAIL_DELAY)
        log(name, Event.SIGN_IN_FAILED, f"用户名或密码错误（第 {by_name} 次）" + ("" if user else "；无此用户"))
        return None, "用户名或密码不正确。"
    if user.disabled:
        log(name, Event.SIGN_IN_FAILED, "用户已停用")
        return None, "该用户已停用，请联系数据管理员。"
    store.rows("delete from signin_attempts where attempt_key = ?", [f"name:{name}"])
    if address:  # a right password is not a guess
        store.rows("update signin_attempts set attempts = attempts - 1 where attempt_key = ?", [f"address:{address}"])
    log(name, Event.SIGN_IN, f"{access_for(user).label}；会话 {settings.SESSION_HOURS:g} 小时内有效")
    return user, None


def sign_in_form(log) -> None:
    """The Chinese sign-in form; signs the session in and reruns on success."""
    st.title("三联看板 · 登录", anchor=False)
    with st.form("signin", border=True):
        name = st.text_input("用户名", key="signin_name")
        password = st.text_input("密码", type="password", key="signin_password")
        submitted = st.form_submit_button("登录", type="primary", icon=":material/login:")
    st.caption("账户由数据管理员用 `python -m sanlian.users` 添加；忘记密码请联系数据管理员重设。")
    if st.session_state.pop(FORGET_KEY, False) or session_cookie.token():
        session_cookie.forget()  # after 退出登录, or a cookie whose session has ended
    if submitted:
        user, error = attempt(name, password, log, client_address())
        if error:
            st.error(error, icon=":material/lock:")
            return
        store = state.open_store()
        token = state.open_session(store, user.name)
        st.session_state.update({SESSION_KEY: user.name, SESSION_ID_KEY: token,
                                 HANDOFF_KEY: state.hand_over(store, token)})
        st.rerun()


def signed_in_user(log) -> users.User | None:
    """The session's user, re-read from the users file and the sessions registry on every run
    (signing out, disabling a user or resetting their password ends their sessions at their next
    click); in a new tab, the user of the browser's cookie, if its session is open (logged as
    恢复登录). Until the browser holds the cookie of a fresh sign-in, the page hands it over."""
    name = st.session_state.get(SESSION_KEY)
    if not name:
        return _resume(log)
    user = users.load().get(name)
    if user is None or user.disabled or not state.session_is_open(state.open_store(),
                                                                   st.session_state.get(SESSION_ID_KEY)):
        st.session_state.pop(SESSION_KEY, None)
        st.session_state.pop(SESSION_ID_KEY, None)
        return None
    code = st.session_state.get(HANDOFF_KEY)
    if code and state.handoff_waiting(state.open_store(), code):
        session_cookie.hand_over(code)
    else:
        st.session_state.pop(HANDOFF_KEY, None)
    return user


def _resume(log) -> users.User | None:
    """The user of the browser's sign-in cookie, signed in to this tab; None without an open session."""
    token = session_cookie.token()
    user = server.user_of(token)
    if user is None:
        return None
    st.session_state.update({SESSION_KEY: user.name, SESSION_ID_KEY: token})
    log(user.name, Event.SESSION_RESUMED, f"{access_for(user).label}；本浏览器保存的登录")
    return user


def sign_out() -> None:
    """End the session in the registry and forget everything it held (callback of 退出登录); the
    sign-in form then has the browser drop the cookie."""
    if st.session_state.get(SESSION_ID_KEY):
        state.end_session(state.open_store(), st.session_state[SESSION_ID_KEY])
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[FORGET_KEY] = True
