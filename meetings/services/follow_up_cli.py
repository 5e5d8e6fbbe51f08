"""``kim-portal remind-follow-up``: mail about due review dates and overdue actions (daily cron).

- The secretariat of each body (KI staff holding its secretariat membership) gets one mail
  listing the body's decisions whose review date has come and that were not reminded of yet;
  each decision is reminded of once (``Decision.review_reminded_at``), claimed with a
  conditional update so that two runs at the same moment do not both mail.
- Each person responsible for overdue actions gets one mail listing them, on the first day
  past a due date and then weekly (:func:`meetings.implementation.reminder_due`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from meetings.implementation import reminder_due
from meetings.models import Decision, FollowUpAction
from meetings.services.decisions import decision_reference
from meetings.services.follow_up import action_link, decision_link, overdue_query
from portal.db import in_effect_on, utcnow, write_intent
from portal.extensions import db
from portal.i18n import N_
from portal.models import Body, GlobalRole, Membership, MembershipRole, NotificationKind, User
from portal.notifications import queue_mail, queue_mails
from portal.timeutil import today_local

_REVIEW_SUBJECT = N_("Wiedervorlage fällig: Beschlüsse des Gremiums %(body_name)s")
_OVERDUE_SUBJECT = N_("Überfällige Maßnahmen aus Beschlüssen")
#: The start of a resolution quoted in the review mail.
_SUMMARY_LENGTH = 160


@dataclass(frozen=True)
class ReminderReport:
    """What one run did."""

    review_decisions: int
    review_mails: int
    overdue_mails: int

    def summary(self) -> str:
        return (
            f"Review dates: {self.review_decisions} decisions, {self.review_mails} mails; "
            f"overdue actions: {self.overdue_mails} mails."
        )


@dataclass(frozen=True)
class _Entry:
    reference: str
    link: str
    decision: Decision | None = None
    action: FollowUpAction | None = None
    summary: str = ""


def _secretariat(body: Body, today: date) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.body_id == body.id,
                Membership.role == MembershipRole.SECRETARIAT,
                in_effect_on(Membership, today),
                User.role == GlobalRole.SECRETARIAT,
                User.is_active.is_(True),
            )
            .order_by(User.id)
        )
    )


def _claim_reviews(today: date) -> list[Decision]:
    """Mark the due, not yet reminded decisions as reminded; return those this run claimed."""
    due = db.session.scalars(
        select(Decision)
        .where(Decision.review_on <= today, Decision.review_reminded_at.is_(None))
        .options(joinedload(Decision.body))
        .order_by(Decision.body_id, Decision.review_on, Decision.id)
    ).all()
    now = utcnow()
    claimed = []
    for decision in due:
        result = db.session.execute(
            update(Decision)
            .where(Decision.id == decision.id, Decision.review_reminded_at.is_(None))
            .values(review_reminded_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(decision)
    return claimed


def _summary(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SUMMARY_LENGTH else line[: _SUMMARY_LENGTH - 1] + "…"


def _remind_reviews(today: date) -> tuple[int, int]:
    by_body: dict[int, list[Decision]] = defaultdict(list)
    claimed = _claim_reviews(today)
    for decision in claimed:
        by_body[decision.body_id].append(decision)
    mails = 0
    for decisions in by_body.values():
        body = decisions[0].body
        entries = [
            _Entry(
                decision_reference(decision),
                decision_link(decision),
                decision=decision,
                summary=_summary(decision.resolution_text),
            )
            for decision in decisions
        ]
        mails += len(
            queue_mails(
                _secretariat(body, today),
                _REVIEW_SUBJECT,
                "follow_up_review_due",
                kind=NotificationKind.DECISION_FOLLOW_UP,
                body=body,
                body_name=body.name,
                entries=entries,
            )
        )
    return len(claimed), mails


def _remind_overdue(today: date) -> int:
    by_person: dict[int, list[FollowUpAction]] = defaultdict(list)
    for action in db.session.scalars(
        overdue_query(today).where(FollowUpAction.responsible_id.is_not(None))
    ):
        by_person[action.responsible_id].append(action)
    mails = 0
    for actions in by_person.values():
        if not any(reminder_due(action.status, action.due_on, today) for action in actions):
            continue
        entries = [
            _Entry(decision_reference(action.decision), action_link(action), action=action)
            for action in actions
        ]
        message = queue_mail(
            actions[0].responsible,
            _OVERDUE_SUBJECT,
            "follow_up_overdue",
            kind=NotificationKind.DECISION_FOLLOW_UP,
            entries=entries,
        )
        mails += message is not None
    return mails


def remind_follow_up(today: date | None = None) -> ReminderReport:
    """Queue the review and overdue reminders of the day, and commit."""
    today = today or today_local()
    decisions, review_mails = _remind_reviews(today)
    overdue_mails = _remind_overdue(today)
    db.session.commit()
    return ReminderReport(decisions, review_mails, overdue_mails)


@click.command("remind-follow-up")
@with_appcontext
def remind_reviews_command() -> None:
    """Mail the secretariat about due review dates and the responsible people about overdue
    actions (run daily)."""
    write_intent.set(True)
    click.echo(remind_follow_up().summary())
