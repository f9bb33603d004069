"""What the whole dataset is and how a filter becomes query parameters; no Streamlit here."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from sanlian import settings
from sanlian.filters import Filters
from sanlian.scope import NO_TOWNSHIP, restrict  # noqa: F401 (re-exported for callers)

Run = Callable[[str], pd.DataFrame]  # runs a named query with parameters already bound

SUMMARY_QUERIES = ("pairing_summary", "visit_summary", "issue_summary", "income_gain_summary",
                   "project_summary")


@dataclass(frozen=True)
class DatasetInfo:
    """What the whole dataset is: its kind, its date span, its townships."""

    kind: str
    as_of: date
    data_start: date
    built_at: object
    towns: tuple[str, ...]
    town_codes: dict

    @property
    def is_sample(self) -> bool:
        """True while the built-in sample data is loaded."""
        return self.kind == "sample"


def load_info(run: Run) -> DatasetInfo:
    """The dataset's kind, as-of date, first date and townships."""
    row = run("dataset_info").iloc[0]
    towns = run("township_list")
    as_of = _as_date(row["as_of_date"]) or date.today()
    return DatasetInfo(
        kind=row["dataset_kind"],
        as_of=as_of,
        data_start=_as_date(row["data_start"]) or as_of,
        built_at=row["built_at"],
        towns=tuple(towns["name"]),
        town_codes=dict(zip(towns["name"], towns["township_code"])),
    )


def query_params(filters: Filters, info: DatasetInfo, scope: tuple[str, ...] | None = None) -> dict:
    """The query parameters every page query may take, from the filters, within the user's scope."""
    return {
        "townships": restrict([info.town_codes[t] for t in filters.towns if t in info.town_codes],
                              scope),
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "link": filters.link,
        "as_of": info.as_of,
        "overdue_days": settings.VISIT_OVERDUE_DAYS,
        "silent_days": settings.SILENT_DAYS,
    }


def summary(run: Run, link: int = 0) -> pd.Series:
    """Every headline number for one filter, from the one-row summary queries, and the 三联类型
    filter they were asked for (`link_filter`: cards and slides mark the numbers it does not change)."""
    return pd.concat([*(run(name).iloc[0] for name in SUMMARY_QUERIES), pd.Series({"link_filter": link})])


def has_activity(summary: pd.Series) -> bool:
    """Whether a filter matches anything: pairings, visits or issues."""
    return bool(summary[["orgs_paired", "member_household_pairs", "visits", "issues_raised"]].any())


def _as_date(value) -> date | None:
    """A pandas/numpy date-like value as a date, or None for missing."""
    return None if pd.isna(value) else pd.Timestamp(value).date()
