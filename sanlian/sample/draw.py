"""Vectorized drawing helpers shared by the sample generator; dates are int days since 1970."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sanlian import settings
from sanlian.sample.vocab import GIVEN_CHARS, SURNAMES


def day(text: str) -> int:
    """ISO date text -> days since 1970-01-01."""
    return int(np.datetime64(text, "D").astype(np.int64))


START = day(settings.SAMPLE_START)
AS_OF = day(settings.SAMPLE_AS_OF)
FIRST_YEAR = int(settings.SAMPLE_START[:4])


def program_year(days: np.ndarray) -> np.ndarray:
    """0 for the program's start-up year (2022), 1 for the next, …, capped at 4: the index into the
    per-year tables with which the sample makes later years better than the first."""
    years = np.asarray(days).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return np.clip(years - FIRST_YEAR, 0, 4)


@dataclass
class Context:
    """Everything the table builders share: the random stream, geography and township profiles."""

    rng: np.random.Generator
    scale: int
    townships: pd.DataFrame  # reference columns plus profile columns, sorted by code
    villages: pd.DataFrame  # reference columns plus `t` = township position, sorted by code
    industry_weights: np.ndarray  # township × industry

    def industry_choice(self, town_pos: np.ndarray) -> np.ndarray:
        """Industry index per row, drawn with its township's industry mix."""
        return choice_by_row(self.rng, self.industry_weights[town_pos])

    def town_pos(self, village_pos: np.ndarray) -> np.ndarray:
        """Township position of each village position."""
        return self.villages["t"].to_numpy()[village_pos]


def dates(days) -> pd.Series:
    """Int (or NaN) days -> datetime64 Series that DuckDB inserts into a date column."""
    return pd.Series(pd.to_datetime(np.asarray(days, dtype="float64"), unit="D"))


def ids(prefix: str, n: int, width: int) -> np.ndarray:
    """Sequential ids like H000001, widened when n needs more digits."""
    width = max(width, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """Plausible two- or three-character Chinese names."""
    sur = rng.choice(np.array(SURNAMES), n)
    first = rng.choice(np.array(GIVEN_CHARS), n)
    second = np.where(rng.random(n) < 0.3, "", rng.choice(np.array(GIVEN_CHARS), n))
    return np.char.add(np.char.add(sur, first), second).astype(object)


def phones(rng: np.random.Generator, n: int, missing: float = 0.0) -> np.ndarray:
    """Fake 11-digit mobile numbers starting 13/15/18; a share left missing."""
    head = rng.choice(np.array(["13", "15", "18"]), n)
    tail = pd.Series(rng.integers(0, 10**9, n)).astype(str).str.zfill(9).to_numpy(dtype="U9")
    out = np.char.add(head, tail).astype(object)
    out[rng.random(n) < missing] = None
    return out


def month_of(days: np.ndarray) -> np.ndarray:
    """Days -> months since 1970-01."""
    return np.asarray(days).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def month_start(months: np.ndarray) -> np.ndarray:
    """Months since 1970-01 -> the day its first day falls on."""
    return np.asarray(months).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def expand_months(start: np.ndarray, end: np.ndarray) -> dict[str, np.ndarray]:
    """One row per interval per calendar month it touches: interval index, month, first/last day."""
    m0, m1 = month_of(start), month_of(end)
    n = np.maximum(m1 - m0 + 1, 0)
    idx = np.repeat(np.arange(len(start)), n)
    offset = np.arange(len(idx)) - np.repeat(np.cumsum(n) - n, n)
    month = m0[idx] + offset
    lo = np.maximum(month_start(month), start[idx])
    hi = np.minimum(month_start(month + 1) - 1, end[idx])
    return {"idx": idx, "month": month, "lo": lo, "hi": hi}


def day_between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A uniform random day in each [lo, hi]."""
    return lo + (rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)


def choice_by_row(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Draw one column index per row, each row with its own weights."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((u[:, None] > cum).sum(axis=1), weights.shape[1] - 1)


def pick_from_groups(rng, group: np.ndarray, first: np.ndarray, size: np.ndarray) -> np.ndarray:
    """For each row, a random position within its group's contiguous block [first, first+size)."""
    return first[group] + (rng.random(len(group)) * size[group]).astype(np.int64)
