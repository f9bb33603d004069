"""A clerk's ledger → the rows of our tables: columns mapped, values in the clerk's words converted,
names resolved to ids (new ids for the people a roster creates), facts the ledger lacks inferred or
supplied. What comes out is validated and written exactly like a filled-in template."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sanlian.ingest import vocabulary
from sanlian.ingest.directory import Directory, agency_of, person
from sanlian.ingest.kinds import FIELD_LABELS, SUPPLIED, TICKED, WHOLE_COLUMN, Kind, column_fields
from sanlian.ingest.ledgers import LEDGERS
from sanlian.ingest.parse import Problems, date_texts, map_unique, number_texts
from sanlian.ingest.places import Places
from sanlian.ingest.read import Sheet
from sanlian.labels import LINK_NAMES

ROSTER_HINT = {"orgs": "机关党组织结对村一览表", "members": "党员名册", "households": "党员联系户花名册",
               "leaders": "县领导联系驻点乡镇安排表"}
_HOW_DATES = {"month": "只写到月份，按当月 1 日计", "year": "只写了年份，按当年 1 月 1 日计",
              "no_year": "没有写年份，按表头标题中的年份计"}


@dataclass
class Part:
    """Rows for one table, under database column names, as text; index = the ledger's row number."""

    table: str
    frame: pd.DataFrame


@dataclass
class Translation:
    """What a clerk's sheet became: table parts, problems, and notes on everything inferred."""

    kind: Kind
    parts: list[Part] = field(default_factory=list)
    problems: list[pd.DataFrame] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    header_of: dict[str, str] = field(default_factory=dict)  # database column → the clerk's header
    ignored: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # facts to supply for the whole file (--set)


