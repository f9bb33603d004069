"""Inline derived.sql's DuckDB macros into a statement, for engines that have no macros (Spark).

    macros = read_macros(derived_sql)        # {name: Macro}
    inlined = expand(sqlglot.parse_one(query, read="duckdb"), macros)

A scalar macro call (`period_end(a, b)`) becomes its body with the arguments in place of the
parameters, in parentheses; a table macro call in FROM or JOIN (`from issues_on(d) as i`) becomes
the body as a subquery under the same alias (the macro's name if none). Macros may call macros:
expansion repeats until no call is left. As in DuckDB, an unqualified name in a macro's body that
is one of its parameters is the parameter, never a column.
"""

from dataclasses import dataclass

import sqlglot
from sqlglot import exp


@dataclass(frozen=True)
class Macro:
    """One `create macro name(params) as [table] body`."""

    name: str
    params: tuple[str, ...]
    body: exp.Expression
    is_table: bool


def read_macros(sql: str) -> dict[str, Macro]:
    """The macros a DuckDB script creates, by name (later definitions win, as in DuckDB)."""
    macros = {}
    for statement in sqlglot.parse(sql, read="duckdb"):
        if not is_macro(statement):
            continue
        signature = statement.this
        name = signature.this.name.lower()
        params = tuple(p.name.lower() for p in signature.expressions)
        body = statement.expression
        is_table = isinstance(body, exp.Query) and not isinstance(body, exp.Subquery)
        macros[name] = Macro(name, params, body, is_table)
    return macros


def is_macro(statement: exp.Expression) -> bool:
    """True for a `create [or replace] macro` statement."""
    return isinstance(statement, exp.Create) and str(statement.args.get("kind", "")).upper() == "MACRO"


def call_name(node: exp.Expression) -> str | None:
    """The lower-case name of a function call that could be a macro call, else None."""
    return node.name.lower() if isinstance(node, exp.Anonymous) else None


def bind(macro: Macro, args: list[exp.Expression]) -> exp.Expression:
    """The macro's body with each parameter replaced by its argument."""
    if len(args) != len(macro.params):
        raise ValueError(f"macro {macro.name} takes {len(macro.params)} arguments, got {len(args)}")
    values = dict(zip(macro.params, args, strict=True))

    def substitute(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name.lower() in values:
            return wrapped(values[node.name.lower()].copy())
        return node

    return macro.body.copy().transform(substitute)


def wrapped(node: exp.Expression) -> exp.Expression:
    """`node` in parentheses unless it is atomic or already bracketed."""
    atomic = (exp.Column, exp.Literal, exp.Placeholder, exp.Paren, exp.Subquery, exp.Func, exp.Array)
    return node if isinstance(node, atomic) and not isinstance(node, exp.Connector) else exp.paren(node)


def expand_once(tree: exp.Expression, macros: dict[str, Macro]) -> tuple[exp.Expression, bool]:
    """Inline the outermost macro calls of `tree`; whether any was found."""
    found = False

    def inline(node: exp.Expression) -> exp.Expression:
        nonlocal found
        if isinstance(node, exp.Table) and call_name(node.this) in macros:
            macro = macros[call_name(node.this)]
            if not macro.is_table:
                raise ValueError(f"scalar macro {macro.name} used as a table")
            found = True
            alias = node.alias or macro.name
            return exp.Subquery(this=bind(macro, list(node.this.expressions)),
                                alias=exp.TableAlias(this=exp.to_identifier(alias)))
        if call_name(node) in macros and not isinstance(node.parent, exp.Table):
            macro = macros[call_name(node)]
            found = True
            body = bind(macro, list(node.expressions))
            return exp.Subquery(this=body) if macro.is_table else wrapped(body)
        return node

    return tree.transform(inline), found


def expand(tree: exp.Expression, macros: dict[str, Macro], limit: int = 20) -> exp.Expression:
    """`tree` with every macro call inlined, nested calls included."""
    for _ in range(limit):
        tree, found = expand_once(tree, macros)
        if not found:
            return tree
    raise ValueError(f"macros nested deeper than {limit} levels (a macro calling itself?)")
