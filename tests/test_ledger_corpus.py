"""Onboarding from nothing: build an empty database, import every real-layout ledger of the corpus in
its natural order, and after each file compare the rows that file added (joined back to names) with
the file's expectation, as sets of tuples. Trap files must be refused, list both candidates, and
write nothing.

API assumed (issue 12 brief): build.build(path, "empty"); ingest.run(con, file_name, content_bytes,
table="auto", supplied={...}, dry_run=False) -> Report with .ok, .problems (DataFrame: sheet,
row_number, column_header, cell_value, reason), .table, .skipped ([(sheet, row_number, reason)]).
"""

from collections import Counter
from datetime import date
from decimal import Decimal

import duckdb
import pytest

from sanlian import build, dataset, db, ingest, settings
from tests.ledgers import corpus

CORPUS = corpus()

# One query per expected table, returning the expectation's columns by name (never IDs).
QUERIES = {
    "orgs": "select name, org_type from orgs",
    "org_villages": """
        select o.name as org, v.name as village, ov.role, ov.start_date, ov.end_date
        from org_villages ov join orgs o using (org_id) join villages v using (village_code)""",
    "leaders": "select name, post, body from leaders",
    "leader_townships": """
        select l.name as leader, t.name as township, lt.start_date, lt.end_date
        from leader_townships lt join leaders l using (leader_id) join townships t using (township_code)""",
    "members": "select m.name, o.name as org, m.phone from members m join orgs o using (org_id)",
    "households": """
        select h.head_name, v.name as village, h.phone, h.size, h.main_industry
        from households h join villages v using (village_code)""",
    "member_households": """
        select m.name as member, h.head_name as household, v.name as village, mh.start_date
        from member_households mh join members m using (member_id) join households h using (household_id)
        join villages v on v.village_code = h.village_code""",
    "activities": """
        select a.activity_date, a.link, a.kind, l.name as leader, o.name as org, m.name as member,
               t.name as township, v.name as village, h.head_name as household, a.participants,
               a.has_photo, a.household_confirmed
        from activities a join townships t using (township_code)
        left join villages v on v.village_code = a.village_code
        left join leaders l on l.leader_id = a.leader_id left join orgs o on o.org_id = a.org_id
        left join members m on m.member_id = a.member_id
        left join households h on h.household_id = a.household_id""",
    "issues": """
        select i.raised_date, i.link, t.name as township, v.name as village, i.category, i.summary,
               i.scale, i.assigned_unit, i.due_date, i.closed_date, i.is_resolved, i.satisfaction
        from issues i join townships t using (township_code)
        left join villages v on v.village_code = i.village_code""",
    "projects": """
        select p.name, v.name as village, p.area, p.investment_yuan, p.start_date, p.end_date, p.status
        from projects p join villages v using (village_code)""",
    "project_orgs": """
        select p.name as project, o.name as org
        from project_orgs po join projects p using (project_id) join orgs o using (org_id)""",
    "household_incomes": """
        select h.head_name as household, v.name as village, hi.year, hi.net_income_yuan
        from household_incomes hi join households h using (household_id)
        join villages v on v.village_code = h.village_code""",
}


def norm(value):
    """One comparable form for DB values and JSON values."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return round(float(value), 2)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    return str(value)


def rows(con, table: str, columns: list[str]) -> set[tuple]:
    """The table's rows as tuples of the expectation's columns, in natural names."""
    cursor = con.execute(QUERIES[table])
    names = [d[0] for d in cursor.description]
    return {tuple(norm(dict(zip(names, r))[c]) for c in columns) for r in cursor.fetchall()}


def expected(spec_rows: list[dict], columns: list[str]) -> set[tuple]:
    return {tuple(norm(r.get(c)) for c in columns) for r in spec_rows}


@pytest.fixture(scope="module")
def onboarded(tmp_path_factory):
    """An empty database, and after each file the rows it added per table."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    build.build(path, "empty")
    con = duckdb.connect(str(path))
    results = {}
    for spec in CORPUS:
        before = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in QUERIES}
        snapshot = {t: set() for t in QUERIES}
        for table, spec_rows in spec["tables"].items():
            cols = list(spec_rows[0]) if spec_rows else []
            snapshot[table] = rows(con, table, cols) if cols else set()
        report = ingest.run(
            con, spec["path"].name, spec["path"].read_bytes(), table="auto", supplied=spec["set"], dry_run=False
        )
        added = {}
        for table, spec_rows in spec["tables"].items():
            cols = list(spec_rows[0]) if spec_rows else []
            added[table] = (rows(con, table, cols) - snapshot[table]) if cols else set()
        after = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in QUERIES}
        results[spec["file"]] = (report, added, before, after)
    yield results
    con.close()


