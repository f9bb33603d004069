"""Two replicas behind nginx, started by `python -m sanlian.serve` on loopback, as a meeting uses them.

A slow tier of its own (`scripts/test.sh` runs it last): each test starts real Streamlit processes.
"""

import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from sanlian import build
from sanlian.bench.load import concurrent_runs, interactions, replicas_by_user, session_run
from sanlian.bench.server import serve, wait_healthy
from sanlian.build import read_reference
from sanlian.nav import existing_pages
from sanlian.serve.nginx import COOKIE

USERS = 20


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, monkeypatch_module) -> Path:
    return build.build(tmp_path_factory.mktemp("serve") / "sanlian.duckdb", "sample")


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SANLIAN_USERS", "/nonexistent/users.json")  # the open demo mode: no sign-in
        yield patch


@pytest.fixture
def two_replicas(sample_db):
    """(supervisor process, front url, the replicas' ports); each test its own, since one stops it."""
    with serve(sample_db, 2) as (process, base):
        wait_healthy(base)
        port = int(base.rsplit(":", 1)[1])
        yield process, base, [port + 1, port + 2]


def health(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False


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
    assert all(results[key].metrics == alone[key] and alone[key] for key in results)


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
