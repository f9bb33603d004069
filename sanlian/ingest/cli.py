"""The command line of the ledger import.

    python -m sanlian.ingest FILE --table NAME [--db PATH] [--dry-run]

NAME is a table (activities), a ledger title (活动记录) or `all` for a workbook with one sheet per
ledger (as the 导出 tab writes it). Exit code 0 when the file is valid (and, without --dry-run,
written), 1 when it has problems or cannot be read, 2 for a bad command line.
"""

import argparse
import sys
from pathlib import Path

import duckdb

from sanlian import settings
from sanlian.ingest.ledgers import LEDGERS
from sanlian.ingest.pipeline import run


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of `python -m sanlian.ingest`."""
    parser = argparse.ArgumentParser(prog="python -m sanlian.ingest",
                                     description="导入台账（.xlsx 或 .csv）到三联看板数据库")
    parser.add_argument("file", type=Path, help="台账文件")
    parser.add_argument("--table", required=True,
                        help=f"台账：{'、'.join(LEDGERS)}（或中文名称），整本工作簿用 all")
    parser.add_argument("--db", type=Path, default=None, help="数据库文件（默认 $SANLIAN_DB）")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = parse_args(argv)
    db_path = args.db or settings.db_path()
    if not args.file.is_file() or not db_path.is_file():
        missing = args.file if not args.file.is_file() else db_path
        print(f"错误：找不到文件 {missing}", file=sys.stderr)
        return 1
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.Error as exc:
        print(f"错误：无法打开数据库 {db_path}（可能正被看板程序占用）：{exc}", file=sys.stderr)
        return 1
    with con:
        report = run(con, args.file.name, args.file.read_bytes(), args.table, args.dry_run)
    print(report.text(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1

