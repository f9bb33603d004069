"""Benchmark against a real `streamlit run` server: start-up to first page in Chromium, server memory,
and many concurrent sessions speaking Streamlit's websocket protocol."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlencode

from sanlian import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
DRAWN = '[data-testid="stMetric"]'


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(command: list[str], db: Path):
    """`command` in its own process group against `db`; yields the process. Afterwards it is asked
    to stop (SIGTERM) and given 20 s, then whatever is left of its group is killed."""
    env = {**os.environ, "SANLIAN_DB": str(db)}
    process = subprocess.Popen(command, cwd=settings.ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # anything it left behind


@contextmanager
def server(db: Path):
    """`streamlit run serve.py` on a free port against `db`; yields (process, base url)."""
    port = free_port()
    with running([sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
                  "--server.address", "127.0.0.1", "--server.headless", "true"], db) as process:
        yield process, f"http://127.0.0.1:{port}"


@contextmanager
def serve(db: Path, replicas: int):
    """`python -m sanlian.serve --replicas N` on a free port of loopback against `db`; yields
    (process, base url)."""
    port = free_port()
    with running([sys.executable, "-m", "sanlian.serve", "--replicas", str(replicas), "--port", str(port),
                  "--address", "127.0.0.1"], db) as process:
        yield process, f"http://127.0.0.1:{port}"


def wait_healthy(base: str, timeout: float = 180) -> None:
    """Block until the server answers its health check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"streamlit did not start within {timeout} s")


def peak_rss_mb(pid: int) -> int:
    """The process's peak resident memory (VmHWM) in MB. Not ru_maxrss: Linux carries that over from
    the forking parent across exec, so a worker would report the bench's own peak."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return 0


def wait_drawn(page, timeout_ms: float) -> None:
    """Wait until the page shows its numbers and the script has stopped running."""
    page.wait_for_selector(DRAWN, state="attached", timeout=timeout_ms)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]')",
                           timeout=timeout_ms)


def browser_timing(db: Path, town: str, pages: list[str], timeout_s: float = 120) -> dict:
    """Seconds from `streamlit run` to the home page drawn in headless Chromium; then every page
    with the township filter, each timed, and the server's peak memory."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        started = time.perf_counter()
        with server(db) as (process, base):
            wait_healthy(base)
            page.goto(base)
            wait_drawn(page, timeout_s * 1000)
            ready = time.perf_counter() - started
            times = {}
            for path in pages:
                slug = "" if path == "app.py" else Path(path).stem
                began = time.perf_counter()
                page.goto(f"{base}/{slug}?{urlencode({'town': town})}")
                wait_drawn(page, timeout_s * 1000)
                times[path] = round((time.perf_counter() - began) * 1000)
            memory = peak_rss_mb(process.pid)
        browser.close()
    return {"ready_s": round(ready, 2), "page_ms": times, "server_peak_mb": memory}
