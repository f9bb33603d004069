"""Township and village names or codes as clerks write them → the reference codes in the database."""

import difflib
import re
import unicodedata

import duckdb
import pandas as pd

from sanlian.ingest.ledgers import TOWNSHIP_ALIASES

TOWNSHIP_SUFFIXES = ("瑶族乡", "民族乡", "镇", "乡")


def _variants_of_township(name: str) -> list[str]:
    short = next((name[:-len(s)] for s in TOWNSHIP_SUFFIXES if name.endswith(s)), name)
    return [name, short] if len(short) >= 2 else [name]


def _variants_of_village(name: str) -> list[str]:
    """安水村委会 → 安水村, 安水; 城东居委会 → 城东社区, 城东."""
    if name.endswith("村委会"):
        return [name, name[:-2], name[:-3]]
    if name.endswith("居委会"):
        return [name, name[:-3] + "社区", name[:-3]]
    return [name]


def _lookup(codes: list[str], names: list[str], variants) -> dict[str, str]:
    """Text → code from codes, names and the unambiguous name variants."""
    seen: dict[str, set[str]] = {}
    for code, name in zip(codes, names):
        for text in variants(name):
            seen.setdefault(text, set()).add(code)
    found = {text: next(iter(c)) for text, c in seen.items() if len(c) == 1}
    found.update({name: code for code, name in zip(codes, names)})
    found.update({code: code for code in codes})
    return found


class Places:
    """The reference geography, for turning names or codes into codes."""

    def __init__(self, townships: pd.DataFrame, villages: pd.DataFrame):
        self.township_names = list(townships["name"])
        self.village_names = list(villages["name"])
        self._towns = _lookup(list(townships["township_code"]), self.township_names,
                              _variants_of_township)
        for alias, name in TOWNSHIP_ALIASES.items():
            if name in self._towns:
                self._towns.setdefault(alias, self._towns[name])
        self._villages = _lookup(list(villages["village_code"]), self.village_names,
                                 _variants_of_village)
        self.township_of_village = dict(zip(villages["village_code"], villages["township_code"]))
        self.township_name = dict(zip(townships["township_code"], townships["name"]))
        self.village_name = dict(zip(villages["village_code"], villages["name"]))

    @classmethod
    def from_db(cls, con: duckdb.DuckDBPyConnection) -> "Places":
        """The townships and villages in the database."""
        cur = con.cursor()
        return cls(cur.execute("select township_code, name from townships").df(),
                   cur.execute("select village_code, township_code, name from villages").df())

    def township_codes(self, values: pd.Series) -> tuple[pd.Series, pd.Series]:
        """(codes, reasons): reasons is None where the value was found or blank."""
        return _resolve(values, self._towns, self.township_names, "乡镇")

    def village_codes(self, values: pd.Series) -> tuple[pd.Series, pd.Series]:
        """(codes, reasons) for village names or codes."""
        return _resolve(values, self._villages, self.village_names, "村（居）委会")


_GROUP = re.compile(r"(第?[0-9一二三四五六七八九十百]+|[^村]{1,4})(村民小组|小组|组|社)$")
_SPELLED_OUT = (("村民委员会", "村委会"), ("居民委员会", "居委会"))


def clean_place(value):
    """How clerks write a place → how the reference spells it: NFKC, no spaces, 村民委员会 → 村委会,
    周所村委 → 周所村委会, 河口村3组 → 河口村, 马市镇安水村 → 安水村."""
    if not isinstance(value, str):
        return value
    text = "".join(unicodedata.normalize("NFKC", value).split())
    for long, short in _SPELLED_OUT:
        text = text.replace(long, short)
    if text.endswith(("村委", "居委")):
        text += "会"
    if "村" in text[:-1] and _GROUP.search(text):
        text = _GROUP.sub("", text)
    for suffix in ("镇", "瑶族乡", "乡"):
        head, found, tail = text.partition(suffix)
        if found and tail and len(head) >= 2 and len(tail) >= 2:
            text = tail
            break
    return text


def _resolve(values: pd.Series, lookup: dict, names: list[str], what: str):
    distinct = values.dropna().unique()
    clean = clean_place if what != "乡镇" else (lambda v: "".join(unicodedata.normalize("NFKC", v).split())
                                                if isinstance(v, str) else v)
    cleaned = values.map(dict(zip(distinct, map(clean, distinct))))
    codes = cleaned.map(lookup)
    codes = codes.where(codes.notna(), cleaned.map(lambda v: _by_prefix(v, lookup)))
    unknown = cleaned.notna() & codes.isna()
    reasons = pd.Series(None, index=values.index, dtype=object)
    messages = {v: _unknown(v, names, what) for v in cleaned[unknown].unique()}
    reasons[unknown] = cleaned[unknown].map(messages)
    return codes, reasons


def _by_prefix(value, lookup: dict) -> str | None:
    """安水村3组15号, 兴仁村委会第二小组: the longest known name the text starts with (three or
    more characters, so a bare two-character name never swallows another)."""
    if not isinstance(value, str):
        return None
    for end in range(len(value) - 1, 2, -1):
        if (found := lookup.get(value[:end])) and value[end - 1] in "村会区场":
            return found
    return None


def _unknown(value: str, names: list[str], what: str) -> str:
    """“未知的乡镇”, with the closest real name when there is one."""
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.4)
    hint = f"，是否为“{close[0]}”？" if close else "，请填写名称或代码。"
    return f"未知的{what}{hint}"
