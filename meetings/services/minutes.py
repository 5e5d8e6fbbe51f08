"""Writing the minutes: starting them, the header, and the entry of each agenda item.

Each public function is one transaction. Edits are checked against the version the editor
started from (optimistic locking): a save based on an older state raises :class:`Conflict` and
changes nothing, so the view can give the editor their text back. Every saved state is kept as a
:class:`MinutesRevision` with the whole text, so any two can be compared. The workflow
(circulate, comment, approve, lock, amend) lives in ``minutes_workflow``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from meetings.models import (
    AgendaItem,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesActionItem,
    MinutesEntry,
    MinutesRevision,
    MinutesStatus,
)
from meetings.services import attendance
from meetings.services.numbered import numbered_agenda
from portal import audit
from portal.db import in_effect_on, utcnow
from portal.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import Membership, MembershipRole, User
from portal.permissions import Action, require
from portal.timeutil import to_local

logger = logging.getLogger(__name__)

MAX_NAME = 200
MAX_DISCUSSION = 50_000
MAX_DECISION = 10_000
MAX_ACTION = 2_000
MAX_VOTES = 10_000
MAX_ACTIONS = 50
#: A meeting longer than this is a typing error.
MAX_DURATION = timedelta(hours=24)
_HEADER = ("chair", "minute_taker", "started_at", "ended_at")
_ENTRY = ("discussion", "decision_text", "votes_yes", "votes_no", "votes_abstain", "outcome")
_DECISION = _ENTRY[1:]


# --- shared steps (never commit) --------------------------------------------------------------


def content(minutes: Minutes, items: Iterable[AgendaItem], entries: Iterable[MinutesEntry]) -> dict:
    """Return the whole text of the minutes as JSON: header, then each item in agenda order."""
    by_item = {entry.agenda_item_id: entry for entry in entries}
    shown = []
    for numbered in numbered_agenda(items):
        entry = by_item.get(numbered.item.id)
        if entry is None:
            continue
        item = numbered.item
        parent_hidden = item.parent is not None and not item.parent.is_public
        shown.append(
            {
                "id": item.id,
                "number": numbered.number,
                "title": item.title,
                "kind": item.kind.value,
                "is_public": item.is_public and not parent_hidden,
                **audit.snapshot(entry, _ENTRY),
                "actions": [
                    {
                        "what": action.what,
                        "who": action.who,
                        "due_on": action.due_on.isoformat() if action.due_on else None,
                    }
                    for action in entry.actions
                ],
            }
        )
    return {"header": audit.snapshot(minutes, _HEADER), "items": shown}


def load_entries(minutes: Minutes) -> list[MinutesEntry]:
    """Return the entries of the minutes with their actions, in two queries."""
    return list(
        db.session.scalars(
            select(MinutesEntry)
            .where(MinutesEntry.minutes_id == minutes.id)
            .options(selectinload(MinutesEntry.actions))
        )
    )


def record_revision(actor: User, minutes: Minutes, summary: str) -> MinutesRevision:
    """Keep the state the minutes are in now as their next revision (the caller commits)."""
    db.session.flush()
    latest = db.session.scalar(
        select(func.max(MinutesRevision.number)).where(MinutesRevision.minutes_id == minutes.id)
    )
    revision = MinutesRevision(
        minutes_id=minutes.id,
        number=(latest or 0) + 1,
        saved_by_id=getattr(actor, "id", None),
        status=minutes.status,
        summary=summary[:200],
        content=content(minutes, minutes.meeting.items, load_entries(minutes)),
    )
    db.session.add(revision)
    return revision


def refuse_if_final(minutes: Minutes) -> None:
    """Approved and locked minutes never change; corrections are amendments."""
    if minutes.is_final:
        raise InvalidInput(
            [
                (
                    "",
                    _(
                        "Die Niederschrift ist genehmigt und kann nicht mehr geändert werden. "
                        "Korrekturen sind als Berichtigung möglich."
                    ),
                )
            ]
        )


def commit_or_conflict(message: str) -> None:
    """Commit; if someone else saved the same row meanwhile, roll back and raise Conflict."""
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise Conflict(message) from None


def _stale(what: str) -> str:
    return _(
        "%(what)s wurde inzwischen von jemand anderem gespeichert. Ihr Text ist unten erhalten, "
        "der gespeicherte Stand steht zum Vergleich daneben. Bitte übernehmen Sie, was bleiben "
        "soll, und speichern Sie erneut.",
        what=what,
    )


def _too_long(field: str, limit: int) -> tuple[str, str]:
    return (field, _("Höchstens %(max)d Zeichen.", max=limit))


# --- starting the minutes ---------------------------------------------------------------------


def _chair_name(meeting: Meeting) -> str:
    """Return the name of whoever held the body's chair on the meeting's day."""
    day = to_local(meeting.starts_at).date()
    return (
        db.session.scalar(
            select(User.name)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.body_id == meeting.body_id,
                Membership.role == MembershipRole.CHAIR,
                in_effect_on(Membership, day),
            )
            .order_by(Membership.starts_on.desc(), Membership.id.desc())
            .limit(1)
        )
        or ""
    )


def start_minutes(actor: User, meeting: Meeting, *, now: datetime | None = None) -> Minutes:
    """Start the minutes of a meeting that has begun: header from the data, one entry per item."""
    require(actor, Action.MEETING_MANAGE, meeting)
    now = now or utcnow()
    if meeting.is_cancelled:
        raise InvalidInput([("", _("Die Sitzung ist abgesagt; es gibt keine Niederschrift."))])
    if meeting.starts_at > now:
        raise InvalidInput(
            [("", _("Die Niederschrift kann erst angelegt werden, wenn die Sitzung begonnen hat."))]
        )
    exists = db.session.scalar(select(Minutes.id).where(Minutes.meeting_id == meeting.id).limit(1))
    if exists is not None:
        raise InvalidInput([("", _("Für diese Sitzung gibt es schon eine Niederschrift."))])
    minutes = Minutes(
        meeting=meeting,
        status=MinutesStatus.DRAFT,
        chair=_chair_name(meeting),
        minute_taker=getattr(actor, "name", ""),
        started_at=meeting.starts_at,
        ended_at=meeting.ends_at,
        entries=[MinutesEntry(agenda_item_id=item.id) for item in meeting.items],
    )
    db.session.add(minutes)
    before_status = meeting.status
    if meeting.status in (MeetingStatus.PLANNED, MeetingStatus.INVITED):
        meeting.status = MeetingStatus.HELD
    # Touch the meeting's row so that two people starting at once collide on its version.
    flag_modified(meeting, "status")
    db.session.flush()
    record_revision(actor, minutes, _("Niederschrift angelegt"))
    audit.record(
        actor,
        "minutes.create",
        minutes,
        label=meeting.title,
        before={"meeting_status": before_status.value},
        after={**audit.snapshot(minutes, _HEADER), "meeting_status": meeting.status.value},
    )
    commit_or_conflict(_("Die Niederschrift wurde gerade von jemand anderem angelegt."))
    logger.info("minutes %s started for meeting %s", minutes.id, meeting.id)
    return minutes


# --- the header -------------------------------------------------------------------------------


def _validate_header(chair: str, minute_taker: str, started_at, ended_at) -> None:
    errors: list[tuple[str, str]] = []
    for field, value, message in (
        ("chair", chair, _("Bitte geben Sie an, wer die Sitzung geleitet hat.")),
        ("minute_taker", minute_taker, _("Bitte geben Sie an, wer das Protokoll führt.")),
    ):
        if not value:
            errors.append((field, message))
        elif len(value) > MAX_NAME:
            errors.append(_too_long(field, MAX_NAME))
    if started_at is None:
        errors.append(("starts_time", _("Bitte geben Sie den Beginn an.")))
    elif ended_at is None:
        errors.append(("ends_time", _("Bitte geben Sie das Ende an.")))
    elif ended_at <= started_at:
        errors.append(("ends_time", _("Das Ende muss nach dem Beginn liegen.")))
    elif ended_at - started_at > MAX_DURATION:
        errors.append(("ends_time", _("Eine Sitzung kann höchstens 24 Stunden dauern.")))
    if errors:
        raise InvalidInput(errors)


def update_minutes_header(
    actor: User,
    minutes: Minutes,
    *,
    lock_version: int | None,
    chair: str,
    minute_taker: str,
    started_at: datetime | None,
    ended_at: datetime | None,
) -> Minutes:
    """Change who chaired and who took the minutes, and when the meeting really began and ended."""
    require(actor, Action.MEETING_MANAGE, minutes.meeting)
    refuse_if_final(minutes)
    message = _stale(_("Der Kopf der Niederschrift"))
    if lock_version != minutes.lock_version:
        raise Conflict(message)
    chair, minute_taker = (chair or "").strip(), (minute_taker or "").strip()
    _validate_header(chair, minute_taker, started_at, ended_at)
    before = audit.snapshot(minutes, _HEADER)
    minutes.chair, minutes.minute_taker = chair, minute_taker
    minutes.started_at, minutes.ended_at = started_at, ended_at
    after = audit.snapshot(minutes, _HEADER)
    if before == after:
        return minutes
    try:
        record_revision(actor, minutes, _("Kopfdaten bearbeitet"))
    except StaleDataError:
        db.session.rollback()
        raise Conflict(message) from None
    audit.record(
        actor, "minutes.header", minutes, label=minutes.meeting.title, before=before, after=after
    )
    commit_or_conflict(message)
    return minutes


# --- the entry of one agenda item -------------------------------------------------------------


def _clean_actions(actions: Iterable[tuple]) -> list[tuple[str, str, date | None]]:
    """Drop rows left empty; strip the rest."""
    rows = []
    for what, who, due_on in actions:
        what, who = (what or "").strip(), (who or "").strip()
        if what or who or due_on:
            rows.append((what, who, due_on))
    return rows


def _validate_entry(meeting: Meeting, item: AgendaItem, fields: dict, actions: list) -> None:
    errors: list[tuple[str, str]] = []
    for field, limit in (("discussion", MAX_DISCUSSION), ("decision_text", MAX_DECISION)):
        if len(fields[field]) > limit:
            errors.append(_too_long(field, limit))
    for field in ("votes_yes", "votes_no", "votes_abstain"):
        votes = fields[field]
        if votes is not None and not (isinstance(votes, int) and 0 <= votes <= MAX_VOTES):
            errors.append(
                (field, _("Bitte geben Sie eine Zahl zwischen 0 und %(max)d an.", max=MAX_VOTES))
            )
    outcome = fields["outcome"]
    if outcome is not None and outcome not in {o.value for o in DecisionOutcome}:
        errors.append(("outcome", _("Bitte wählen Sie ein Ergebnis aus der Liste.")))
    has_decision = any(fields[field] not in (None, "") for field in _DECISION)
    if has_decision and not fields["decision_text"]:
        errors.append(("decision_text", _("Bitte geben Sie den Wortlaut des Beschlusses an.")))
    if has_decision and (refusal := attendance.decision_refusal(meeting, item)):
        errors.append(("decision_text", refusal))
    if len(actions) > MAX_ACTIONS:
        errors.append(("actions", _("Höchstens %(max)d Maßnahmen je Punkt.", max=MAX_ACTIONS)))
    for index, (what, who, _due) in enumerate(actions):
        if not what:
            errors.append((f"actions-{index}-what", _("Bitte beschreiben Sie die Maßnahme.")))
        elif len(what) > MAX_ACTION:
            errors.append(_too_long(f"actions-{index}-what", MAX_ACTION))
        if len(who) > MAX_NAME:
            errors.append(_too_long(f"actions-{index}-who", MAX_NAME))
    if errors:
        raise InvalidInput(errors)


def save_minutes_entry(
    actor: User,
    entry: MinutesEntry,
    *,
    lock_version: int | None,
    discussion: str = "",
    decision_text: str = "",
    votes_yes: int | None = None,
    votes_no: int | None = None,
    votes_abstain: int | None = None,
    outcome: str | None = None,
    actions: Iterable[tuple[str, str, date | None]] = (),
) -> MinutesEntry:
    """Save what the minutes say under one agenda item: discussion, decision, votes, actions.

    A decision can only be recorded under a decision item of a meeting that had quorum then.
    """
    minutes = entry.minutes
    meeting = minutes.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    refuse_if_final(minutes)
    item = entry.agenda_item
    message = _stale(_("Der Eintrag zu „%(title)s“", title=item.title))
    if lock_version != entry.lock_version:
        raise Conflict(message)
    fields = {
        "discussion": (discussion or "").strip(),
        "decision_text": (decision_text or "").strip(),
        "votes_yes": votes_yes,
        "votes_no": votes_no,
        "votes_abstain": votes_abstain,
        "outcome": outcome or None,
    }
    rows = _clean_actions(actions)
    _validate_entry(meeting, item, fields, rows)
    before = {
        **audit.snapshot(entry, _ENTRY),
        "actions": _action_summary((a.what, a.who, a.due_on) for a in entry.actions),
    }
    after = {**fields, "actions": _action_summary(rows)}
    if before == after:
        return entry
    for name, value in fields.items():
        setattr(entry, name, DecisionOutcome(value) if name == "outcome" and value else value)
    entry.actions = [
        MinutesActionItem(position=position, what=what, who=who, due_on=due_on)
        for position, (what, who, due_on) in enumerate(rows)
    ]
    # Count the entry's version up even when only its actions changed.
    flag_modified(entry, "discussion")
    try:
        record_revision(actor, minutes, _("Eintrag „%(title)s“ bearbeitet", title=item.title))
    except StaleDataError:
        db.session.rollback()
        raise Conflict(message) from None
    audit.record(actor, "minutes.entry", entry, label=item.title, before=before, after=after)
    commit_or_conflict(message)
    return entry


def _action_summary(rows: Iterable[tuple[str, str, date | None]]) -> list[str]:
    """Return follow-up actions as lines for the audit log: "what | who | due"."""
    return [
        " | ".join((what, who, due_on.isoformat() if due_on else "")) for what, who, due_on in rows
    ]
