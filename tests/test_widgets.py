"""The change beside a metric card: in the metric's unit, and no arrow when nothing changed as shown."""

import pytest

from sanlian import labels


@pytest.mark.parametrize("name, current, previous, expected", [
    ("closure_rate", 0.954, 0.912, "+4.2 个百分点"),
    ("closure_rate", 0.912, 0.954, "-4.2 个百分点"),
    ("closure_rate", 0.9541, 0.9537, None),  # −0.04 points: "-0.0 个百分点" would carry a red arrow
    ("closure_rate", 0.95449, 0.95351, None),  # both read 95.4%
    ("visits", 10, 10.2, None),
    ("visits", 1200, 1000, "+200"),
    ("median_gain_yuan", 3340.2, 3340, None),
    ("median_days_to_close", 10, 9.99, None),  # both read 10 天
    ("closure_rate", None, 0.9, None),
])
def test_a_change_is_shown_only_when_the_shown_numbers_differ(name, current, previous, expected):
    assert labels.delta_text(name, current, previous) == expected
