"""The users file: who may sign in, with which role and townships; passwords as argon2 hashes.

The file lives outside the repository (settings.users_path(): env SANLIAN_USERS, default
~/.sanlian/users.json), is written atomically with mode 0600 and holds no plain passwords.

    python -m sanlian.users add NAME --role 县级|数据管理员|乡镇|展示 [--town 马市镇 …] [--password-stdin]
    python -m sanlian.users disable NAME
    python -m sanlian.users enable NAME
    python -m sanlian.users reset NAME [--password-stdin]
    python -m sanlian.users list
(--db PATH, else SANLIAN_DB: every change is written to that database's audit log when it exists.)
"""

import argparse
import csv
import functools
import getpass
import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from sanlian import failures, settings
from sanlian.console import say


class Role(StrEnum):
    """An account's role (README “登录与权限”, sanlian.auth); the value is what the users file stores."""

    COUNTY = "县级"
    DATA_ADMIN = "数据管理员"
    TOWNSHIP = "乡镇"
    DISPLAY = "展示"


MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()  # argon2id, salted, RFC 9106 low-memory profile


@functools.cache
def _dummy_hash() -> str:
    """Verified when the name is unknown, so that a wrong name costs as long as a wrong password
    (made on first use: hashing at import added ~0.15 s to every server's first page)."""
    return _hasher.hash("dummy password for timing")


class UserError(Exception):
    """A user command that cannot be done, with a Chinese message."""


@dataclass(frozen=True)
class User:
    """One account: its role, its townships (names) and its password hash."""

    name: str
    role: str
    towns: tuple[str, ...] = field(default=())
    password_hash: str = ""
    disabled: bool = False
    changed_at: str = ""


def hash_password(password: str) -> str:
    """A salted argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """Whether the password is the user's (always spends the same time, even for no user)."""
    try:
        return _hasher.verify(user.password_hash if user else _dummy_hash(), password) and user is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def exists(path: Path | None = None) -> bool:
    """Whether a users file is configured (the app then requires sign-in)."""
    return (path or settings.users_path()).exists()


def load(path: Path | None = None) -> dict[str, User]:
    """Every user in the file, by name; an empty dict when there is no file. Raises UserError when
    the file is damaged (not the JSON that save() writes)."""
    path = path or settings.users_path()
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {name: User(name=name, role=u.get("role", ""), towns=tuple(u.get("towns", ())),
                           password_hash=u.get("password_hash", ""), disabled=bool(u.get("disabled")),
                           changed_at=u.get("changed_at", ""))
                for name, u in raw.get("users", {}).items()}
    except (ValueError, AttributeError, TypeError) as exc:  # bad JSON or text, or the wrong shape
        raise UserError("用户文件已损坏，无法读取（不是有效的用户文件）。请从备份恢复，或删除后用 "
                        "`python -m sanlian.users add` 重新添加用户。") from exc


def exposed(path: Path | None = None) -> bool:
    """Whether accounts other than the owner may read the users file (its hashes could then be
    guessed offline); save() always writes it 0600."""
    path = path or settings.users_path()
    return path.exists() and bool(path.stat().st_mode & 0o044)


@functools.cache
def warn_exposed(path: str, mode: int) -> None:
    """Say once per file and mode in the server's log that the users file is readable by others."""
    logging.getLogger("sanlian.users").warning(
        "用户文件 %s 的权限为 %o，本机其他账户可以读取；请运行 chmod 600 %s", path, mode & 0o777, path)