class Builder:
    """Reads one sheet of a known kind; each `build_<table>` method fills the translation."""

    def __init__(self, sheet: Sheet, kind: Kind, supplied: dict[str, str], places: Places,
                 directory: Directory, chosen_by_clerk: dict[str, str] | None = None):
        self.sheet, self.kind, self.places, self.directory = sheet, kind, places, directory
        self.supplied = {SUPPLIED.get(k, k): v for k, v in supplied.items()}
        self.problems = Problems(sheet.name)
        self.out = Translation(kind)
        self.index = sheet.rows.index
        self.columns = column_fields(kind, sheet.headers, chosen_by_clerk)
        self.cells = {f: sheet.rows[p] for p, f in self.columns.items()
                      if f not in ("year_column", "month_column") and not f.startswith(TICKED)}
        self.headers = {f: sheet.headers[p] for p, f in self.columns.items()
                        if not f.startswith(TICKED) and f != "month_column"}
        self._ticked_columns()
        self.out.ignored = [h for p, h in enumerate(sheet.headers) if h and p not in self.columns]
        for name in WHOLE_COLUMN:
            if name in self.supplied and name not in self.cells and name in kind.fields:
                self.cells[name] = pd.Series(self.supplied[name], index=self.index, dtype=object)
                self.out.notes.append(f"「{FIELD_LABELS[name]}」台账中没有这一列，按指定值“{self.supplied[name]}”填写。")
        self.township_hint = self._township_hint()

    def _ticked_columns(self) -> None:
        """Choice columns (满意 | 基本满意 | 不满意 under 回访满意度): the value is the ticked one."""
        groups: dict[str, list[int]] = {}
        for position, f in self.columns.items():
            if f.startswith(TICKED):
                groups.setdefault(f.removeprefix(TICKED), []).append(position)
        for name, positions in groups.items():
            value = pd.Series(None, index=self.index, dtype=object)
            for position in reversed(positions):  # the first ticked column wins
                word = self.sheet.headers[position].split(vocabulary.TICK, 1)[1]
                ticked = self.sheet.rows[position].map(lambda v: vocabulary.canonical("bool", v) == "是")
                value = value.mask(ticked.fillna(False).astype(bool), word)
            self.cells[name] = value
            self.headers[name] = self.sheet.headers[positions[0]].split(vocabulary.TICK, 1)[0]
            self.out.notes.append(f"「{self.headers[name]}」按打勾的那一列读取。")

    # Reading fields -------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        """Whether the ledger has a column for the field."""
        return name in self.cells

    def text(self, name: str) -> pd.Series:
        """The field's cells (all None when the ledger has no such column)."""
        return self.cells.get(name, pd.Series(None, index=self.index, dtype=object))

    def month_columns(self) -> list[tuple[int, int | None, int]]:
        """(position, year, month) of each month column of a monthly register; the year from the
        header, else the title."""
        found = [(p, vocabulary.month_column(self.sheet.headers[p])) for p, f in self.columns.items()
                 if f == "month_column"]
        return [(p, year or self.sheet.context.get("year"), month) for p, (year, month) in found]

    def has_month_columns(self) -> bool:
        """Whether the register has a column per month instead of a date column."""
        return bool(self.month_columns()) and not self.has("activity_date")

    def label(self, name: str) -> str:
        """The clerk's header for a field, or our Chinese name for it."""
        return self.headers.get(name) or FIELD_LABELS.get(name, name)

    def problem(self, mask: pd.Series, name: str, reason, values: pd.Series | None = None) -> None:
        """Note a problem on every row where `mask` holds."""
        self.problems.add(mask.fillna(False).astype(bool), self.label(name),
                          self.text(name) if values is None else values, reason)

    def fact(self, name: str, inferred: str | None = None, why: str = "") -> pd.Series:
        """A field from its column, else the value supplied for the file, else a certain inference;
        missing altogether is a problem that says how to supply it."""
        if self.has(name):
            return self.text(name)
        label = FIELD_LABELS[name]
        if name in self.supplied:
            self.out.notes.append(f"「{label}」台账中没有这一列，按指定值“{self.supplied[name]}”填写。")
            return pd.Series(self.supplied[name], index=self.index, dtype=object)
        if inferred is not None:
            shown = LINK_NAMES.get(int(inferred), inferred) if name == "link" else inferred
            self.out.notes.append(f"「{label}」{why}，推定为“{shown}”。")
            return pd.Series(inferred, index=self.index, dtype=object)
        self.missing_fact(label, f"台账中没有「{label}」列")
        return pd.Series(None, index=self.index, dtype=object)

    def missing_fact(self, label: str, why: str) -> None:
        """A fact the clerk must give for the whole file: a problem that says how."""
        if label not in self.out.missing:
            self.out.missing.append(label)
            self.problems.add_file(label, f"{why}：请在页面上为整个文件选择，或在命令行加 --set {label}=值")

    def dates(self, name: str, values: pd.Series | None = None) -> pd.Series:
        """ISO dates from every form clerks write; month-only, year-only and year-less ones noted."""
        raw = self.text(name) if values is None else values
        iso, how = date_texts(raw, self.sheet.context.get("year"))
        for key, text in _HOW_DATES.items():
            if (count := int((how == key).sum())) > 0:
                year = f"（{self.sheet.context.get('year')} 年）" if key == "no_year" else ""
                self.out.notes.append(f"「{self.label(name)}」有 {count} 个日期{text}{year}。")
        return iso

    def numbers(self, name: str) -> pd.Series:
        """约60人 → 60."""
        return number_texts(self.text(name))

    def money(self, name: str) -> pd.Series:
        """An amount in 元, whatever unit the header, a line above it or the clerk gave."""
        unit = (vocabulary.header_parts(self.headers.get(name, ""))[1] or self.sheet.context.get("unit")
                or self.supplied.get("unit"))
        raw = self.text(name)
        in_wan = raw.map(lambda v: isinstance(v, str) and v.strip().endswith(("万", "万元")))  # 30万 in a 元 column
        values = pd.to_numeric(number_texts(raw.map(lambda v: v.strip().removesuffix("元").removesuffix("万")
                                                    if isinstance(v, str) else v)), errors="coerce")
        if in_wan.any() and unit == "元":
            values = values.where(~in_wan, values * 10000)
            self.out.notes.append(f"「{self.label(name)}」中写明“万”的金额已按万元换算为元。")
        if unit not in ("元", "万元"):
            self.missing_fact("金额单位", f"看不出「{self.label(name)}」的单位（元还是万元），金额从不按猜测换算；"
                              "也可在表头写明，如“投入资金（万元）”")
            return self.text(name)  # not written: the problem above stops the import
        if unit == "万元":
            self.out.notes.append(f"「{self.label(name)}」单位为万元，已换算为元（×10000）。")
        bad = self.text(name).notna() & values.isna()
        scaled = (values * (10000 if unit == "万元" else 1)).round(2)
        return _texts(scaled).where(~bad, self.text(name))

    def choice(self, name: str, values: pd.Series) -> pd.Series:
        """The canonical word for the clerk's (入户走访 → 走访), else the choice its keyword names
        (道路硬化 → 基础设施, reported); a word with neither stays, for the error to name."""
        exact = map_unique(values, lambda v: vocabulary.canonical(name, v))
        keyed = map_unique(values.where(exact.isna()), lambda v: vocabulary.by_keyword(name, v))
        pairs = sorted({(v, k) for v, k in zip(values, keyed) if isinstance(k, str)})
        if pairs:
            shown = "、".join(f"“{v}”→“{k}”" for v, k in pairs[:12]) + ("等" if len(pairs) > 12 else "")
            self.out.notes.append(f"「{self.label(name)}」按关键词归类：{shown}。")
        return exact.where(exact.notna(), keyed).where(lambda x: x.notna(), values)

    # Places ---------------------------------------------------------------------------------
    def _township_hint(self) -> str | None:
        """A township the sheet name or the title names (a sheet per township)."""
        for text in (self.sheet.name, self.sheet.context.get("title", "")):
            codes, _ = self.places.township_codes(pd.Series([text]))
            if codes.notna().all():
                return codes.iloc[0]
            for code, name in self.places.township_name.items():
                short = name.removesuffix("瑶族乡").removesuffix("镇").removesuffix("乡")
                if name in text or (len(short) >= 2 and short in text):
                    return code
        return None

    def village_codes(self) -> pd.Series:
        """Village codes from the 村 column; unknown names are problems."""
        codes, reasons = self.places.village_codes(self.text("village"))
        self.problem(reasons.notna(), "village", reasons)
        return codes

    def township_codes(self, villages: pd.Series | None = None) -> pd.Series:
        """Township codes from the column, else the village, else the sheet's name or title."""
        codes, reasons = self.places.township_codes(self.text("township"))
        self.problem(reasons.notna(), "township", reasons)
        if villages is not None:
            codes = codes.where(codes.notna(), villages.map(self.places.township_of_village))
        return codes.fillna(self.township_hint) if self.township_hint else codes

    # People and units -----------------------------------------------------------------------
    def existing(self, found: tuple[pd.Series, pd.Series], name: str, roster: str, what: str,
                 values: pd.Series | None = None) -> pd.Series:
        """Ids of people an event ledger names; unknown and ambiguous names are problems."""
        ids, reasons = found
        values = self.text(name) if values is None else values
        named = values.notna()
        missing = named & reasons.eq("missing")
        self.problem(missing, name, f"{what}不存在：请先导入“{ROSTER_HINT[roster]}”，或核对姓名", values)
        several = named & reasons.notna() & ~reasons.eq("missing")
        text = reasons.map(lambda r: f"同名的有多个：{r}；请在台账中写明单位或联系电话，不会自动猜测")
        self.problem(several, name, text, values)
        return ids

    def org_ids(self, names: pd.Series, name: str) -> pd.Series:
        """Existing org ids by name; unknown orgs are problems."""
        ids = self.directory.org_ids(names)
        missing = names.notna() & ids.isna()
        self.problem(missing, name, "党组织不存在：请先导入“机关党组织结对村一览表”，或核对名称", names)
        return ids

    def emit(self, table: str, columns: dict[str, pd.Series], rows: pd.Series | None = None) -> None:
        """Add a part: the columns (as text), on the rows where `rows` holds."""
        frame = pd.DataFrame({k: _texts(v) for k, v in columns.items()}, index=self.index)
        required = {c.name for c in LEDGERS[table].columns if c.required}
        frame = frame[[c for c in frame.columns if c in required or frame[c].notna().any()]]
        if rows is not None:
            frame = frame[rows.fillna(False).astype(bool)]
        self.out.parts.append(Part(table, frame))
        for column, source in _SOURCES.items():
            if column in frame and source in self.headers:
                self.out.header_of.setdefault(column, self.headers[source])

    def add_part(self, table: str, frame: pd.DataFrame) -> None:
        """Add rows made elsewhere (new orgs), indexed by the row that first named each."""
        self.out.parts.append(Part(table, frame.apply(_texts) if len(frame) else frame.astype(object)))

    def finish(self) -> Translation:
        """The translation, problems gathered."""
        self.out.problems.append(self.problems.frame())
        return self.out


