"""Import the county's ledgers (台账): read, find the table, map columns, validate, write all or nothing.

Modules, in the order a file passes through them: read (grids of cells from any workbook or CSV),
layout (the table within a sheet: header rows, footers), vocabulary (+ vocabulary.toml: the clerks'
header and value words), kinds (the ledgers clerks keep and how each is recognised), translate and
builders (a clerk's ledger → our tables, names resolved through directory), report (what an
import found and did), ledgers (our own
template of each table), places (township and village names), parse (typed values), validate
(whole-sheet rules), write (one transaction), pipeline (the steps together), publish (an import as
a new data snapshot, recorded in the state store), workbooks (templates and exports), cli
(`python -m sanlian.ingest`).
"""

from sanlian.ingest.cli import main, parse_args
from sanlian.ingest.pipeline import ALL, AUTO, check, run
from sanlian.ingest.publish import import_file
from sanlian.ingest.report import Report, merged_counts

__all__ = ["ALL", "AUTO", "Report", "check", "import_file", "main", "merged_counts", "parse_args", "run"]
