"""Targets as data: 目标设置 saves a metric's target and amber line in the state store, audited, and every
status (cards, the verdict, charts) follows it at once here and within seconds on another replica."""

import re
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sanlian import audit, labels, settings, state, targets, text, verdict
from tests.test_auth import as_user, users_template, world  # noqa: F401 (fixtures)
from tests.test_leader_pages import HALF_YEAR, card, colour, markdown

CLOSURE = "办结率"  # the fixture's 60.0% in the half year: red against the default 90% / 75%


@pytest.fixture
def office(world, fixture_db, monkeypatch):  # world: the users file (sign-in)
    """The hand-made fixture with a state store of its own, signed-in users possible."""
    db = shutil.copy(fixture_db, world.with_name("fixture.duckdb"))
    monkeypatch.setenv("SANLIAN_DB", str(db))
    yield db
    labels.METRICS.refresh()  # the next test's store is another one


def targets_page(name: str) -> AppTest:
    return as_user(name, "pages/targets.py", **HALF_YEAR)


def enter(at: AppTest, metric: str, target: float, amber: float) -> AppTest:
    at.number_input(key=f"target_{metric}").set_value(target)
    at.number_input(key=f"amber_{metric}").set_value(amber)
    return next(b for b in at.button if b.label == "保存").click().run()


def target_events(db) -> list[tuple[str, str]]:
    log = audit.read(state.open_store(db), [audit.Event.TARGET_CHANGED])
    return list(zip(log["user_name"], log["detail"], strict=True))[::-1]


def test_a_target_changed_on_the_page_recolours_the_card_and_the_verdict_and_is_audited(office):
    at = targets_page("县长")
    assert not at.exception and at.title[0].value == "目标设置"
    assert (at.number_input(key="target_closure_rate").value, at.number_input(key="amber_closure_rate").value) == (
        90.0, 75.0)
    at = enter(at, "closure_rate", 60.0, 50.0)
    assert at.success and "已保存：办结率" in at.success[0].value
    assert target_events(office) == [("县长", "办结率：目标 ≥ 90% → 60%，黄灯线 75% → 50%")]
    assert state.saved_targets(state.open_store(office))[["metric", "target", "amber", "changed_by"]].values.tolist() \
        == [["closure_rate", 0.6, 0.5, "县长"]]
    home = at.switch_page("app.py").run()
    closure = card(home, CLOSURE)
    assert (colour(closure), closure.delta_description) == ("GREEN", "较上期 · 目标≥60.0%")
    assert text.for_markdown("7 项指标中 1 项达标；") in markdown(home)
    again = home.switch_page("pages/targets.py").run()
    assert again.number_input(key="target_closure_rate").value == 60.0
    assert "设置：县长 · " in " ".join(c.value for c in again.caption)


def test_restoring_the_default_brings_back_the_default_target_and_colour(office):
    at = enter(targets_page("文员"), "closure_rate", 60.0, 50.0)
    at = next(b for b in at.button if b.key == "reset_closure_rate").click().run()
    assert at.success and "办结率已恢复默认：目标 ≥ 90%，黄灯线 75%" in at.success[0].value
    assert at.number_input(key="target_closure_rate").value == 90.0
    assert target_events(office)[-1] == ("文员", "办结率：目标 ≥ 60% → 90%，黄灯线 50% → 75%（恢复默认）")
    assert state.saved_targets(state.open_store(office)).empty
    closure = card(at.switch_page("app.py").run(), CLOSURE)
    assert (colour(closure), closure.delta_description) == ("RED", "较上期 · 目标≥90.0%")


def test_a_change_made_elsewhere_shows_in_the_open_form_and_is_not_overwritten_by_saving_another_row(office):
    at = targets_page("县长")
    state.save_target("closure_rate", 0.8, 0.7, "文员", state.open_store(office))  # another user, meanwhile
    at = enter(at, "on_time_rate", 80.0, 60.0)
    assert target_events(office) == [("县长", "按期办结率：目标 ≥ 85% → 80%，黄灯线 70% → 60%")]
    assert state.load_targets(state.open_store(office))["closure_rate"] == (0.8, 0.7)
    assert at.number_input(key="target_closure_rate").value == 80.0


