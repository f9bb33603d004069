"""Check that the corpus expectations form one consistent data world (no importer involved).

Loads schema.sql and the reference geography into an in-memory DuckDB, then inserts every
expectation row of every must-import file, in order, resolving natural names to made-up IDs the
way an importer would. The schema's keys, foreign keys and CHECKs then prove that: every name an
event ledger uses exists in a roster imported earlier, dates are ordered, closed/resolved/
satisfaction agree, and no (household, year) income repeats. Run: python tests/ledgers/check_world.py
"""

import csv
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ledgers import corpus  # noqa: E402
from tests.ledgers.make_corpus import HOUSEHOLD_MEMBER  # noqa: E402


def main() -> None:  # noqa: PLR0912 - one straight pass over the corpus
    con = duckdb.connect()
    con.execute((ROOT / "sanlian" / "schema.sql").read_text(encoding="utf-8"))
    ref = ROOT / "data" / "reference"
    with open(ref / "townships.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            con.execute(
                "insert into townships values (?, ?, ?, null, null)", [r["township_code"], r["name"], r["kind"]]
            )
    with open(ref / "villages.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            con.execute(
                "insert into villages values (?, ?, ?, ?, null, null)",
                [r["village_code"], r["township_code"], r["name"], r["kind"]],
            )
    town = dict(con.execute("select name, township_code from townships").fetchall())
    vill = {n: (c, t) for c, t, n in con.execute("select village_code, township_code, name from villages").fetchall()}
    orgs, leaders, members, households, projects = {}, {}, {}, {}, {}
    pairs = {}  # (member name, head, village) -> member id
    seq = {"activity": 0, "issue": 0}

    def member_id(name, org=None, head=None, village=None):
        ids = [mid for (n, o), mid in members.items() if n == name and (org is None or o == org)]
        if len(ids) > 1 and head:
            ids = [pairs[(name, head, village)]] if (name, head, village) in pairs else ids
        assert len(ids) == 1, f"member {name} ({org}, {head}, {village}): {ids}"
        return ids[0]

    def household_id(head, village):
        ids = [hid for (h, v, _p), hid in households.items() if h == head and v == village]
        assert len(ids) == 1, f"household {head} in {village}: {ids}"
        return ids[0]

    for spec in corpus():
        if not spec["must_import"]:
            continue
        t = spec["tables"]
        for r in t.get("orgs", []):
            orgs[r["name"]] = f"O{len(orgs) + 1:03d}"
            con.execute("insert into orgs values (?, ?, ?, ?)", [orgs[r["name"]], r["name"], "-", r["org_type"]])
        for r in t.get("org_villages", []):
            con.execute(
                "insert into org_villages values (?, ?, ?, ?, ?)",
                [orgs[r["org"]], vill[r["village"]][0], r["role"], r["start_date"], r["end_date"]],
            )
        for r in t.get("leaders", []):
            leaders[r["name"]] = f"L{len(leaders) + 1:03d}"
            con.execute(
                "insert into leaders values (?, ?, ?, ?)", [leaders[r["name"]], r["name"], r["post"], r["body"]]
            )
        for r in t.get("leader_townships", []):
            con.execute(
                "insert into leader_townships values (?, ?, ?, ?)",
                [leaders[r["leader"]], town[r["township"]], r["start_date"], r["end_date"]],
            )
        for r in t.get("members", []):
            key = (r["name"], r["org"])
            assert key not in members, key
            members[key] = f"M{len(members) + 1:04d}"
            con.execute(
                "insert into members values (?, ?, ?, ?)", [members[key], r["name"], orgs[r["org"]], r["phone"]]
            )
        for r in t.get("households", []):
            key = (r["head_name"], r["village"], r["phone"])
            households[key] = f"H{len(households) + 1:06d}"
            con.execute(
                "insert into households values (?, ?, ?, ?, ?, ?)",
                [households[key], vill[r["village"]][0], r["head_name"], r["phone"], r["size"], r["main_industry"]],
            )
        new_households = {(r["head_name"], r["village"]): r["phone"] for r in t.get("households", [])}
        for r in t.get("member_households", []):
            # a roster row names its own household; two 黄春生 in 安水村 differ by the row (phone)
            hid = (
                households[(r["household"], r["village"], new_households[(r["household"], r["village"])])]
                if len([k for k in households if k[:2] == (r["household"], r["village"])]) > 1
                else household_id(r["household"], r["village"])
            )
            cands = [mid for (n, _o), mid in members.items() if n == r["member"]]
            org = HOUSEHOLD_MEMBER[(r["household"], r["village"])][1] if len(cands) > 1 else None
            mid = member_id(r["member"], org)
            pairs[(r["member"], r["household"], r["village"])] = mid
            con.execute("insert into member_households values (?, ?, ?, null)", [mid, hid, r["start_date"]])
        for r in t.get("activities", []):
            seq["activity"] += 1
            mid = member_id(r["member"], head=r["household"], village=r["village"]) if r["member"] else None
            hid = household_id(r["household"], r["village"]) if r["household"] else None
            if r["village"]:
                assert vill[r["village"]][1] == town[r["township"]], r
            con.execute(
                "insert into activities values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, false, ?)",
                [
                    seq["activity"], r["activity_date"], r["link"], r["kind"], leaders.get(r["leader"]),
                    orgs.get(r.get("org")), mid, town[r["township"]], vill[r["village"]][0] if r["village"] else None,
                    hid, r["participants"], r["has_photo"], r["household_confirmed"],
                ],
            )  # fmt: skip
            assert r["activity_date"] <= "2026-11-28", r
        for r in t.get("issues", []):
            seq["issue"] += 1
            assert vill[r["village"]][1] == town[r["township"]], r
            con.execute(
                "insert into issues values (?, ?, null, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, false)",
                [
                    seq["issue"], r["raised_date"], r["link"], town[r["township"]], vill[r["village"]][0],
                    r["category"], r["summary"], r["scale"], r["assigned_unit"], r["due_date"], r["closed_date"],
                    r["is_resolved"], r["satisfaction"],
                ],
            )  # fmt: skip
        for r in t.get("projects", []):
            projects[r["name"]] = f"P{len(projects) + 1:04d}"
            con.execute(
                "insert into projects values (?, ?, ?, ?, ?, ?, ?, ?)",
                [projects[r["name"]], vill[r["village"]][0], r["name"], r["area"], r["investment_yuan"],
                 r["start_date"], r["end_date"], r["status"]],
            )  # fmt: skip
        for r in t.get("project_orgs", []):
            con.execute("insert into project_orgs values (?, ?)", [projects[r["project"]], orgs[r["org"]]])
        for r in t.get("household_incomes", []):
            con.execute(
                "insert into household_incomes values (?, ?, ?)",
                [household_id(r["household"], r["village"]), r["year"], r["net_income_yuan"]],
            )
        print(f"ok {spec['order']:>2} {spec['file']}")
    counts = {
        t: con.execute(f"select count(*) from {t}").fetchone()[0]
        for t in ("orgs", "org_villages", "leaders", "leader_townships", "members", "households",
                  "member_households", "activities", "issues", "projects", "project_orgs", "household_incomes")
    }  # fmt: skip
    print(counts)
    gain = con.execute("""
        select h.head_name, max(case when year = 2025 then net_income_yuan end)
                          - max(case when year = 2024 then net_income_yuan end)
        from household_incomes join households h using (household_id) where h.head_name = '彭长优' group by 1
    """).fetchall()
    print("彭长优 2025 vs 2024:", gain)


if __name__ == "__main__":
    main()
