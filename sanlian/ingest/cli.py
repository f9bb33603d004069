"""The command line of the ledger import.

    python -m sanlian.ingest FILE [--table NAME|auto] [--set 字段=值 …] [--db PATH] [--dry-run]

NAME is a ledger kind (households, activities, …), a template ledger title (活动记录), `auto`
(the default: recognised from the headers, and the report says which was chosen) or `all` for a
workbook with one template sheet per ledger. `--set` gives a fact the ledger does not record for the
whole file (--set 开始日期=2023-01-01). Exit code 0 when the file would import or did import, 1 when
it has problems or cannot be read (or on an unexpected error: a Chinese message and a reference
number, sanlian.failures), 2 for a bad command line. Works while the app runs: the import
becomes a new data snapshot (sanlian.snapshot) and is written to the audit log.
"""

import argparse
import sys
from pathlib import Path

import duckdb

from sanlian import audit, failures, settings, snapshot, state
from sanlian.console import say
from sanlian.ingest.kinds import KINDS, SUPPLIED
from sanlian.ingest.pipeline import AUTO
from sanlian.ingest.publish import import_file
from sanlian.ingest.report import merged_counts


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"应写作 字段=值，如 开始日期=2023-01-01（收到“{text}”）")
    return name.strip(), value.strip()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of `python -m sanlian.ingest`."""
    parser = argparse.ArgumentParser(prog="python -m sanlian.ingest",
                                     description="导入台账（Excel、WPS、ODS 或 CSV）到三联看板数据库")
    parser.add_argument("file", type=Path, help="台账文件")
    kinds = "、".join(f"{k.table}（{k.title}）" for k in KINDS)
    parser.add_argument("--table", default=AUTO,
                        help=f"台账类型：{kinds}；默认 auto 按表头自动识别；整本模板工作簿用 all")
    parser.add_argument("--set", dest="supplied", action="append", type=_pair, default=[],
                        metavar="字段=值", help=f"台账中没有记录的事实，对整个文件生效：{'、'.join(SUPPLIED)}")
    parser.add_argument("--db", type=Path, default=None, help="数据库文件（默认 $SANLIAN_DB）")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    return parser.parse_args(argv)


@failures.guarded
def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code (1 also for an unexpected error, see failures)."""
    args = parse_args(argv)
    db_path = args.db or settings.db_path()
    if not args.file.is_file() or not db_path.is_file():
        missing = args.file if not args.file.is_file() else db_path
        print(f"错误：找不到文件 {missing}", file=sys.stderr)
        return 1
    problem = snapshot.problem(db_path)
    if problem:
        say(f"错误：{problem}", error=True)
        return 1
    try:
        report = import_file(db_path, args.file.name, args.file.read_bytes(), args.table, args.dry_run,
                             dict(args.supplied))
    except snapshot.UNREADABLE as exc:
        say(f"错误：{snapshot.open_problem(db_path, exc)}", error=True)
        return 1
    except duckdb.Error as exc:
        print(f"错误：数据库拒绝写入（{exc.__class__.__name__}），未写入任何数据。", file=sys.stderr)
        return 1
    if report.table and args.table == AUTO:
        say(f"自动识别为：{report.table}", error=not report.ok)
    say(report.text(), error=not report.ok)
    if report.written:
        counts = "；".join(f"{c.title}：{c.describe()}" for c in merged_counts(report.counts))
        audit.record(state.open_store(db_path), "命令行", audit.Event.IMPORT, "sanlian.ingest",
                     f"{args.file.name}：{counts}")
    return 0 if report.ok else 1
