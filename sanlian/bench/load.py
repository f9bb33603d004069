"""Concurrent sessions on one `streamlit run` server, speaking Streamlit's websocket protocol.

Each simulated user opens a session per interaction with a new filter in the URL (a shared link,
or a page switch carrying the filter) and waits for the script to finish; the numbers on the page
must equal those of the same (page, filter) run alone.
"""

import random
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from sanlian.bench.server import server, wait_healthy


def session_run(base: str, page: str, query: dict, timeout: float = 600) -> tuple[float, dict]:
    """One page run in a new session: (ms until the script finished, {metric label: value})."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    url = base.replace("http", "ws", 1) + "/_stcore/stream"
    back = BackMsg()
    back.rerun_script.query_string = urlencode(query, doseq=True)
    back.rerun_script.page_name = "" if page == "app.py" else Path(page).stem
    metrics, problems = {}, []
    started = time.perf_counter()
    with connect(url, subprotocols=["streamlit"], open_timeout=timeout, max_size=None) as ws:
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
    return elapsed, metrics


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


def load_test(db: Path, pages: list[str], towns: list[str], users: int = 20,
              per_user: int = 3) -> dict:
    """All users at once on one server, then each interaction again alone; latencies and agreement."""
    plan = interactions(pages, towns, users, per_user)
    results: dict[tuple[int, int], tuple[float, dict]] = {}
    errors: list[str] = []

    def user(u: int) -> None:
        for k, (page, query) in enumerate(plan[u]):
            try:
                results[u, k] = session_run(base, page, query)
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

    with server(db) as (_process, base):
        wait_healthy(base)
        session_run(base, "app.py", {})  # warm the imports and the connection
        threads = [threading.Thread(target=user, args=(u,)) for u in range(users)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        differ = sum(session_run(base, *plan[u][k])[1] != metrics
                     for (u, k), (_, metrics) in results.items())
    latencies = [ms for ms, _ in results.values()]
    return {"users": users, "interactions": len(latencies), "errors": errors, "differ": differ,
            "wall_s": round(wall, 1), "median_ms": round(statistics.median(latencies)) if latencies else None,
            "p95_ms": round(percentile(latencies, 0.95)) if latencies else None}
