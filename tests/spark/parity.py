"""Comparing the rows two engines give: counts, codes, names and dates exactly; floating-point
numbers (rates, medians, money as double) to a relative 1e-9, the only tolerance."""

import datetime
import math
from decimal import Decimal

FLOAT_TOLERANCE = 1e-9


def plain(value):
    """A value as both engines' drivers can agree on: a midnight timestamp as its date (DuckDB's
    date_trunc gives a timestamp where Spark's month column is a date), a decimal as a float."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    if isinstance(value, Decimal):
        return float(value)
    return value


def same(a, b) -> bool:
    """Whether two values are the same: exactly, or for floats within the tolerance."""
    a, b = plain(a), plain(b)
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        if isinstance(a, float) or isinstance(b, float):
            if math.isnan(a) or math.isnan(b):
                return math.isnan(a) and math.isnan(b)
            return math.isclose(a, b, rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE)
        return a == b
    return a == b


def differences(expected: list[tuple], got: list[tuple], limit: int = 5) -> list[str]:
    """The first rows where `got` differs from `expected` (row counts first)."""
    if len(expected) != len(got):
        return [f"{len(expected)} rows on DuckDB, {len(got)} on Spark: {expected[:3]} vs {got[:3]}"]
    found = []
    for number, (want, have) in enumerate(zip(expected, got, strict=True)):
        if len(want) != len(have) or not all(same(a, b) for a, b in zip(want, have, strict=True)):
            found.append(f"row {number}: DuckDB {want} / Spark {have}")
    return found[:limit]
