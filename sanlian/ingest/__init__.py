"""Import the county's ledgers (台账): read, find the table, map columns, validate, write all or nothing.

Modules, in the order a file passes through them: read (cells from .xlsx/.csv), ledgers (what each
ledger holds), places (township and village names), parse (typed values), validate (whole-sheet
rules), write (one transaction), pipeline (the steps together), workbooks (templates and exports),
cli (`python -m sanlian.ingest`).
"""

from sanlian.ingest.cli import main, parse_args
from sanlian.ingest.pipeline import ALL, Report, check, run

__all__ = ["ALL", "Report", "check", "main", "parse_args", "run"]
