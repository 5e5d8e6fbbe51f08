"""The way of the minutes: draft → circulated for comments → approved → locked; amendments.

Circulating and approving tell the members by mail. Approved minutes never change again: a
correction is a new set of minutes that amends them, copied from them and taken through the same
steps, while the approved set stays as it was and links to its amendments.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from meetings.models import (
    ApprovalMode,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesActionItem,
    MinutesComment,
    MinutesEntry,
    MinutesStatus,
)
from meetings.services import announcements
from meetings.services.minutes import commit_or_conflict, load_entries, record_revision
from portal import audit
from portal.db import utcnow
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import NotificationKind, User
from portal.permissions import Action, require
from portal.timeutil import date_text, today_local

logger = logging.getLogger(__name__)

MAX_COMMENT = 5_000
MAX_REASON = 2_000
#: The longest a comment period can run.
MAX_COMMENT_PERIOD = timedelta(days=365)
_WORKFLOW = ("status", "comments_due_on", "approval_mode", "approved_in_meeting_id")


def _changed_meanwhile() -> str:
    return _(
        "Die Niederschrift wurde inzwischen von jemand anderem geändert. Bitte laden Sie die "
        "Seite neu und versuchen Sie es erneut."
    )


def _finish(actor: User, minutes: Minutes, action: str, before: dict, summary: str) -> None:
    """Keep the new state as a revision and in the audit log (the caller commits)."""
    record_revision(actor, minutes, summary)
    audit.record(
        actor,
        action,
        minutes,
        label=minutes.meeting.title,
        before=before,
        after=audit.snapshot(minutes, _WORKFLOW),
    )


def circulate_minutes(
    actor: User, minutes: Minutes, *, comments_due_on: date | None, today: date | None = None
) -> Minutes:
    """Send draft minutes to the members for comments until a day in the future."""
    require(actor, Action.MEETING_MANAGE, minutes.meeting)
    today = today or today_local()
    if minutes.status != MinutesStatus.DRAFT:
        raise InvalidInput([("", _("Die Niederschrift wurde schon zur Stellungnahme versandt."))])
    if comments_due_on is None:
        raise InvalidInput(
            [("comments_due_on", _("Bitte geben Sie an, bis wann Stellungnahmen möglich sind."))]
        )
    if comments_due_on <= today:
        raise InvalidInput([("comments_due_on", _("Die Frist muss in der Zukunft liegen."))])
    if comments_due_on > today + MAX_COMMENT_PERIOD:
        raise InvalidInput(
            [("comments_due_on", _("Die Frist darf höchstens ein Jahr in der Zukunft liegen."))]
        )
    before = audit.snapshot(minutes, _WORKFLOW)
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = utcnow()
    minutes.comments_due_on = comments_due_on
    _finish(
        actor,
        minutes,
        "minutes.circulate",
        before,
        _("Zur Stellungnahme versandt (bis %(date)s)", date=date_text(comments_due_on)),
    )
    announcements.announce(
        minutes.meeting,
        NotificationKind.MINUTES_CIRCULATED,
        path="/minutes",
        due=date_text(comments_due_on),
        is_amendment=minutes.amends_id is not None,
    )
    commit_or_conflict(_changed_meanwhile())
    logger.info("minutes %s circulated until %s", minutes.id, comments_due_on)
    return minutes


def comment_on_minutes(
    actor: User,
    minutes: Minutes,
    *,
    body: str,
    agenda_item_id: int | None = None,
    today: date | None = None,
) -> MinutesComment:
    """Add a member's comment on circulated minutes (on the whole or on one item)."""
    require(actor, Action.MINUTES_COMMENT, minutes)
    today = today or today_local()
    if minutes.comments_due_on is not None and today > minutes.comments_due_on:
        raise InvalidInput(
            [
                (
                    "body",
                    _(
                        "Die Frist für Stellungnahmen ist am %(date)s abgelaufen.",
                        date=date_text(minutes.comments_due_on),
                    ),
                )
            ]
        )
    body = (body or "").strip()
    errors: list[tuple[str, str]] = []
    if not body:
        errors.append(("body", _("Bitte schreiben Sie Ihre Anmerkung.")))
    elif len(body) > MAX_COMMENT:
        errors.append(("body", _("Höchstens %(max)d Zeichen.", max=MAX_COMMENT)))
    if agenda_item_id is not None and agenda_item_id not in {
        entry.agenda_item_id for entry in minutes.entries
    }:
        errors.append(("agenda_item_id", _("Bitte wählen Sie einen Punkt aus der Liste.")))
    if errors:
        raise InvalidInput(errors)
    comment = MinutesComment(
        minutes_id=minutes.id, agenda_item_id=agenda_item_id, author_id=actor.id, body=body
    )
    db.session.add(comment)
    db.session.flush()
    audit.record(
        actor,
        "minutes.comment",
        comment,
        label=minutes.meeting.title,
        after={"minutes_id": minutes.id, "agenda_item_id": agenda_item_id, "body": body},
    )
    db.session.commit()
    return comment


def approval_meetings(actor: User, minutes: Minutes, *, now=None) -> list[Meeting]:
    """Return the later meetings of the body, already begun, in which the body may approve."""
    require(actor, Action.MINUTES_APPROVE, minutes)
    meeting = minutes.meeting
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.body_id == meeting.body_id,
                Meeting.starts_at > meeting.starts_at,
                Meeting.starts_at <= (now or utcnow()),
                Meeting.status != MeetingStatus.CANCELLED,
            )
            .order_by(Meeting.starts_at.desc())
        )
    )


