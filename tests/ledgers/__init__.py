"""The real-layout ledger corpus of issue 12 (see README.md here).

`corpus()` returns each file's expectation (its `<file>.expect.json`) with "path" added, sorted by
"order" — the natural order a county imports them in, starting from an empty database.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUFFIX = ".expect.json"


def corpus() -> list[dict]:
    """Every ledger's expectation, with "path" (absolute Path of the ledger file), sorted by order."""
    out = []
    for sidecar in sorted(HERE.glob(f"*{SUFFIX}")):
        spec = json.loads(sidecar.read_text(encoding="utf-8"))
        path = HERE / sidecar.name[: -len(SUFFIX)]
        if not path.exists():
            raise FileNotFoundError(f"{sidecar.name} has no ledger file {path.name}")
        out.append({**spec, "path": path})
    out.sort(key=lambda spec: spec["order"])
    return out
