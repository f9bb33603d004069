"""Start the replicas and nginx, watch their health, restart what dies, stop everything on a signal.

    python -m sanlian.serve --replicas N [--port 8501] [--address 0.0.0.0]

Replica k listens on 127.0.0.1:(port + k); nginx listens on address:port. `--replicas 1` is plain
`streamlit run` on address:port, behind nothing (still restarted if it dies).
"""

import argparse
import ctypes
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from sanlian import build, failures, settings
from sanlian.serve.nginx import Front, config

NGINX = "/usr/sbin/nginx"
POLL_SECONDS = 1.0
HEALTH_TIMEOUT = 3.0
STARTUP_SECONDS = 120  # a replica may take this long to answer its first health check
UNHEALTHY_SECONDS = 30  # a running replica that fails its health check this long is restarted


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a child before exec: get SIGTERM when the supervisor dies, even by kill -9, so that no
    replica or nginx is left behind holding its port."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Stop(Exception):
    """SIGTERM or SIGINT arrived."""


class StartFailed(Exception):
    """A replica or nginx did not come up; the message says which, in Chinese."""


@dataclass
class Child:
    """One supervised process: its command, what it is called in messages, its health URL."""
    name: str
    command: list[str]
    health_url: str | None = None
    process: subprocess.Popen | None = None
    last_healthy: float = 0.0
    answered: bool = False  # has answered a health check since it was last started
    restarts: int = 0

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, cwd=settings.ROOT, preexec_fn=die_with_parent)  # noqa: PLW1509 (no threads here)
        self.last_healthy, self.answered = time.monotonic(), False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)


def healthy(url: str, timeout: float = HEALTH_TIMEOUT) -> bool:
    """Whether a replica answers its health check (`/_stcore/health` → 200 ok)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status == 200
    except OSError:
        return False


def replica(k: int, address: str, port: int) -> Child:
    """The k-th Streamlit replica (1-based) on address:port."""
    command = [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
               "--server.address", address, "--server.headless", "true"]
    host = "127.0.0.1" if address == "0.0.0.0" else address
    return Child(f"副本 {k}（端口 {port}）", command, f"http://{host}:{port}/_stcore/health")


def replica_ports(replicas: int, port: int) -> list[int]:
    """The ports of the replicas: the front's own with one replica, else the ones after it."""
    return [port] if replicas == 1 else [port + k for k in range(1, replicas + 1)]


def nginx(run_dir: Path, address: str, port: int, ports: list[int]) -> Child:
    """nginx in front of the replicas, its configuration written into run_dir."""
    front = Front(str(run_dir), address, port, tuple(f"127.0.0.1:{p}" for p in ports),
                  settings.INGEST_MAX_BYTES)
    (run_dir / "nginx.conf").write_text(config(front), encoding="utf-8")
    command = [NGINX, "-p", str(run_dir), "-c", "nginx.conf", "-e", "stderr", "-g", "daemon off;"]
    return Child("nginx", command)


def restart_reason(child: Child, now: float) -> str | None:
    """Why a child must be restarted (it exited, or a replica stopped answering), or None."""
    if child.process.poll() is not None:
        return f"{child.name}已退出（退出码 {child.process.returncode}），正在重启。"
    if child.health_url is None:
        return None
    if healthy(child.health_url):
        child.last_healthy, child.answered = now, True
        return None
    limit = UNHEALTHY_SECONDS if child.answered else STARTUP_SECONDS
    if now - child.last_healthy > limit:
        return f"{child.name}超过 {limit} 秒无响应，正在重启。"
    return None


def check(child: Child, now: float) -> None:
    """Restart the child on the same port if it must be."""
    reason = restart_reason(child, now)
    if reason is None:
        return
    print(reason, file=sys.stderr, flush=True)
    child.process.kill()
    child.process.wait()
    child.restarts += 1
    child.start()


def wait_all_healthy(children: list[Child]) -> None:
    """Block until every replica answers its health check."""
    deadline = time.monotonic() + STARTUP_SECONDS
    waiting = [c for c in children if c.health_url]
    while waiting:
        if time.monotonic() > deadline:
            raise StartFailed(f"{STARTUP_SECONDS} 秒内未能启动：" + "、".join(c.name for c in waiting))
        for c in waiting:
            if c.process.poll() is not None:
                raise StartFailed(f"{c.name}启动时退出（退出码 {c.process.returncode}），详见上面的输出。")
        waiting = [c for c in waiting if not healthy(c.health_url, 1.0)]
        time.sleep(0.2)


def start_all(replicas: list[Child], front: list[Child], front_health: str) -> None:
    """The replicas, and once they all answer, nginx in front of them (until it answers too)."""
    for child in replicas:
        child.start()
    wait_all_healthy(replicas)
    for child in front:
        child.start()
        deadline = time.monotonic() + 30
        while not healthy(front_health, 1.0):
            if child.process.poll() is not None or time.monotonic() > deadline:
                raise StartFailed("nginx 未能启动（端口是否已被占用？），详见上面的输出。")
            time.sleep(0.2)


def stop_all(children: list[Child]) -> None:
    """nginx first (no new requests), then the replicas; each gets 10 s before it is killed."""
    for child in children:
        child.stop()
    for child in children:
        if child.process is None:
            continue
        try:
            child.process.wait(10)
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def raise_stop(signum, frame) -> None:
    raise Stop()


def supervise(children: list[Child]) -> None:
    """Poll until a signal: restart whatever died or stopped answering."""
    while True:
        time.sleep(POLL_SECONDS)
        now = time.monotonic()
        for child in children:
            check(child, now)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sanlian.serve", description="多进程运行三联看板（nginx 在前）")
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit 进程数（1 = 直接 streamlit run）")
    parser.add_argument("--port", type=int, default=8501, help="对外端口；副本用其后的端口")
    parser.add_argument("--address", default="0.0.0.0", help="对外监听的地址")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas 至少为 1")
    return args


@failures.guarded
def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.replicas > 1 and not Path(NGINX).exists():
        print("未安装 nginx：请先 apt-get install nginx，或用 --replicas 1。", file=sys.stderr)
        return 1
    if not settings.db_path().exists():
        print("首次启动：正在生成示例数据库，约需半分钟……", file=sys.stderr, flush=True)
        build.build(settings.db_path(), "sample")
    ports = replica_ports(args.replicas, args.port)
    address = args.address if args.replicas == 1 else "127.0.0.1"
    replicas = [replica(k, address, p) for k, p in enumerate(ports, 1)]
    run_dir = Path(tempfile.mkdtemp(prefix="sanlian-serve-"))
    front = [] if args.replicas == 1 else [nginx(run_dir, args.address, args.port, ports)]
    children = front + replicas
    signal.signal(signal.SIGTERM, raise_stop)
    signal.signal(signal.SIGINT, raise_stop)
    try:
        host = "127.0.0.1" if args.address == "0.0.0.0" else args.address
        start_all(replicas, front, f"http://{host}:{args.port}/_stcore/health")
        print(f"三联看板已启动：http://{args.address}:{args.port}（{args.replicas} 个副本）", file=sys.stderr, flush=True)
        supervise(children)
    except Stop:
        print("正在停止……", file=sys.stderr, flush=True)
    except StartFailed as failed:
        print(str(failed), file=sys.stderr, flush=True)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_all(children)
        shutil.rmtree(run_dir, ignore_errors=True)
    return 0
