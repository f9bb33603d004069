"""The township scope, as pure rules: what a user asked for, held within what they may see."""

import pandas as pd
import pytest

from sanlian.scope import NO_TOWNSHIP, Scope, params_within, restrict, rows_within


@pytest.mark.parametrize(("requested", "scope", "allowed"), [
    ([], None, []),                                  # the county user asking for the county
    (["A", "B"], None, ["A", "B"]),
    ([], ("A", "B"), ["A", "B"]),                    # an empty request means the scope, never all
    (["B", "C"], ("A", "B"), ["B"]),                 # outside townships are dropped
    (["C"], ("A", "B"), ["A", "B"]),                 # a request wholly outside falls back to the scope
    (["A"], (), [NO_TOWNSHIP]),                      # no townships at all: matches nothing
])
def test_a_request_is_held_within_the_scope(requested, scope, allowed):
    assert restrict(requested, scope) == allowed


def test_only_queries_that_take_townships_get_them_restricted():
    scope = Scope(("A",), ("甲镇",))
    assert params_within(scope, ["townships", "as_of"], {"townships": ["B"], "as_of": 1}) == {
        "townships": ["A"], "as_of": 1}
    assert params_within(scope, ["as_of"], {"as_of": 1}) == {"as_of": 1}
    assert params_within(None, ["townships"], {"townships": ["B"]}) == {"townships": ["B"]}


def test_result_rows_outside_the_scope_are_dropped_by_code_or_by_name():
    scope = Scope(("A",), ("甲镇",))
    by_code = pd.DataFrame({"township_code": ["A", "B"], "n": [1, 2]})
    by_name = pd.DataFrame({"township": ["乙镇", "甲镇"], "n": [1, 2]})
    assert rows_within(scope, by_code)["n"].tolist() == [1]
    assert rows_within(scope, by_name)["n"].tolist() == [2]
    assert rows_within(None, by_code)["n"].tolist() == [1, 2]