@pytest.mark.parametrize("target, amber, message", [
    (90.0, 95.0, "办结率是越高越好的指标，黄灯线（95%）不能高于目标（90%）。"),
    (120.0, 75.0, "办结率：目标须在 0% 到 100% 之间（填写的是 120%）。"),
    (90.0, -5.0, "办结率：黄灯线须在 0% 到 100% 之间（填写的是 -5%）。"),
])
def test_a_wrong_target_is_refused_with_a_chinese_message_and_nothing_is_saved(office, target, amber, message):
    at = enter(targets_page("文员"), "closure_rate", target, amber)
    assert at.error and message in at.error[0].value and "未保存" in at.error[0].value
    assert state.saved_targets(state.open_store(office)).empty and not target_events(office)


@pytest.mark.parametrize("name", ["马市书记", "大屏"])
def test_township_and_display_users_cannot_open_the_targets_page(office, name):
    at = targets_page(name)
    assert at.error and "无权打开“目标设置”" in at.error[0].value
    assert not at.number_input and not any(b.label == "保存" for b in at.button)


def test_for_a_metric_where_a_rise_is_bad_the_amber_line_must_not_be_below_the_target():
    assert targets.problems({"overdue_open": (5, 3)}) == [
        "逾期未办结是越低越好的指标，黄灯线（3）不能低于目标（5）。"]
    assert targets.problems({"overdue_open": (3, 5), "closure_rate": (90, 90)}) == []


def test_rates_are_edited_in_percent_and_stored_as_shares():
    assert (targets.for_page("closure_rate", 0.85), targets.for_store("closure_rate", 85)) == (85.0, 0.85)
    assert (targets.for_page("overdue_open", 3), targets.for_store("overdue_open", 3)) == (3.0, 3.0)


def test_every_metric_with_a_target_has_a_row_with_its_default_and_who_set_it(office):
    store = state.open_store(office)
    state.save_target("closure_rate", 0.95, 0.8, "县长", store)
    rows = {row.name: row for row in targets.settings_rows(store)}
    assert list(rows) == list(labels.METRICS.default_targets())
    closure, rate = rows["closure_rate"], rows["visit_completion_rate"]
    assert (closure.target, closure.amber, closure.unit, closure.direction, closure.saved) == (95.0, 80.0, "%", "越高越好", True)
    assert closure.default == "目标 ≥ 90%，黄灯线 75%" and re.fullmatch(r"县长 · \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", closure.changed)
    assert (rate.target, rate.amber, rate.changed, rate.saved) == (85.0, 70.0, "默认值", False)


def test_a_target_saved_by_another_replica_applies_after_the_re_read_interval(office, monkeypatch):
    store = state.open_store(office)
    monkeypatch.setattr(settings, "TARGETS_TTL_SECONDS", 3600)
    assert labels.status("closure_rate", 0.7) == "red"
    state.save_target("closure_rate", 0.7, 0.6, "县长", store)  # as another process would: no refresh here
    assert labels.status("closure_rate", 0.7) == "red"  # within the interval: the targets read before
    monkeypatch.setattr(settings, "TARGETS_TTL_SECONDS", 0)
    assert labels.status("closure_rate", 0.7) == "green"
    assert labels.METRICS["closure_rate"].target_text() == "目标 ≥ 70.0%，低于 60.0% 为红。"


def test_the_store_is_read_once_per_interval_not_on_every_status(office, monkeypatch):
    state.open_store(office)
    reads = []
    real = state.stored_targets
    monkeypatch.setattr(state, "stored_targets", lambda store: reads.append(1) or real(store))
    labels.METRICS.refresh()
    statuses = [labels.status("closure_rate", v / 100) for v in range(100)]
    assert statuses.count("green") == 10 and len(reads) == 1


def test_explicit_targets_judge_the_verdict_without_the_store():
    summary = pd.Series({"closure_rate": 0.6, "visit_completion_rate": 0.9})
    assert verdict.tally(summary) == "2 项指标中 1 项达标"
    assert verdict.tally(summary, {"closure_rate": (0.6, 0.5), "visit_completion_rate": (0.95, 0.9)}) == \
        "2 项指标中 1 项达标、1 项接近目标"