# The field each database column is read from, to name the clerk's column in error messages.
_SOURCES = {"org_id": "org", "member_id": "member", "household_id": "head_name", "leader_id": "leader",
            "project_id": "project", "name": "name", "village_code": "village", "township_code": "township", "head_name": "head_name",
            "phone": "phone", "size": "size", "main_industry": "main_industry", "role": "role",
            "start_date": "start_date", "end_date": "end_date", "post": "post", "body": "body",
            "activity_date": "activity_date", "kind": "kind", "participants": "participants",
            "note": "note", "has_photo": "has_photo", "has_location": "has_location",
            "household_confirmed": "household_confirmed", "raised_date": "raised_date",
            "summary": "summary", "category": "category", "scale": "scale",
            "assigned_unit": "assigned_unit", "due_date": "due_date", "closed_date": "closed_date",
            "is_resolved": "is_resolved", "satisfaction": "satisfaction", "area": "area",
            "investment_yuan": "investment", "status": "status", "year": "year",
            "net_income_yuan": "net_income", "org_type": "org_type", "link": "link"}


def _texts(values: pd.Series) -> pd.Series:
    """Cells as text for the validator (12.0 → 12), None for blanks."""
    def one(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return None
        if isinstance(v, float | np.floating) and float(v).is_integer():
            return str(int(v))
        return str(v)
    return map_unique(values.astype(object), one).astype(object)


def new_or_existing(ids: pd.Series, keys: pd.DataFrame, make) -> pd.Series:
    """Fill missing ids with new ones, one per distinct key (rows naming the same thing share it)."""
    missing = ids.isna()
    if not missing.any():
        return ids
    distinct = keys[missing].drop_duplicates()
    fresh = dict(zip(map(tuple, distinct.to_numpy()), make(len(distinct))))
    made = pd.Series([fresh[tuple(k)] for k in keys[missing].to_numpy()], index=ids[missing].index)
    return ids.where(~missing, made)


def unit_orgs(builder: Builder, units: pd.Series, name: str) -> pd.Series:
    """Org ids by 党组织 name or by 单位; unknown and ambiguous units are problems."""
    ids, reasons = builder.directory.org_ids_by_unit(units)
    builder.problem(reasons.notna(), name, reasons, units)
    builder.problem(units.notna() & ids.isna() & reasons.isna(), name,
                    "党组织不存在：请先导入“机关党组织结对村一览表”，或写明党组织全称", units)
    return ids


def org_rows_for(names: pd.Series, builder: Builder) -> pd.DataFrame:
    """New orgs named by a 结对一览表 (one row each): id, name, agency and type."""
    known = builder.directory.org_ids(names)
    new = names[names.notna() & known.isna()].map(person).drop_duplicates()
    types = builder.supplied.get("org_type")
    frame = pd.DataFrame({"name": new.to_numpy()})
    frame["org_type"] = frame["name"].map(lambda n: vocabulary.canonical("org_type", _type_word(n)) or types)
    frame["agency"] = frame["name"].map(agency_of)
    frame["id"] = builder.directory.new_ids("O", builder.directory.orgs, len(frame))
    return frame


def _type_word(name: str) -> str | None:
    for word in ("机关党委", "党总支部", "党总支", "党工委", "党委", "党支部", "支部"):
        if name.endswith(word):
            return word
    return None

