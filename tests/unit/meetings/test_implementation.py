"""The traffic lights of the implementation report, and when overdue actions are reminded of."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetings import implementation as impl
from meetings.implementation import Light

TODAY = date(2026, 11, 24)
YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "due_on", "light"),
    [
        ("done", None, Light.GREEN),
        ("done", YESTERDAY, Light.GREEN),  # done late is done
        ("in_progress", TOMORROW, Light.YELLOW),
        ("in_progress", TODAY, Light.YELLOW),  # due today is not yet overdue
        ("in_progress", None, Light.YELLOW),
        ("open", TOMORROW, Light.YELLOW),
        ("open", None, Light.YELLOW),
        ("open", YESTERDAY, Light.RED),
        ("in_progress", YESTERDAY, Light.RED),
        ("dropped", TOMORROW, Light.RED),  # not feasible
        ("dropped", None, Light.RED),
    ],
)
def test_the_light_of_an_action(status, due_on, light):
    assert impl.action_light(status, due_on, TODAY) == light


def test_an_unknown_status_is_a_programming_error():
    with pytest.raises(ValueError):
        impl.action_light("finished", None, TODAY)


@pytest.mark.parametrize(
    ("lights", "expected"),
    [
        ([], None),
        ([Light.GREEN, Light.GREEN], Light.GREEN),
        ([Light.GREEN, Light.YELLOW], Light.YELLOW),
        ([Light.YELLOW, Light.RED, Light.GREEN], Light.RED),
        ([Light.RED], Light.RED),
    ],
)
def test_a_decision_shows_its_worst_action(lights, expected):
    assert impl.decision_light(lights) == expected


@given(st.lists(st.sampled_from(list(Light))))
def test_a_decision_is_never_better_than_any_of_its_actions(lights):
    result = impl.decision_light(lights)
    if not lights:
        assert result is None
    else:
        rank = impl.SEVERITY.index
        assert all(rank(result) <= rank(light) for light in lights)
        assert result in lights


@given(
    st.sampled_from(impl.ACTION_STATUSES),
    st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31))),
)
def test_only_pending_work_is_overdue_and_overdue_work_is_red(status, due_on):
    overdue = impl.is_overdue(status, due_on, TODAY)
    assert not overdue or status in impl.PENDING_STATUSES
    if overdue:
        assert impl.action_light(status, due_on, TODAY) == Light.RED


def test_count_lights_names_every_light():
    counted = impl.count_lights([Light.RED, Light.RED, None, Light.GREEN])
    assert counted == {Light.RED: 2, Light.YELLOW: 0, Light.GREEN: 1, None: 1}


@pytest.mark.parametrize(
    ("days_late", "reminded"),
    [
        (-1, False),
        (0, False),
        (1, True),
        (2, False),
        (6, False),
        (7, True),
        (14, True),
        (15, False),
    ],
)
def test_overdue_actions_are_reminded_of_on_the_first_day_and_then_weekly(days_late, reminded):
    due_on = TODAY - timedelta(days=days_late)
    assert impl.reminder_due("open", due_on, TODAY) is reminded


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_finished_actions_are_not_reminded_of(status):
    assert not impl.reminder_due(status, TODAY - timedelta(days=7), TODAY)


def test_actions_without_a_due_date_are_never_overdue():
    assert not impl.is_overdue("open", None, TODAY)
    assert not impl.reminder_due("open", None, TODAY)


def test_the_module_is_pure():
    """STYLE.md rule 4, until the shared list of pure modules names this one."""
    path = Path(impl.__file__)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    forbidden = ("flask", "sqlalchemy", "portal.extensions", "portal.models", "werkzeug")
    assert not [name for name in imported if name.startswith(forbidden)]