def _validate_approval(
    minutes: Minutes, mode: str, approved_in: Meeting | None, today: date, now
) -> None:
    if minutes.is_final:
        raise InvalidInput([("", _("Die Niederschrift ist schon genehmigt."))])
    if minutes.status != MinutesStatus.CIRCULATED:
        raise InvalidInput(
            [("", _("Die Niederschrift muss zuerst zur Stellungnahme versandt werden."))]
        )
    if minutes.comments_due_on is not None and today <= minutes.comments_due_on:
        raise InvalidInput(
            [
                (
                    "",
                    _(
                        "Stellungnahmen sind noch bis %(date)s möglich; genehmigt werden kann "
                        "erst danach.",
                        date=date_text(minutes.comments_due_on),
                    ),
                )
            ]
        )
    if mode not in {m.value for m in ApprovalMode}:
        raise InvalidInput([("mode", _("Bitte wählen Sie, wer genehmigt hat."))])
    if mode == ApprovalMode.BODY:
        meeting = minutes.meeting
        if (
            approved_in is None
            or approved_in.body_id != meeting.body_id
            or approved_in.starts_at <= meeting.starts_at
            or approved_in.starts_at > now
            or approved_in.is_cancelled
        ):
            raise InvalidInput(
                [
                    (
                        "approved_in_meeting_id",
                        _(
                            "Bitte wählen Sie die spätere Sitzung des Gremiums, in der die "
                            "Niederschrift genehmigt wurde."
                        ),
                    )
                ]
            )


def approve_minutes(
    actor: User,
    minutes: Minutes,
    *,
    mode: str,
    approved_in_meeting: Meeting | None = None,
    today: date | None = None,
) -> Minutes:
    """Record the approval by the body in a later meeting, or by the chair; the text is final."""
    require(actor, Action.MINUTES_APPROVE, minutes)
    now = utcnow()
    _validate_approval(minutes, mode, approved_in_meeting, today or today_local(), now)
    before = audit.snapshot(minutes, _WORKFLOW)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = now
    minutes.approved_by_id = actor.id
    minutes.approval_mode = ApprovalMode(mode)
    minutes.approved_in_meeting = approved_in_meeting if mode == ApprovalMode.BODY else None
    meeting = minutes.meeting
    if minutes.amends_id is None:
        meeting.status = MeetingStatus.MINUTES_APPROVED
    _finish(actor, minutes, "minutes.approve", before, _("Genehmigt"))
    announcements.announce(
        meeting,
        NotificationKind.MINUTES_APPROVED,
        path="/minutes",
        approved_by_body=mode == ApprovalMode.BODY,
        approved_in=minutes.approved_in_meeting,
        is_amendment=minutes.amends_id is not None,
    )
    commit_or_conflict(_changed_meanwhile())
    logger.info("minutes %s approved (%s)", minutes.id, mode)
    return minutes


def lock_minutes(actor: User, minutes: Minutes) -> Minutes:
    """Close approved minutes for good (signed and filed)."""
    require(actor, Action.MEETING_MANAGE, minutes.meeting)
    if minutes.status != MinutesStatus.APPROVED:
        raise InvalidInput(
            [("", _("Nur eine genehmigte Niederschrift kann abgeschlossen werden."))]
        )
    before = audit.snapshot(minutes, _WORKFLOW)
    minutes.status = MinutesStatus.LOCKED
    minutes.locked_at = utcnow()
    _finish(actor, minutes, "minutes.lock", before, _("Abgeschlossen"))
    commit_or_conflict(_changed_meanwhile())
    return minutes


def start_amendment(actor: User, approved_minutes: Minutes, *, reason: str) -> Minutes:
    """Start a correction of approved minutes: a copy that goes through the workflow again."""
    meeting = approved_minutes.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    if not approved_minutes.is_final:
        raise InvalidInput([("", _("Nur eine genehmigte Niederschrift kann berichtigt werden."))])
    newer = db.session.scalar(
        select(Minutes.id)
        .where(Minutes.meeting_id == meeting.id, Minutes.id > approved_minutes.id)
        .limit(1)
    )
    if newer is not None:
        raise InvalidInput(
            [("", _("Zu dieser Fassung der Niederschrift gibt es schon eine Berichtigung."))]
        )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput([("reason", _("Bitte geben Sie den Grund der Berichtigung an."))])
    if len(reason) > MAX_REASON:
        raise InvalidInput([("reason", _("Höchstens %(max)d Zeichen.", max=MAX_REASON))])
    amendment = Minutes(
        meeting=meeting,
        amends=approved_minutes,
        amendment_reason=reason,
        status=MinutesStatus.DRAFT,
        chair=approved_minutes.chair,
        minute_taker=approved_minutes.minute_taker,
        started_at=approved_minutes.started_at,
        ended_at=approved_minutes.ended_at,
        entries=[_copy(entry) for entry in load_entries(approved_minutes)],
    )
    db.session.add(amendment)
    db.session.flush()
    record_revision(actor, amendment, _("Berichtigung angelegt"))
    audit.record(
        actor,
        "minutes.amend",
        amendment,
        label=meeting.title,
        after={"amends_id": approved_minutes.id, "reason": reason},
    )
    commit_or_conflict(_changed_meanwhile())
    return amendment


def _copy(entry: MinutesEntry) -> MinutesEntry:
    return MinutesEntry(
        agenda_item_id=entry.agenda_item_id,
        discussion=entry.discussion,
        decision_text=entry.decision_text,
        votes_yes=entry.votes_yes,
        votes_no=entry.votes_no,
        votes_abstain=entry.votes_abstain,
        outcome=entry.outcome,
        actions=[
            MinutesActionItem(position=a.position, what=a.what, who=a.who, due_on=a.due_on)
            for a in entry.actions
        ],
    )
