"""Read-only data snapshots: the data file (SANLIAN_DB) is a link to the current snapshot.

A writer (an import, a rebuild, an upgrade, a restore) takes the writers' lock, copies the current
snapshot into `<data file>.snapshots/`, changes the copy, checks it, then atomically points the link
at it (os.replace). Readers open the snapshot the link points to, read-only; a process notices a new
one by its path (one readlink a run) and switches between runs, so nobody ever sees half a change.
The last SANLIAN_KEEP_SNAPSHOTS earlier snapshots are kept, to restore. No Streamlit here.
"""

import fcntl
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from sanlian import settings

SUFFIX = ".duckdb"


@dataclass(frozen=True)
class Snapshot:
    """One version of the data: its file, when it was made and whether it is the current one."""

    name: str
    path: Path
    made_at: datetime
    is_current: bool


def folder(path: Path) -> Path:
    """Where the snapshots of the data file `path` live."""
    return Path(path).with_name(Path(path).name + ".snapshots")


def current(path: Path) -> Path:
    """The file the data file is now (the snapshot it points to, or itself when a plain file)."""
    return Path(os.path.realpath(path))


def history(path: Path) -> list[Snapshot]:
    """Every kept snapshot, newest first."""
    now, kept = current(path), []
    for found in sorted(folder(path).glob(f"*{SUFFIX}"), reverse=True) if folder(path).is_dir() else []:
        try:
            kept.append(Snapshot(found.name, found, datetime.fromtimestamp(found.stat().st_mtime), found == now))
        except FileNotFoundError:  # pruned by another process meanwhile
            continue
    return kept


