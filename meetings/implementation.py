"""The implementation status (Umsetzungsstand): a traffic light per action and per decision.

An action is green when done; red when it was dropped (not feasible) or is past its due date
and not done; otherwise yellow (open or in progress, on time). A decision shows its worst
action: red if any is red, yellow if any is yellow, green when all are done; a decision without
actions has no light. Plain values in, plain values out, so the register page, the report and
the DOCX all agree, and the rules can be tested without a database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

#: The values of ``meetings.models.ActionStatus``.
OPEN = "open"
IN_PROGRESS = "in_progress"
DONE = "done"
DROPPED = "dropped"
ACTION_STATUSES = (OPEN, IN_PROGRESS, DONE, DROPPED)
#: Statuses of work still to be done: these can become overdue.
PENDING_STATUSES = (OPEN, IN_PROGRESS)
#: An overdue action's responsible person is reminded on the first day past the due date, then
#: every week.
REMINDER_INTERVAL_DAYS = 7


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


#: Worst first: the order of the report and of "which light wins".
SEVERITY = (Light.RED, Light.YELLOW, Light.GREEN)


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Say whether work still to be done is past its due date."""
    return status in PENDING_STATUSES and due_on is not None and due_on < today


def action_light(status: str, due_on: date | None, today: date) -> Light:
    """Return the light of one action."""
    if status not in ACTION_STATUSES:
        raise ValueError(f"unknown action status {status!r}")
    if status == DONE:
        return Light.GREEN
    if status == DROPPED or is_overdue(status, due_on, today):
        return Light.RED
    return Light.YELLOW


def decision_light(lights: Iterable[Light]) -> Light | None:
    """Return the light of a decision from its actions' lights (None without actions)."""
    present = set(lights)
    return next((light for light in SEVERITY if light in present), None)


def count_lights(lights: Iterable[Light | None]) -> dict[Light | None, int]:
    """Count lights for a summary line, every light present (zero if none), ``None`` too."""
    counted = Counter(lights)
    return {light: counted.get(light, 0) for light in (*SEVERITY, None)}


def days_overdue(due_on: date, today: date) -> int:
    """Return the days since the due date (0 or less: not overdue)."""
    return (today - due_on).days


def reminder_due(status: str, due_on: date | None, today: date) -> bool:
    """Say whether the responsible person is reminded of the action today.

    On the first day past the due date and then weekly, so a daily run does not mail every day
    and a forgotten action is not forgotten for good.
    """
    if not is_overdue(status, due_on, today):
        return False
    days = days_overdue(due_on, today)
    return days == 1 or days % REMINDER_INTERVAL_DAYS == 0