@pytest.mark.parametrize("spec", CORPUS, ids=[f"{s['order']:02d}-{s['table']}" for s in CORPUS])
def test_ledger_imports_as_handed_over(onboarded, spec):
    report, added, before, after = onboarded[spec["file"]]
    if not spec["must_import"]:
        assert not report.ok, f"{spec['file']} must be refused"
        text = report.problems.to_string()
        refusal = spec["refusal"]
        assert refusal["value"] in text
        for candidate in refusal["candidates"]:
            assert candidate in text, f"the problem must list candidate {candidate}"
        assert before == after, "a refused file must write nothing"
        return
    assert report.ok, report.problems.to_string()
    assert report.table == spec["table"]
    # every footer row the file has is reported as skipped (a report may skip more non-data rows, such as
    # the section rows in group_rows; a data row skipped by mistake fails the row comparison below)
    reported = {(sheet, row) for sheet, row, _reason in report.skipped}
    for want in spec["skipped_rows"]:
        if isinstance(want, int):
            assert any(row == want for _sheet, row in reported), f"row {want} not reported as skipped"
        else:
            assert tuple(want) in reported, f"{want} not reported as skipped"
    for table, spec_rows in spec["tables"].items():
        cols = list(spec_rows[0])
        assert added[table] == expected(spec_rows, cols), table
        # nothing silently dropped: the table grew by exactly the expected rows
        assert after[table] - before[table] == len(spec_rows), table


@pytest.fixture(scope="module")
def onboarded_db(tmp_path_factory):
    """A database that took every importable ledger of the corpus, in order, from empty."""
    path = build.build(tmp_path_factory.mktemp("dashboard") / "county.duckdb", "empty")
    with duckdb.connect(str(path)) as con:
        for spec in CORPUS:
            if spec["must_import"]:
                report = ingest.run(con, spec["path"].name, spec["path"].read_bytes(), supplied=spec["set"])
                assert report.written, report.text()
    return path


def expected_rows(table: str) -> list[dict]:
    return [row for spec in CORPUS if spec["must_import"] for row in spec["tables"].get(table, [])]


def test_after_onboarding_the_dashboard_headline_numbers_equal_the_ledgers_hand_counts(onboarded_db):
    """Counted from the ledgers' expectations, not from the importer: the 总览 summary of the whole
    county at the data's end date."""
    with duckdb.connect(str(onboarded_db), read_only=True) as con:
        as_of = con.execute("select max(activity_date) from activities").fetchone()[0]
        params = {"townships": [], "date_from": date(2022, 1, 1), "date_to": as_of, "link": 0, "as_of": as_of,
                  "overdue_days": settings.VISIT_OVERDUE_DAYS, "silent_days": settings.SILENT_DAYS}
        summary = dataset.summary(lambda name: db.run(con, name, **params))
    pairs = [r for r in expected_rows("org_villages") if r["end_date"] is None]
    village_kind = {r["village"] for r in pairs}  # the corpus pairs only 村委会
    per_village = Counter(r["village"] for r in pairs)
    assert summary["orgs_paired"] == len({r["org"] for r in pairs})
    assert summary["villages_covered"] == len(village_kind)
    assert summary["villages_several_orgs"] == sum(1 for n in per_village.values() if n > 1)
    assert summary["member_household_pairs"] == len(expected_rows("member_households"))
    assert summary["issues_raised"] == len(expected_rows("issues"))
    started = [r for r in expected_rows("projects") if r["status"] != "规划" and r["start_date"] <= str(as_of)]
    assert summary["projects"] == len(started)
    assert round(float(summary["investment_yuan"])) == round(sum(r["investment_yuan"] for r in started))
