"""Two replicas behind nginx, started by `python -m sanlian.serve` on loopback, as a meeting uses them.

A slow tier of its own (`scripts/test.sh` runs it last): each test starts real Streamlit processes.
"""

import os
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from sanlian import build
from sanlian.bench.load import concurrent_runs, interactions, replicas_by_user, session_run
from sanlian.bench.server import serve, wait_healthy
from sanlian.build import read_reference
from sanlian.nav import existing_pages
from sanlian.serve.nginx import COOKIE, REPLICA_HEADER
from sanlian.serve.supervisor import healthy

USERS = 20
UPLOAD_LIMIT = 20 * 2 ** 20  # .streamlit/config.toml server.maxUploadSize = 20 (MB)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, monkeypatch_module) -> Path:
    return build.build(tmp_path_factory.mktemp("serve") / "sanlian.duckdb", "sample")


@pytest.fixture(scope="module")
def monkeypatch_module(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SANLIAN_USERS", "/nonexistent/users.json")  # the open demo mode: no sign-in
        # the nginx run directory a supervisor killed with -9 cannot remove lands in pytest's tmp
        patch.setenv("TMPDIR", str(tmp_path_factory.mktemp("run")))
        yield patch


@pytest.fixture
def two_replicas(sample_db):
    """(supervisor process, front url, the replicas' ports); each test its own, since one stops it."""
    with serve(sample_db, 2) as (process, base):
        wait_healthy(base)
        port = int(base.rsplit(":", 1)[1])
        yield process, base, [port + 1, port + 2]


def health(port: int) -> bool:
    return healthy(f"http://127.0.0.1:{port}/_stcore/health", 2)


def replica_pid(port: int) -> int:
    """The pid of the Streamlit process listening on `port` (found by its command line)."""
    for proc in Path("/proc").iterdir():
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and str(port).encode() in args:
            return int(proc.name)
    raise LookupError(port)


def test_twenty_sessions_on_two_replicas_show_the_numbers_of_one_process_and_stay_on_their_replica(
        two_replicas, sample_db):
    _, base, ports = two_replicas
    towns = list(read_reference()["townships"]["name"])
    plan = interactions([p.path for p in existing_pages()], towns, USERS, 2)
    assert any(len({page for page, _ in steps}) == 2 for steps in plan)  # some change page
    results, errors, _ = concurrent_runs(base, plan)
    assert errors == [] and len(results) == USERS * 2
    by_user = replicas_by_user(results)
    assert all(len(replicas) == 1 for replicas in by_user.values()), by_user
    assert set().union(*by_user.values()) == {f"127.0.0.1:{p}" for p in ports}
    with serve(sample_db, 1) as (_, single):
        wait_healthy(single)
        alone = {key: session_run(single, *plan[key[0]][key[1]]).metrics for key in results}
    assert all(results[key].metrics == alone[key] for key in results)
    # not vacuous: most runs show numbers (the portraits of 乡镇 and 村 wait for one to be picked)
    assert sum(bool(numbers) for numbers in alone.values()) >= 0.75 * len(results)


def test_a_killed_replica_is_restarted_on_its_port_its_users_come_back_and_sigterm_stops_all(two_replicas):
    process, base, ports = two_replicas
    cookie = f"{COOKIE}=kill-test"
    first = session_run(base, "app.py", {}, cookie)
    port = int(first.replica.rsplit(":", 1)[1])
    old = replica_pid(port)
    os.kill(old, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while not (health(port) and replica_pid(port) != old):
        assert time.monotonic() < deadline, "the replica was not restarted"
        time.sleep(0.5)
    again = session_run(base, "app.py", {}, cookie)
    assert again.replica == first.replica and again.metrics == first.metrics
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    front = int(base.rsplit(":", 1)[1])
    assert not any(health(p) for p in [front, *ports])
    for port in ports:
        with pytest.raises(LookupError):
            replica_pid(port)


def browser(base: str) -> tuple[str, str, str]:
    """A browser's first visit (the page, then the health check that sets Streamlit's XSRF cookie):
    (Cookie header to send back, the XSRF token, the replica it landed on)."""
    with urllib.request.urlopen(base + "/", timeout=120) as reply:
        sticky = reply.headers["Set-Cookie"].split(";")[0]
    request = urllib.request.Request(base + "/_stcore/health", headers={"Cookie": sticky})
    with urllib.request.urlopen(request, timeout=120) as reply:
        xsrf = reply.headers["Set-Cookie"].split(";")[0]
        replica = reply.headers[REPLICA_HEADER]
    return f"{sticky}; {xsrf}", xsrf.split("=", 1)[1], replica


def upload(base: str, cookie: str, xsrf: str, session_id: str, size: int) -> int:
    """PUT a file of `size` bytes to a session's uploader, as the browser does; the HTTP status."""
    boundary = "sanlian-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"台账.xlsx\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{base}/_stcore/upload_file/{session_id}/file-1", data=body, method="PUT",
        headers={"Cookie": cookie, "X-Xsrftoken": xsrf, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:
            return reply.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_an_upload_of_the_largest_allowed_file_reaches_the_sessions_replica_through_nginx(two_replicas):
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    _, base, ports = two_replicas
    browsers = {}
    for _ in range(40):  # first visits until both replicas have a browser
        cookie, xsrf, replica = browser(base)
        browsers.setdefault(replica, (cookie, xsrf))
        if len(browsers) == 2:
            break
    assert set(browsers) == {f"127.0.0.1:{p}" for p in ports}
    (mine, other) = browsers.values()
    back = BackMsg()
    back.rerun_script.query_string = urlencode({})
    with connect(base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                 additional_headers={"Cookie": mine[0]}, max_size=None) as ws:
        ws.send(back.SerializeToString())
        msg = ForwardMsg()
        while not msg.HasField("new_session"):
            msg.ParseFromString(ws.recv(timeout=120))
        session_id = msg.new_session.initialize.session_id
        # Streamlit counts the multipart envelope against its limit too: the largest file is a little under
        assert upload(base, *mine, session_id, UPLOAD_LIMIT - 1024) == 204
        # the same session's upload from a browser held on the other replica is refused there:
        # this is what sticky sessions prevent
        assert upload(base, *other, session_id, 1000) == 400


def test_nothing_is_left_holding_the_ports_when_the_supervisor_itself_is_killed(two_replicas):
    process, base, ports = two_replicas
    front = int(base.rsplit(":", 1)[1])
    process.kill()
    process.wait()
    deadline = time.monotonic() + 30
    while any(health(p) for p in [front, *ports]):
        assert time.monotonic() < deadline, "nginx or a replica outlived the supervisor"
        time.sleep(0.5)
