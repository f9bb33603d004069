"""Import speed: a county's own visit register (党员走访联系户登记表 as clerks lay it out, .xlsx) of N
rows, checked and imported into a database that already holds its rosters."""

import io
import tempfile
import time
from pathlib import Path

import duckdb
from openpyxl import Workbook

from sanlian import build, ingest

MEMBERS, HOUSEHOLDS, ORGS = 1000, 5000, 50


def _workbook(rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rosters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Orgs paired with every village, members and households with their pairings; the villages."""
    villages = [r[0] for r in con.execute("select name from villages where kind = '村委会' order by 1").fetchall()]
    files = [
        ([["序号", "结对村", "牵头单位"]] + [[i + 1, v, f"县第{i % ORGS}局党支部"] for i, v in enumerate(villages)],
         {"开始日期": "2023-01-01"}),
        ([["序号", "姓名", "所在党组织"]] + [[i + 1, f"党员{i}", f"县第{i % ORGS}局党支部"] for i in range(MEMBERS)], {}),
        ([["序号", "村", "户主姓名", "结对党员", "党员所在单位", "结对时间"]]
         + [[i + 1, villages[i % len(villages)], f"户主{i}", f"党员{i % MEMBERS}", f"县第{i % MEMBERS % ORGS}局",
             "2023-01-01"] for i in range(HOUSEHOLDS)], {}),
    ]
    for rows, supplied in files:
        report = ingest.run(con, "roster.xlsx", _workbook(rows), supplied=supplied)
        assert report.written, report.text()
    return villages


def visit_register(rows: int, villages: list[str]) -> bytes:
    """A real-layout register: a title line, clerk headers, dates in the clerk's own forms."""
    body = [[i + 1, f"2026年{1 + i % 9}月{1 + i % 28}日", f"党员{i % HOUSEHOLDS % MEMBERS}", f"户主{i % HOUSEHOLDS}",
             villages[i % HOUSEHOLDS % len(villages)], "入户走访", f"第{i}次走访", "√", "√"] for i in range(rows)]
    return _workbook([["2026年党员走访联系户登记表"],
                      ["序号", "走访日期", "党员姓名", "户主姓名", "村", "走访方式", "走访内容", "照片", "户主签字"],
                      *body, ["注：每户每月至少走访一次"]])


def measure_ingest(rows: int) -> dict:
    """Seconds to check, then to check and import, a register of `rows` visits (all must go in)."""
    with tempfile.TemporaryDirectory() as folder:
        path = build.build(Path(folder) / "ingest.duckdb", "empty")
        with duckdb.connect(str(path)) as con:
            content = visit_register(rows, _rosters(con))
            started = time.monotonic()
            checked = ingest.check(con, "走访登记表.xlsx", content)
            check_s = time.monotonic() - started
            started = time.monotonic()
            report = ingest.run(con, "走访登记表.xlsx", content)
            import_s = time.monotonic() - started
            inserted = sum(c.inserted for c in report.counts)
    return {"rows": rows, "file_mb": round(len(content) / 1e6, 2), "check_s": round(check_s, 2),
            "import_s": round(import_s, 2), "ok": checked.ok and report.written and inserted == rows}
