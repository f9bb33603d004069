"""People, units and records by the names clerks write, and new internal IDs where a ledger has none.

A roster ledger may create the people it names; an event ledger must name people that exist. One
name with two candidates is never settled by guessing: the caller reports both."""

import re
import unicodedata
from dataclasses import dataclass, field

import duckdb
import pandas as pd

PARTY_SUFFIXES = ("机关党委", "党总支部", "党总支", "党支部", "党委", "支部")


def person(value) -> str | None:
    """A name as compared: NFKC, no spaces."""
    if not isinstance(value, str):
        return None
    text = "".join(unicodedata.normalize("NFKC", value).split())
    return text or None


def agency_of(org_name: str) -> str:
    """县住管局党支部 → 县住管局: the unit a party organisation belongs to."""
    for suffix in PARTY_SUFFIXES:
        if org_name.endswith(suffix) and len(org_name) > len(suffix):
            return org_name[: -len(suffix)]
    return org_name


@dataclass
class Directory:
    """Every org, member, household, leader and project by name: the database plus this import."""

    orgs: pd.DataFrame
    members: pd.DataFrame
    households: pd.DataFrame
    leaders: pd.DataFrame
    projects: pd.DataFrame
    events: dict[str, pd.DataFrame] = field(default_factory=dict)
    pairs: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["member_id", "household_id"]))
    next_number: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> "Directory":
        """The named records in the database."""
        cur = con.cursor()
        return cls(
            cur.execute("select org_id as id, name, agency, org_type from orgs").df(),
            cur.execute("select m.member_id as id, m.name, m.org_id, o.name as org, o.agency "
                        "from members as m join orgs as o using (org_id)").df(),
            cur.execute("select household_id as id, head_name as name, village_code, phone, size "
                        "from households").df(),
            cur.execute("select leader_id as id, name, post, body from leaders").df(),
            cur.execute("select project_id as id, name, village_code from projects").df(),
            {"activities": cur.execute(
                "select activity_id, strftime(activity_date, '%Y-%m-%d'), link::varchar, kind, "
                "coalesce(leader_id, member_id, org_id), coalesce(household_id, village_code) "
                "from activities").df(),
             "issues": _issue_keys(cur.execute(
                 "select issue_id, strftime(raised_date, '%Y-%m-%d'), coalesce(village_code, township_code), "
                 "summary from issues").df())},
            cur.execute("select distinct member_id, household_id from member_households").df())

    def next_event(self, table: str) -> int:
        """The next unused integer id of activities or issues."""
        ids = self.events[table].iloc[:, 0]
        return max(self.next_number.get(table, 0), int(ids.max()) + 1 if len(ids) else 1)

    def take_events(self, table: str, count: int) -> None:
        """Mark `count` event ids as used by this import."""
        self.next_number[table] = self.next_event(table) + count

    def new_ids(self, prefix: str, table: pd.DataFrame, count: int) -> list[str]:
        """`count` fresh ids like O00012, after every id of that prefix already used."""
        used = table["id"].astype(str).str.extract(rf"^{prefix}(\d+)$")[0].dropna().astype(int)
        start = max(self.next_number.get(prefix, 0), (used.max() + 1) if len(used) else 1)
        self.next_number[prefix] = start + count
        return [f"{prefix}{n:05d}" for n in range(start, start + count)]

    def add(self, name: str, rows: pd.DataFrame) -> None:
        """Rows created by this import join the directory, for the sheets after it."""
        setattr(self, name, pd.concat([getattr(self, name), rows], ignore_index=True))

    def org_ids(self, names: pd.Series) -> pd.Series:
        """Org ids by exact name (None where unknown)."""
        lookup = dict(zip(self.orgs["name"].map(person), self.orgs["id"]))
        return names.map(person).map(lookup)

    def org_ids_by_unit(self, units: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Org ids by the unit's name (单位), or by the org's name; (ids, reasons)."""
        by_name = self.org_ids(units)
        agencies = self.orgs.assign(key=self.orgs["agency"].map(person))
        counts = agencies.groupby("key")["id"].agg(list)
        def one(unit):
            key = person(unit)
            ids = counts.get(key, []) if key else []
            if not ids and key:
                ids = [i for i, n in zip(self.orgs["id"], self.orgs["name"]) if key in str(n)]
            if not ids and key:  # 县水务局 科员 (单位及职务): the longest unit it starts with
                starts = [a for a in counts.index if isinstance(a, str) and len(a) >= 2 and key.startswith(a)]
                ids = counts[max(starts, key=len)] if starts else []
            return ids
        found = units.map(one)
        ids = by_name.where(by_name.notna(), found.map(lambda x: x[0] if len(x) == 1 else None))
        reasons = pd.Series(None, index=units.index, dtype=object)
        several = by_name.isna() & found.map(len).gt(1)
        reasons[several] = units[several].map(lambda u: f"单位“{u}”下有多个党组织，请写明党组织全称")
        return ids, reasons

    def member_ids(self, names: pd.Series, units: pd.Series | None) -> tuple[pd.Series, pd.Series]:
        """Member ids by 姓名 (+ 单位 or 党组织 where given); (ids, reasons): "missing" when nobody has
        the name, else the candidates' names when several have it."""
        index = _by_name(self.members, "org", "agency")

        def one(name, unit):
            rows = index.get(person(name), [])
            if len(rows) > 1 and (u := person(unit)):
                narrowed = [r for r in rows if u in (person(r[2]), person(r[3])) or u in str(r[2])]
                rows = narrowed or rows
            return _settled(rows, lambda r: f"{r[1]}（{r[2]}）")
        units = units if units is not None else pd.Series(None, index=names.index, dtype=object)
        return _by_unique(one, names, units)

    def household_ids(self, names: pd.Series, villages: pd.Series,
                      phones: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
        """Household ids by 户主姓名 + 村 (+ phone to tell two apart); (ids, reasons) as member_ids."""
        index = _by_name(self.households, "village_code", "phone")

        def one(name, village, phone):
            rows = index.get(person(name), [])
            if isinstance(village, str):
                rows = [r for r in rows if r[2] == village]
            if len(rows) > 1 and person(phone):
                rows = [r for r in rows if person(r[3]) == person(phone)] or rows
            return _settled(rows, lambda r: f"{r[1]}（电话 {r[3] or '未登记'}）")
        phones = phones if phones is not None else pd.Series(None, index=names.index, dtype=object)
        return _by_unique(one, names, villages, phones)

    def paired_member(self, name, household) -> str | None:
        """The one member of this name paired with the household, if exactly one is."""
        if not isinstance(household, str):
            return None
        mine = set(self.pairs.loc[self.pairs["household_id"] == household, "member_id"])
        same = [i for i, n in zip(self.members["id"], self.members["name"]) if i in mine and person(n) == person(name)]
        return same[0] if len(same) == 1 else None

    def leader_ids(self, names: pd.Series) -> pd.Series:
        """Leader ids by name (None where unknown)."""
        lookup = dict(zip(self.leaders["name"].map(person), self.leaders["id"]))
        return names.map(person).map(lookup)

    def project_ids(self, names: pd.Series, villages: pd.Series) -> pd.Series:
        """Project ids by name + village (None where unknown)."""
        lookup = {(person(n), v): i for i, n, v in
                  zip(self.projects["id"], self.projects["name"], self.projects["village_code"])}
        return pd.Series([lookup.get((person(n), v)) for n, v in zip(names, villages)],
                         index=names.index, dtype=object)


def _by_name(table: pd.DataFrame, *columns: str) -> dict[str, list[tuple]]:
    """Rows (id, name as compared, *columns) by the name as compared."""
    index: dict[str, list[tuple]] = {}
    for row in zip(table["id"], table["name"].map(person), *(table[c] for c in columns)):
        index.setdefault(row[1], []).append(row)
    return index


def _settled(rows: list[tuple], describe) -> tuple[str | None, str | None]:
    """(id, None) for one candidate; (None, "missing") for none; (None, the candidates) for several."""
    if not rows:
        return None, "missing"
    if len(rows) > 1:
        return None, "、".join(describe(r) for r in rows)
    return rows[0][0], None


def _issue_keys(frame: pd.DataFrame) -> pd.DataFrame:
    frame.iloc[:, 3] = frame.iloc[:, 3].map(person)
    return frame


def _by_unique(lookup, *columns: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Run `lookup` once per distinct combination of the columns (a ledger repeats names)."""
    keys = pd.Series(list(zip(*columns)), index=columns[0].index, dtype=object)
    answers = {key: lookup(*key) for key in keys.unique()}
    found = keys.map(answers)
    return found.map(lambda a: a[0]), found.map(lambda a: a[1])


SEPARATORS = re.compile(r"[、，,；;/\n]+|\s{2,}")


def split_names(value) -> list[str]:
    """"县水务局党支部、县农业农村局党支部" → both names."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in SEPARATORS.split(value) if part.strip()]