@contextmanager
def writers_lock(path: Path):
    """One writer at a time per data file, across processes (released if the process dies)."""
    lock = Path(path).with_name(f".{Path(path).name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _scratch(path: Path) -> Path:
    """A fresh work file in the snapshots folder; files left there by a killed writer go first."""
    snaps = folder(path)
    snaps.mkdir(mode=0o700, exist_ok=True)
    for stale in snaps.glob(".writing-*"):  # under the writers' lock, so nobody is using them
        stale.unlink(missing_ok=True)
    return snaps / f".writing-{os.getpid()}{SUFFIX}"


def rewrite(path: Path, change: Callable[[duckdb.DuckDBPyConnection], bool]) -> bool:
    """Copy the current snapshot, let `change` alter the copy, and publish it if `change` returns
    True (else throw it away); whether it was published."""
    path = Path(path)
    with writers_lock(path):
        work = _scratch(path)
        try:
            _settle(current(path))
            shutil.copyfile(current(path), work)
            os.chmod(work, 0o600)
            with duckdb.connect(str(work)) as con:
                if not change(con):
                    return False
                con.execute("checkpoint")
            _publish(path, work)
            return True
        finally:
            _discard(work)


def install(path: Path, make: Callable[[Path], None]) -> None:
    """Publish a snapshot made from nothing by `make(file)` (a build)."""
    path = Path(path)
    with writers_lock(path):
        work = _scratch(path)
        try:
            make(work)  # the folder is private (0700) while DuckDB creates the file
            os.chmod(work, 0o600)
            _publish(path, work)
        finally:
            _discard(work)


def restore(path: Path, name: str) -> None:
    """Make a kept snapshot the current one again (as a new snapshot: history only grows)."""
    path = Path(path)
    source = folder(path) / Path(name).name
    if not source.is_file():
        raise FileNotFoundError(name)
    with writers_lock(path):
        work = _scratch(path)
        try:
            shutil.copyfile(source, work)
            os.chmod(work, 0o600)
            _publish(path, work)
        finally:
            _discard(work)


def _settle(file: Path) -> None:
    """Fold a write-ahead log an earlier version left beside a plain data file into the file (a
    snapshot is copied and kept without its log)."""
    if Path(f"{file}.wal").exists():
        with duckdb.connect(str(file)) as con:
            con.execute("checkpoint")


def _discard(work: Path) -> None:
    work.unlink(missing_ok=True)
    Path(f"{work}.wal").unlink(missing_ok=True)


def _new_name(snaps: Path, when: datetime) -> Path:
    name = snaps / f"{when:%Y%m%d-%H%M%S-%f}{SUFFIX}"
    while name.exists():  # two writes in one microsecond
        name = name.with_name(name.stem + "-1" + SUFFIX)
    return name


def _publish(path: Path, work: Path) -> None:
    """Move the finished work file into the history and point the data file at it, atomically."""
    snaps = folder(path)
    if path.exists() and not path.is_symlink():  # a plain data file of an earlier version: keep it
        _settle(path)
        os.link(path, _new_name(snaps, datetime.fromtimestamp(path.stat().st_mtime)))
        os.chmod(path, 0o600)
    target = _new_name(snaps, datetime.now())
    os.replace(work, target)
    link = path.with_name(f".{path.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(f"{snaps.name}/{target.name}", link)
    os.replace(link, path)
    Path(f"{path}.wal").unlink(missing_ok=True)  # a log of the plain file must never replay on another
    _sync(path.parent)
    prune(path)


def _sync(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prune(path: Path) -> None:
    """Delete the snapshots beyond the current one and the SANLIAN_KEEP_SNAPSHOTS before it."""
    for old in [s for s in history(path) if not s.is_current][settings.keep_snapshots():]:
        old.path.unlink(missing_ok=True)


# --- what is wrong with a data file, in words for a user ------------------------------------------

KEEP_IT = "文件已原样保留，请勿删除。"
LOCKED = ("数据文件正被另一个程序以写入方式占用（例如旧版本的看板，或正在写入的命令行工具），暂时无法读取。"
          "文件本身完好，请勿删除；等该程序结束后刷新页面即可。")
NOT_DUCKDB = ("数据文件（环境变量 SANLIAN_DB 所指的文件）不是 DuckDB 数据库。请检查 SANLIAN_DB 是否指向了正确的文件。"
              + KEEP_IT + "如需新建数据库，请用 `python -m sanlian.build --out 新文件名` 生成到另一个文件。")
OTHER_DUCKDB = ("数据文件是 DuckDB 数据库，但由本程序不能读取的 DuckDB 版本写入，或文件不完整。" + KEEP_IT
                + "请用写入它的程序版本导出数据，或联系维护人员。")
NOT_SANLIAN = ("数据文件是 DuckDB 数据库，但不是三联看板的数据库（没有 meta 表）。请检查 SANLIAN_DB 是否指向了正确的文件。"
               + KEEP_IT)
TOO_OLD = ("数据库的结构版本为 {found}，本程序需要版本 {need}，不能自动升级。" + KEEP_IT
           + "请先用旧版本导出数据，再用 `python -m sanlian.build --empty --out 新文件名` 新建数据库并导入。")
TOO_NEW = "数据库的结构版本为 {found}，比本程序所需的版本 {need} 新：请升级三联看板程序。" + KEEP_IT
DUCKDB_MAGIC = b"DUCK"
# What DuckDB raises when the file itself cannot be read (truncated, damaged): not a query's fault.
UNREADABLE = (duckdb.IOException, duckdb.SerializationException)


def open_problem(path: Path, exc: duckdb.Error) -> str:
    """Why DuckDB could not open the data file: held by a writer, not DuckDB, or unreadable to us."""
    if "lock" in str(exc).lower():
        return LOCKED
    try:
        with open(current(path), "rb") as f:
            head = f.read(16)
    except OSError:
        return OTHER_DUCKDB
    return OTHER_DUCKDB if head[8:12] == DUCKDB_MAGIC else NOT_DUCKDB


def problem(path: Path) -> str | None:
    """Why a command cannot use the data file at `path` (opened read-only, as a reader), or None."""
    try:
        with duckdb.connect(str(current(path)), read_only=True) as con:
            return version_problem(schema_version(con))
    except duckdb.Error as exc:
        return open_problem(path, exc)


def version_problem(found: int | None) -> str | None:
    """Why a database of schema version `found` (None: no meta table) cannot be used; None when it
    can, directly or after the migrations."""
    if found is None:
        return NOT_SANLIAN
    if found < 1:
        return TOO_OLD.format(found=found, need=settings.SCHEMA_VERSION)
    if found > settings.SCHEMA_VERSION:
        return TOO_NEW.format(found=found, need=settings.SCHEMA_VERSION)
    return None


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The database's schema version, or None when it has no meta table (not one of ours)."""
    try:
        row = con.cursor().execute("select schema_version from meta").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None
