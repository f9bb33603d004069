"""Browser fixtures: one sample database, one Streamlit server and one Chromium per test run.

Other browser tests reuse these: `page` is a fresh 1366×768 zh-CN tab that blocks and records every
request leaving 127.0.0.1 (`page.outside_requests`) and records console errors
(`page.console_errors`); `wait_for_app(page)` waits for Streamlit to finish the script;
`screenshot(page, name)` saves test-artifacts/screenshots/<name>.png; `sign_in(page, …)` signs in
through the form; `wait_for_charts_to_fit(page)` waits for the charts to redraw after a resize.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from sanlian import build, settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", "--disable-quic"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
SCREENSHOTS = settings.ROOT / "test-artifacts" / "screenshots"
STARTUP_SECONDS = 60
SCRIPT_MS = 30_000  # how long a script run may take on a busy 2-core machine


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_outside(url: str) -> bool:
    """Whether a request URL would leave this machine (data: and blob: URLs never do)."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return False
    return (parsed.hostname or "") not in LOCAL_HOSTS


def _base_path_probe(url: str) -> bool:
    """Streamlit's 404 probes of <page>/_stcore/health and host-config when a page URL is opened
    directly; the frontend then finds the server at the root (streamlit/streamlit#7074)."""
    path = urlparse(url).path
    return path.count("/") >= 3 and path.endswith(("/_stcore/health", "/_stcore/host-config"))


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has drawn the app and finished running the script (timeout in ms).

    Finished means: the "Running…" status widget is not shown and the page has stopped changing
    (same number of elements, same height, nothing marked stale) for several polls in a row, since
    the widget can appear late and elements keep arriving after the first one.
    """
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]',
                           timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    previous, quiet = None, 0
    while quiet < 4:
        if time.monotonic() > deadline:
            raise TimeoutError("Streamlit did not finish running the script")
        state = page.evaluate(_APP_STATE)
        quiet = quiet + 1 if state == previous and not state["running"] else 0
        previous = state
        page.wait_for_timeout(150)


_APP_STATE = """() => {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const main = document.querySelector('[data-testid="stMain"]');
    return {
        running: Boolean(status && status.offsetParent !== null),
        elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
        stale: document.querySelectorAll('[data-stale="true"]').length,
        height: main ? main.scrollHeight : 0,
    };
}"""


def wait_for_charts_to_fit(page, timeout: float = SCRIPT_MS) -> None:
    """Wait until every Plotly chart has redrawn at its container's width (after a viewport change)."""
    page.wait_for_function(_CHARTS_FIT, timeout=timeout)


_CHARTS_FIT = """() => [...document.querySelectorAll('.js-plotly-plot')].every(plot => {
    const svg = plot.querySelector('.main-svg');
    return svg !== null && Math.abs(Number(svg.getAttribute('width')) - plot.clientWidth) <= 1;
})"""


def screenshot(page, name: str) -> Path:
    """Save the whole page as test-artifacts/screenshots/<name>.png and return its path.

    Streamlit scrolls inside its own containers, so Playwright's full_page alone would capture one
    screenful; the viewport is stretched to the content's height for the shot, then restored.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(_CONTENT_HEIGHT)
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height, 16_000)})
        page.wait_for_timeout(500)  # charts redraw at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


_CONTENT_HEIGHT = """() => Math.max(...['stMain', 'stSidebarContent', 'stAppViewContainer']
    .map(id => document.querySelector(`[data-testid="${id}"]`))
    .filter(Boolean).map(el => el.scrollHeight))"""


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory) -> Path:
    """The sample database the browser tests look at, built once."""
    return build.build(tmp_path_factory.mktemp("e2e") / "sanlian.duckdb", "sample")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    """Terminate the server and everything it started."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def streamlit_server(db: Path, users_file: Path, log: Path, **env: str):
    """`streamlit run serve.py` on a free loopback port over `db` with `users_file` (and any extra
    environment); yields the base URL once healthy, fails with the server log if it does not start."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SANLIAN_DB": str(db), "SANLIAN_USERS": str(users_file), **env}
    command = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=settings.ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Streamlit did not start at {url}:\n"
                            f"{log.read_text(encoding='utf-8', errors='replace')}")
            time.sleep(0.3)
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def app_server(e2e_db, tmp_path_factory):
    """A Streamlit server on a free port over the sample database; yields its base URL."""
    folder = tmp_path_factory.mktemp("server")
    # No users file: the open demo mode over the sample (never the developer's ~/.sanlian).
    with streamlit_server(e2e_db, folder / "no-users.json", folder / "streamlit.log") as url:
        yield url


def write_users(path: Path, *entries: tuple[str, str, list[str], str]) -> Path:
    """A users file with (name, role, towns, password) entries."""
    from sanlian import users

    for name, role, towns, password in entries:
        users.add(name, role, towns, password, path)
    return path


def sign_in(page, name: str, password: str, error: str | None = None) -> None:
    """Fill the sign-in form and wait for the page behind it, or, when an `error` is expected, for
    that error under the form."""
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    if error:
        expect(page.get_by_text(error)).to_be_visible(timeout=SCRIPT_MS)
    else:
        expect(page.get_by_role("heading", name="三联看板 · 登录")).to_be_hidden(timeout=SCRIPT_MS)
    wait_for_app(page)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, with everything that phones home switched off."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh 1366×768 zh-CN tab that blocks outside requests and records console errors."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    tab = context.new_page()
    tab.outside_requests = []
    tab.console_errors = []

    def route(route):
        if is_outside(route.request.url):
            tab.outside_requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", route)

    def console(message):
        where = message.location.get("url", "")
        if message.type == "error" and not _base_path_probe(where):
            tab.console_errors.append(f"{message.text} [{where}]" if where else message.text)

    tab.on("console", console)
    yield tab
    context.close()
