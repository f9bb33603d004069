"""The township scope of a session, in one place: which townships a user may see, and how a query's
parameters and its result rows are held within them. Pure: no Streamlit, no database. The data layer
(sanlian.data) applies it to every query; pages and exports never see rows outside it."""

from dataclasses import dataclass

import pandas as pd

NO_TOWNSHIP = "__no_township__"  # a township code that matches no row


@dataclass(frozen=True)
class Scope:
    """The townships a session may see: codes and names; None instead of a Scope = the county."""

    codes: tuple[str, ...]
    names: tuple[str, ...]


def restrict(requested, scope: tuple[str, ...] | None) -> list:
    """The township codes a query may use: the requested ones within the user's scope (None = the
    whole county); an empty request, or one wholly outside the scope, means the scope — never all.
    An empty scope becomes a code that matches nothing."""
    requested = list(requested or [])
    if scope is None:
        return requested
    scope = tuple(scope) or (NO_TOWNSHIP,)
    kept = [c for c in requested if c in scope]
    return kept or list(scope)


def params_within(scope: Scope | None, declared: list[str], params: dict) -> dict:
    """A query's parameters with $townships (when it takes one) intersected with the scope."""
    if scope is not None and "townships" in declared:
        params = {**params, "townships": restrict(params.get("townships"), scope.codes)}
    return params


def rows_within(scope: Scope | None, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a result that name no township outside the scope (a second line of defence)."""
    if scope is not None:
        if "township_code" in frame.columns:
            frame = frame[frame["township_code"].isin(scope.codes)].reset_index(drop=True)
        elif "township" in frame.columns:
            frame = frame[frame["township"].isin(scope.names)].reset_index(drop=True)
    return frame
