"""Concurrent sessions on `python -m sanlian.serve` (one process, or replicas behind nginx), speaking
Streamlit's websocket protocol.

Each simulated user is a browser: it loads the page once (getting the front's sticky-session cookie,
if any) and then opens a session per interaction with a new filter in the URL (a shared link, or a
page switch carrying the filter) and waits for the script to finish; the numbers on the page must
equal those of the same (page, filter) run alone.
"""

import random
import statistics
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from sanlian.bench.server import serve, wait_healthy
from sanlian.serve.nginx import COOKIE, REPLICA_HEADER


@dataclass
class Run:
    """One page run: ms until the script finished, {metric label: value}, the replica that served
    its websocket (None without nginx in front)."""
    ms: float
    metrics: dict
    replica: str | None


def browser_cookie(base: str) -> str:
    """What a browser sends back after loading the page: the front's Set-Cookie, or nothing."""
    with urllib.request.urlopen(base + "/", timeout=600) as reply:
        cookie = reply.headers.get("Set-Cookie")
    return cookie.split(";")[0] if cookie else ""


def session_run(base: str, page: str, query: dict, cookie: str = "", timeout: float = 600) -> Run:
    """One page run in a new session, sending `cookie` as a browser would."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    url = base.replace("http", "ws", 1) + "/_stcore/stream"
    back = BackMsg()
    back.rerun_script.query_string = urlencode(query, doseq=True)
    back.rerun_script.page_name = "" if page == "app.py" else Path(page).stem
    metrics, problems = {}, []
    started = time.perf_counter()
    headers = {"Cookie": cookie} if cookie else {}
    with connect(url, subprotocols=["streamlit"], open_timeout=timeout, max_size=None,
                 additional_headers=headers) as ws:
        replica = ws.response.headers.get(REPLICA_HEADER)
        ws.send(back.SerializeToString())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=timeout))
            element = msg.delta.new_element if msg.HasField("delta") else None
            if element is not None and element.HasField("metric"):
                metrics[element.metric.label] = element.metric.body
            if element is not None and element.HasField("exception"):
                problems.append(element.exception.message)
            if msg.HasField("script_finished"):
                break
    elapsed = (time.perf_counter() - started) * 1000
    if problems or msg.script_finished != msg.FINISHED_SUCCESSFULLY:
        raise RuntimeError(f"{page} {query}: {problems or msg.script_finished}")
    return Run(elapsed, metrics, replica)


def interactions(pages: list[str], towns: list[str], users: int, per_user: int, seed: int = 7):
    """Per user, a list of (page, query) with random townships, date presets and links."""
    rng = random.Random(seed)
    years = ["2023", "2024", "2025", "2026"]
    plan = []
    for _ in range(users):
        steps = []
        for _ in range(per_user):
            year = rng.choice(years)
            query = {"town": rng.sample(towns, rng.randint(1, 3)), "from": f"{year}-01-01",
                     "to": f"{year}-12-31", "link": str(rng.choice([0, 0, 1, 2, 3]))}
            steps.append((rng.choice(pages), query))
        plan.append(steps)
    return plan


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def warm_every_replica(base: str, replicas: int) -> None:
    """Run the home page once on each replica (paying its imports), steering by cookie values."""
    seen: set = set()
    for i in range(20 * replicas):
        seen.add(session_run(base, "app.py", {}, f"{COOKIE}=warm{i}").replica)
        if len(seen) >= replicas:
            return


def concurrent_runs(base: str, plan: list[list[tuple[str, dict]]]) -> tuple[dict, list[str], float]:
    """Every user's plan at once, one thread per browser: ({(user, step): Run}, errors, wall s)."""
    results: dict[tuple[int, int], Run] = {}
    errors: list[str] = []

    def user(u: int) -> None:
        try:
            cookie = browser_cookie(base)
            for k, (page, query) in enumerate(plan[u]):
                results[u, k] = session_run(base, page, query, cookie)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=user, args=(u,)) for u in range(len(plan))]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors, time.perf_counter() - started


def replicas_by_user(results: dict) -> dict[int, set]:
    """user → the replicas that served their runs (one each when sessions are sticky)."""
    by_user: dict[int, set] = {}
    for (u, _), run in results.items():
        by_user.setdefault(u, set()).add(run.replica)
    return by_user


def load_test(db: Path, pages: list[str], towns: list[str], users: int = 20, per_user: int = 3,
              replicas: int = 1) -> dict:
    """All users at once on `replicas` processes, then each interaction again alone; latencies,
    agreement, and whether each user stayed on one replica."""
    plan = interactions(pages, towns, users, per_user)
    with serve(db, replicas) as (_process, base):
        wait_healthy(base)
        warm_every_replica(base, replicas)
        results, errors, wall = concurrent_runs(base, plan)
        differ = sum(session_run(base, *plan[u][k]).metrics != run.metrics for (u, k), run in results.items())
    latencies = [run.ms for run in results.values()]
    by_user = replicas_by_user(results)
    return {"replicas": replicas, "users": users, "interactions": len(latencies), "errors": errors,
            "differ": differ, "wall_s": round(wall, 1),
            "median_ms": round(statistics.median(latencies)) if latencies else None,
            "p95_ms": round(percentile(latencies, 0.95)) if latencies else None,
            "replicas_used": sorted({r for rs in by_user.values() for r in rs if r}),
            "users_moved": sum(len(rs) > 1 for rs in by_user.values())}
