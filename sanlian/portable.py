"""The portable SQL subset: a lint for derived.sql and queries/*.sql, and their Spark translation.

derived.sql and queries/ are the one definition of every number; DuckDB runs them as written and
Spark runs them through `to_spark` (macros inlined by sanlian.macros, parameters as literals, then
sqlglot's DuckDB → Spark translation). The lint keeps them inside what both engines read the same:

- lists: `array_length(l)` and `list_contains(l, x)`, not `len(l)` (Spark's LENGTH is a string
  function) nor `x = any(l)`;
- no `unnest(…)` inside a cast (unnest in its own column, cast in the next step);
- `string_agg` always with `order by` (without it the order of names is arbitrary, on DuckDB too);
- percentiles exact: `median(x)` and `quantile_cont(x, q)` with a literal q only (translated to
  Spark's exact `percentile(x, q)`, never `percentile_approx`); no approximate aggregates;
- no `group by all`, `semi`/`anti join` (use `[not] exists`), `* replace`/`* exclude` or
  `union … by name`: Spark and the MySQL-protocol warehouses lack them;
- no `alias.*` in a select that joins with `using` (Spark puts the join column first).
"""

import datetime
from pathlib import Path

import sqlglot
from sqlglot import exp

from sanlian import macros, settings

APPROXIMATE = (exp.ApproxDistinct, exp.ApproxQuantile, exp.PercentileDisc)


def snippet(node: exp.Expression) -> str:
    """The start of a node as DuckDB SQL, for a message."""
    return node.sql("duckdb")[:60]


# (what is outside the subset, the message naming the fix) — one pair per rule, in the order above.
RULES = [
    (lambda n: isinstance(n, exp.Length),
     lambda n: f"`{snippet(n)}`: use array_length(list) — len() becomes a string LENGTH on Spark"),
    (lambda n: isinstance(n, exp.Any),
     lambda n: f"`{snippet(n.parent)}`: use list_contains(list, value), not = any(list)"),
    (lambda n: isinstance(n, exp.Cast) and n.find(exp.Unnest, exp.Explode),
     lambda n: f"`{snippet(n)}`: no unnest inside a cast — unnest in one step, cast in the next"),
    (lambda n: isinstance(n, exp.GroupConcat) and not isinstance(n.this, exp.Order),
     lambda n: f"`{snippet(n)}`: string_agg needs `order by` (e.g. string_agg(x, '、' order by x))"),
    (lambda n: isinstance(n, APPROXIMATE),
     lambda n: f"`{snippet(n)}`: approximate or discrete aggregate — use median / quantile_cont"),
    (lambda n: (isinstance(n, exp.PercentileCont) and not isinstance(n.parent, exp.WithinGroup)
                and not isinstance(n.expression, exp.Literal)),
     lambda n: f"`{snippet(n)}`: quantile_cont(x, q) needs a literal q"),
    (lambda n: isinstance(n, exp.WithinGroup),
     lambda n: f"`{snippet(n)}`: write quantile_cont(x, q), not percentile_cont(q) within group"),
    (lambda n: isinstance(n, exp.Group) and n.args.get("all"),
     lambda n: "`group by all`: name the grouped columns"),
    (lambda n: isinstance(n, exp.Join) and n.args.get("kind", "").upper() in ("SEMI", "ANTI"),
     lambda n: f"`{n.args['kind'].lower()} join {snippet(n.this)}`: use [not] exists (…)"),
    (lambda n: isinstance(n, exp.Star) and (n.args.get("replace") or n.args.get("except")),
     lambda n: "`* replace/exclude (…)`: list the columns"),
    (lambda n: isinstance(n, exp.Union) and n.args.get("by_name"),
     lambda n: "`union … by name`: line the columns up and use plain union"),
    (lambda n: isinstance(n, exp.Select) and using_with_qualified_star(n),
     lambda n: f"`{snippet(n)}`: alias.* with a join … using (…) orders columns differently on Spark "
               "— join … on …"),
]


def problems(tree: exp.Expression) -> list[str]:
    """What in one parsed statement is outside the portable subset, as messages naming the fix."""
    return [message(node) for node in tree.walk() for applies, message in RULES if applies(node)]


def using_with_qualified_star(select: exp.Select) -> bool:
    """Whether a select takes `alias.*` and joins with `using`."""
    stars = any(isinstance(e, exp.Column) and isinstance(e.this, exp.Star) for e in select.expressions)
    return stars and any(join.args.get("using") for join in select.args.get("joins") or [])


def lint_text(sql: str) -> list[str]:
    """The problems of every statement of a DuckDB script."""
    return [p for statement in sqlglot.parse(sql, read="duckdb") if statement for p in problems(statement)]


def sources() -> dict[str, str]:
    """The portable SQL of the project by file name: derived.sql and every query."""
    files = [settings.DERIVED_FILE, *sorted(settings.QUERIES_DIR.glob("*.sql"))]
    return {f"{path.parent.name}/{path.name}": path.read_text(encoding="utf-8") for path in files}


def lint() -> dict[str, list[str]]:
    """Every file with problems, with its problems (empty when all is portable)."""
    found = {name: lint_text(sql) for name, sql in sources().items()}
    return {name: messages for name, messages in found.items() if messages}


def literal(value) -> exp.Expression:
    """A parameter value as a SQL literal that DuckDB and Spark type alike."""
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    if isinstance(value, datetime.date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.Type.DATE)
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, (list, tuple)):
        items = [literal(v) for v in value]
        array = exp.Array(expressions=items)
        return array if items else exp.cast(array, exp.DataType.build("array<string>", dialect="spark"))
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def bind_literals(tree: exp.Expression, params: dict) -> exp.Expression:
    """`tree` with each `$name` replaced by the literal of params[name]."""
    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and node.name:
            return literal(params[node.name])
        return node

    return tree.transform(replace)


def exact_percentiles(tree: exp.Expression) -> exp.Expression:
    """median(x) and quantile_cont(x, q) as Spark's exact percentile(x, q)."""
    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Median):
            return exp.Anonymous(this="percentile", expressions=[node.this, exp.Literal.number(0.5)])
        if isinstance(node, exp.PercentileCont):
            return exp.Anonymous(this="percentile", expressions=[node.this, node.expression])
        return node

    return tree.transform(replace)


def to_spark(tree: exp.Expression, known: dict[str, macros.Macro], params: dict | None = None) -> str:
    """One DuckDB statement (a query or a derived table's select) as Spark SQL."""
    tree = macros.expand(tree, known)
    tree = exact_percentiles(bind_literals(tree, params or {}))
    sql = tree.sql("spark", comments=False, unsupported_level=sqlglot.ErrorLevel.RAISE)
    if "PERCENTILE_APPROX" in sql.upper() or "APPROX_PERCENTILE" in sql.upper():
        raise ValueError("an approximate percentile slipped into the Spark translation")
    return sql


def query_tree(path: Path) -> exp.Expression:
    """A query file parsed as DuckDB."""
    return sqlglot.parse_one(path.read_text(encoding="utf-8"), read="duckdb")
