"""The state stores the tests run on: SQLite always, and PostgreSQL when Debian's `postgresql` is
installed (scripts/test.sh installs it): a throwaway cluster on a loopback port, started here."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from sanlian import state


def initdb() -> str | None:
    """Debian's initdb (it is not on PATH there), or one on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return found[-1] if found else shutil.which("initdb")


KINDS = ["sqlite", *(["postgresql"] if initdb() else [])]


def _as_owner(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL cluster for this test run, on 127.0.0.1; stopped and removed at the end. (Not in
    pytest's tmp folder: the `postgres` user may not enter root's.)"""
    root = Path(tempfile.mkdtemp(prefix="sanlian-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    bin_dir, port = Path(initdb()).parent, _free_port()
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(root / "data"), "-U", "sanlian",
                              "--auth=trust", "-E", "UTF8"]), check=True, capture_output=True)
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-w", "-l", str(root / "log"),
                              "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "start"]),
                   check=True, capture_output=True)
    yield f"postgresql://sanlian@127.0.0.1:{port}/postgres"
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"]),
                   check=False, capture_output=True)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=KINDS)
def store_kind(request, monkeypatch):
    """Each test on each store: SANLIAN_STATE_URL set for PostgreSQL (emptied first), unset for SQLite."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        import psycopg

        with psycopg.connect(url, autocommit=True) as con:
            con.execute("drop schema public cascade; create schema public")
        monkeypatch.setenv("SANLIAN_STATE_URL", url)
        old = state._stores.pop(url, None)
        if old is not None:
            old.close()
    else:
        monkeypatch.delenv("SANLIAN_STATE_URL", raising=False)
    return request.param