def save(users: dict[str, User], path: Path | None = None) -> None:
    """Write the users file atomically, readable by its owner only."""
    path = path or settings.users_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    body = {"users": {name: {k: v for k, v in asdict(u).items() if k != "name"}
                      for name, u in sorted(users.items())}}
    for entry in body["users"].values():
        entry["towns"] = list(entry["towns"])
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(body, out, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def known_towns() -> list[str]:
    """The township names of the reference data."""
    with open(settings.REFERENCE_DIR / "townships.csv", encoding="utf-8") as f:
        return [row["name"] for row in csv.DictReader(f)]


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat(sep=" ")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。")


def add(name: str, role: str, towns: list[str], password: str, path: Path | None = None) -> User:
    """Add a user; 乡镇 users need at least one known township."""
    users = load(path)
    name = name.strip()
    if not name:
        raise UserError("用户名不能为空。")
    if name in users:
        raise UserError(f"用户“{name}”已存在；改密码用 reset，停用用 disable。")
    if role not in list(Role):
        raise UserError(f"角色必须是 {'、'.join(Role)} 之一。")
    unknown = [t for t in towns if t not in known_towns()]
    if unknown:
        raise UserError(f"乡镇“{'、'.join(unknown)}”不存在。可选：{'、'.join(known_towns())}")
    if role == Role.TOWNSHIP and not towns:
        raise UserError("乡镇角色必须用 --town 指定至少一个乡镇。")
    check_password(password)
    user = User(name, role, tuple(dict.fromkeys(towns)), hash_password(password), False, _now())
    users[name] = user
    save(users, path)
    return user


def _change(name: str, path: Path | None, **changes) -> User:
    users = load(path)
    if name not in users:
        raise UserError(f"没有用户“{name}”。")
    users[name] = replace(users[name], changed_at=_now(), **changes)
    save(users, path)
    return users[name]


def disable(name: str, path: Path | None = None) -> User:
    """Disable a user: they can no longer sign in, and open sessions end at their next click."""
    return _change(name, path, disabled=True)


def enable(name: str, path: Path | None = None) -> User:
    """Enable a disabled user again."""
    return _change(name, path, disabled=False)


def reset(name: str, password: str, path: Path | None = None) -> User:
    """Give a user a new password."""
    check_password(password)
    return _change(name, path, password_hash=hash_password(password))


def describe(user: User) -> str:
    """One line about a user, without the hash."""
    towns = "、".join(user.towns) if user.towns else ("全县" if user.role in (Role.COUNTY, Role.DATA_ADMIN, Role.DISPLAY) else "无")
    return f"{user.name}\t{user.role}\t{towns}\t{'已停用' if user.disabled else '启用'}\t{user.changed_at}"


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再输一次：") != first:
        raise UserError("两次输入的密码不一致。")
    return first


def _log(db: Path, event: str, detail: str) -> None:
    """Write a user change to the database's audit log, if the database exists."""
    from sanlian import audit

    if not db.exists():
        return
    problem = audit.record_in_file(db, "命令行", event, "sanlian.users", detail)
    if problem:
        print(f"注意：未能写入审计日志（{problem}）。", file=sys.stderr)


@failures.guarded
def main(argv: list[str] | None = None) -> int:
    """The users command line; returns the exit code."""
    from sanlian.audit import Event  # here, not at the top: listing users needs no database modules

    parser = argparse.ArgumentParser(prog="python -m sanlian.users", description="管理三联看板的登录用户")
    parser.add_argument("--db", type=Path, default=None, help="记录审计日志的数据库（默认 SANLIAN_DB）")
    parser.add_argument("--users", type=Path, default=None, help="用户文件（默认 SANLIAN_USERS 或 ~/.sanlian/users.json）")
    commands = parser.add_subparsers(dest="command", required=True)
    adding = commands.add_parser("add", help="新增用户")
    adding.add_argument("name")
    adding.add_argument("--role", required=True, choices=[role.value for role in Role])
    adding.add_argument("--town", action="append", default=[], help="乡镇名称，可重复")
    adding.add_argument("--password-stdin", action="store_true", help="从标准输入读一行作为密码（脚本用）")
    for command, text in (("disable", "停用用户"), ("enable", "重新启用用户")):
        commands.add_parser(command, help=text).add_argument("name")
    resetting = commands.add_parser("reset", help="重设密码")
    resetting.add_argument("name")
    resetting.add_argument("--password-stdin", action="store_true")
    commands.add_parser("list", help="列出用户")
    args = parser.parse_args(argv)
    path = args.users or settings.users_path()
    db = args.db or settings.db_path()
    try:
        if args.command == "list":
            users = load(path)
            say(f"用户文件：{path}" + ("" if users else "（没有用户）"))
            for user in users.values():
                say(describe(user))
            return 0
        if args.command == "add":
            user = add(args.name, args.role, args.town, _read_password(args.password_stdin), path)
            _log(db, Event.USER_ADDED, f"{user.name}：{user.role}，{'、'.join(user.towns) or '全县'}")
        elif args.command == "reset":
            user = reset(args.name, _read_password(args.password_stdin), path)
            _log(db, Event.PASSWORD_RESET, user.name)
        else:
            user = (disable if args.command == "disable" else enable)(args.name, path)
            _log(db, Event.USER_DISABLED if args.command == "disable" else Event.USER_ENABLED, user.name)
    except UserError as exc:
        say(exc, error=True)
        return 2
    say(describe(user))
    return 0


if __name__ == "__main__":
    sys.exit(main())
