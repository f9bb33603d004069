"""Generators for the ledger files the ingest tests feed in: small, readable, made on the fly."""

import csv
import io

from openpyxl import Workbook

from sanlian.ingest.ledgers import LEDGERS

# A tiny real-geography world: one of each ledger, the seed's stories.
BASE = {
    "leaders": [{"leader_id": "L1", "name": "华关", "post": "县委书记", "body": "县委"}],
    "leader_townships": [{"leader_id": "L1", "township_code": "马市镇", "start_date": "2023-01-01"}],
    "orgs": [{"org_id": "O1", "name": "县住管局党支部", "agency": "县住管局", "org_type": "党支部"},
             {"org_id": "O2", "name": "县水务局党支部", "agency": "县水务局", "org_type": "党支部"}],
    "org_villages": [
        {"org_id": "O1", "village_code": "总村村委会", "role": "牵头", "start_date": "2023-01-01"},
        {"org_id": "O2", "village_code": "安水村", "role": "牵头", "start_date": "2023-01-01"}],
    "members": [{"member_id": "M1", "name": "邓国斌", "org_id": "O1", "phone": "13800000001"}],
    "households": [{"household_id": "H1", "village_code": "兴仁村委会", "head_name": "彭长优",
                    "size": 4, "main_industry": "水稻种植"}],
    "member_households": [{"member_id": "M1", "household_id": "H1", "start_date": "2023-01-01"}],
    "activities": [{"activity_id": 1, "activity_date": "2024-03-05", "link": 3, "kind": "走访",
                    "org_id": "O1", "member_id": "M1", "village_code": "兴仁村委会",
                    "household_id": "H1", "participants": 1, "has_photo": "是"}],
    "issues": [{"issue_id": 1, "raised_date": "2024-03-05", "activity_id": 1, "link": 3,
                "township_code": "沈所镇", "village_code": "兴仁村委会", "household_id": "H1",
                "category": "饮水用水", "summary": "旱季用水紧张", "scale": "一般",
                "assigned_unit": "县水务局", "due_date": "2024-04-05", "closed_date": "2024-03-30",
                "is_resolved": "是", "satisfaction": 5}],
    "projects": [{"project_id": "P1", "village_code": "总村村委会", "name": "总村文化广场",
                  "area": "建设美丽乡村", "investment_yuan": 300000, "start_date": "2024-02-01",
                  "status": "完工"}],
    "project_orgs": [{"project_id": "P1", "org_id": "O1"}],
    "household_incomes": [{"household_id": "H1", "year": 2023, "net_income_yuan": 50000},
                          {"household_id": "H1", "year": 2024, "net_income_yuan": 78000}],
}


def headers(table: str) -> list[str]:
    """The template's Chinese headers of a ledger."""
    return [c.header for c in LEDGERS[table].columns]


def as_rows(table: str, records: list[dict]) -> list[list]:
    """Records keyed by database column → rows in the ledger's column order."""
    return [[r.get(c.name) for c in LEDGERS[table].columns] for r in records]


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with one sheet per entry; each entry's first row is the header."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ledger_xlsx(tables: dict[str, list[dict]]) -> bytes:
    """A workbook with a sheet per ledger, named by its title, from records."""
    return xlsx({LEDGERS[t].title: [headers(t), *as_rows(t, r)] for t, r in tables.items()})


def table_xlsx(table: str, records: list[dict]) -> bytes:
    """One ledger as a single-sheet workbook."""
    return xlsx({LEDGERS[table].title: [headers(table), *as_rows(table, records)]})


def csv_file(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    """CSV text in the given encoding (utf-8, utf-8-sig, gbk, gb18030)."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def activities_csv(count: int, start_id: int = 1000) -> bytes:
    """`count` valid member visits by M1 to H1 — the big-file test."""
    rows = [[i, f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", 3, "走访", None, "O1", "M1", None,
             "兴仁村委会", "H1", 1, f"第 {i} 次走访", "是", "否", "是"]
            for i in range(start_id, start_id + count)]
    return csv_file([headers("activities"), *rows])
