"""An import as a new data snapshot: check and write on a copy of the current data, switch to it,
then record the import and the layouts read in the state store. The page and the command line both
import through here, so an import works while the app runs and nobody sees half of one."""

from pathlib import Path

import duckdb

from sanlian import build, snapshot, state
from sanlian.ingest.pipeline import AUTO, run
from sanlian.ingest.report import Report
from sanlian.ingest.write import remember


def import_file(path: Path, file_name: str, content: bytes, table: str = AUTO, dry_run: bool = False,
                supplied: dict[str, str] | None = None, columns: dict[str, str] | None = None) -> Report:
    """Import a file into the data file at `path` (a dry run writes on a copy, then throws it away)."""
    store = state.open_store(path)
    done: list[Report] = []

    def change(con: duckdb.DuckDBPyConnection) -> bool:
        build.upgrade(con)  # a database of an earlier version, imported into from the command line
        done.append(run(con, file_name, content, table, dry_run, supplied, columns, store))
        return done[0].written

    if snapshot.rewrite(path, change):
        remember(store, file_name, done[0].counts, done[0].layouts)
    return done[0]
