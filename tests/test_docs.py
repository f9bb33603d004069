"""The README names every setting, command, flag, page and derived object, so it cannot drift.

Modelled on Datasette's test_docs.py: the lists come from the code (the environment variables it
reads, the argparse parsers, the navigation, derived.sql), never from a copy kept in the test.
"""

import argparse
import ast
import importlib
import re
from pathlib import Path

import pytest

from sanlian import settings
from sanlian.nav import PAGES

ROOT = settings.ROOT
README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "sanlian").rglob("*.py")])


def readme_section(title: str) -> str:
    """The text of one `## title` section of the README (up to the next `## `)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert match, f"README has no section “## {title}”"
    return match.group(1)


def environment_variables() -> list[str]:
    """Every SANLIAN_* name the program's code spells out (app, pages, package)."""
    names = set()
    for path in CODE:
        names |= set(re.findall(r"[\"'](SANLIAN_[A-Z0-9_]+)[\"']", path.read_text(encoding="utf-8")))
    return sorted(names)


def entry_points() -> dict[str, str]:
    """`python -m` name → the module holding its main(): every package with a __main__.py (which
    imports main from elsewhere) and every module with an `if __name__ == "__main__"` guard."""
    found = {}
    for path in (ROOT / "sanlian").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        text = path.read_text(encoding="utf-8")
        if path.name == "__main__.py":
            origin = next(node.module for node in ast.walk(ast.parse(text))
                          if isinstance(node, ast.ImportFrom) and any(a.name == "main" for a in node.names))
            found[name.removesuffix(".__main__")] = origin
        elif re.search(r"^if __name__ == \"__main__\":", text, re.M):
            found[name] = name
    return dict(sorted(found.items()))


class _Parsed(BaseException):
    """Raised instead of parsing, carrying the parser main() built (a BaseException: main()'s
    handler of unexpected errors, sanlian.failures.guarded, lets it through)."""

    def __init__(self, parser: argparse.ArgumentParser):
        super().__init__()
        self.parser = parser


def parser_of(module: str, monkeypatch: pytest.MonkeyPatch) -> argparse.ArgumentParser:
    """The argparse parser a command's main() builds (caught as it is about to parse)."""

    def capture(self, *args, **kwargs):
        raise _Parsed(self)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", capture)
    with pytest.raises(_Parsed) as caught:
        importlib.import_module(module).main([])
    return caught.value.parser


def words_of(parser: argparse.ArgumentParser) -> set[str]:
    """Its long flags and subcommand names, and those of its subcommands."""
    words = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, subparser in action.choices.items():
                words |= {command} | words_of(subparser)
        words |= {flag for flag in action.option_strings if flag.startswith("--") and flag != "--help"}
    return words


def derived_objects() -> list[str]:
    """The tables, views and macros derived.sql creates."""
    text = (ROOT / "sanlian" / "derived.sql").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"^create (?:or replace )?(?:table|view|macro) (\w+)", text, re.M | re.I)))


def test_the_scans_find_what_is_known_to_exist():
    """Guards the scans themselves: an empty list would make every check below pass."""
    assert {"SANLIAN_DB", "SANLIAN_USERS", "SANLIAN_BENCH_CACHE"} <= set(environment_variables())
    assert {"sanlian.build", "sanlian.ingest", "sanlian.users", "sanlian.brief", "sanlian.bench"} <= set(entry_points())
    assert entry_points()["sanlian.ingest"] == "sanlian.ingest.cli"
    assert {"member_household_pairs", "org_village_pairs", "pairs_on"} <= set(derived_objects())


@pytest.mark.parametrize("name", environment_variables())
def test_every_environment_variable_the_code_reads_is_in_the_readme_settings_table(name):
    assert re.search(rf"^\| `{name}` \|", readme_section("设置（环境变量）"), re.M), name


@pytest.mark.parametrize("command", entry_points())
def test_every_command_and_each_of_its_flags_and_subcommands_is_in_the_readme(command, monkeypatch):
    usage = "\n".join(line for line in README.splitlines()
                      if re.search(rf"python -m {re.escape(command)}(?![\w.])", line))
    assert usage, f"README never shows `python -m {command}`"
    words = words_of(parser_of(entry_points()[command], monkeypatch))
    missing = sorted(w for w in words if not re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", usage, re.A))
    assert not missing, f"`python -m {command}` lines in the README lack {missing}"


def test_the_users_command_is_read_with_its_subcommands(monkeypatch):
    """Guards words_of: subcommands and their flags are collected, --help is not."""
    words = words_of(parser_of("sanlian.users", monkeypatch))
    assert {"add", "disable", "enable", "reset", "list", "--role", "--town", "--password-stdin", "--db"} <= words
    assert "--help" not in words


@pytest.mark.parametrize("label", [page.label for page in PAGES])
def test_every_page_in_the_navigation_has_a_row_in_the_readme_page_table(label):
    assert re.search(rf"^\| {label} \|", readme_section("页面"), re.M), label


@pytest.mark.parametrize("name", derived_objects())
def test_every_table_view_and_macro_of_derived_sql_is_named_in_the_readme_database_section(name):
    assert f"`{name}`" in readme_section("数据库"), name


def test_the_readme_links_to_the_performance_details():
    assert "docs/performance.md" in README
    assert Path(ROOT / "docs" / "performance.md").exists()
