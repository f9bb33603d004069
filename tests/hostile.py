"""A hostile database: markdown, HTML and LaTeX in every text a ledger can carry (for the page and
browser tests of "text from data is text")."""

import duckdb

from sanlian import build

HOSTILE = ('![i](http://127.0.0.1:9/x.png) [点我](http://evil) **粗** :red[红] $x^2$ '
           '<b>b</b><a href="http://evil">a</a> <img src=x onerror=alert(1)> # 标题')

# Every text column a ledger fills and a page shows. (Townships are reference data, and DuckDB cannot
# update their unique names while villages refer to them.)
# Issues become 一般 so the resolved ones reach 汇报's 典型案例 slide.
UPDATES = [
    "update projects set name = $h || ' ' || project_id",
    "update orgs set name = $h || ' ' || org_id, agency = $h || ' ' || org_id",
    "update issues set summary = $h, assigned_unit = $h",
    "update issues set scale = '一般' where scale = '小微实事'",
    "update households set main_industry = $h, head_name = $h || household_id",
    "update members set name = $h || member_id",
    "update leaders set name = $h || leader_id, post = $h",
    "update villages set name = $h || ' ' || village_code",
]


def make_hostile(path) -> None:
    """Rewrite the database at `path` with the hostile text and recompute what derives from it."""
    with duckdb.connect(str(path)) as con:
        for statement in UPDATES:
            con.execute(statement, {"h": HOSTILE} if "$h" in statement else None)
        build.refresh_derived(con)
