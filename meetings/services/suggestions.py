"""Agenda items suggested by members, and the secretariat's decision on them.

A member suggests an item while the meeting is still ahead and its agenda open; the secretariat
accepts it (the item then joins the agenda like any other: numbered, marked as a supplement after
the invitation, recorded and announced) or declines it with a reason. A decision is final, and
the proposer hears of it by mail.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from meetings.models import AgendaItem, AgendaItemKind, AgendaSuggestion, Meeting, SuggestionStatus
from meetings.services.agenda import append_agenda_item, item_text_errors
from meetings.services.links import meeting_link
from meetings.services.numbered import numbered_agenda
from meetings.services.suggestion_panel import accepts_suggestions
from portal import audit, notifications
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.i18n import N_
from portal.models import NotificationKind, User
from portal.permissions import Action, require

MAX_REASON = 2000
_AUDITED = ("title", "description", "kind", "is_public", "status", "decision_reason")
_SUBJECTS = {
    SuggestionStatus.ACCEPTED: N_("Vorschlag angenommen: %(title)s"),
    SuggestionStatus.DECLINED: N_("Vorschlag abgelehnt: %(title)s"),
}


def _clean(title: str, description: str, kind: str, is_public: bool) -> dict:
    return {
        "title": (title or "").strip(),
        "description": description or "",
        "kind": kind or AgendaItemKind.DISCUSSION.value,
        "is_public": bool(is_public),
    }


def suggest_agenda_item(
    actor: User,
    meeting: Meeting,
    *,
    title: str,
    description: str = "",
    kind: str = AgendaItemKind.DISCUSSION.value,
    is_public: bool = True,
    now: datetime | None = None,
) -> AgendaSuggestion:
    """Suggest an item for the agenda of a meeting that is still ahead."""
    require(actor, Action.AGENDA_SUGGEST, meeting)
    if not accepts_suggestions(meeting, now):
        raise InvalidInput(
            [
                (
                    "",
                    _(
                        "Für diese Sitzung können keine Tagesordnungspunkte mehr "
                        "vorgeschlagen werden."
                    ),
                )
            ]
        )
    fields = _clean(title, description, kind, is_public)
    errors = item_text_errors(fields)
    if errors:
        raise InvalidInput(errors)
    suggestion = AgendaSuggestion(
        meeting=meeting,
        proposer_id=actor.id,
        status=SuggestionStatus.PENDING,
        **{**fields, "kind": AgendaItemKind(fields["kind"])},
    )
    db.session.add(suggestion)
    db.session.flush()
    audit.record(
        actor,
        "agenda_suggestion.create",
        suggestion,
        label=suggestion.title,
        after=audit.snapshot(suggestion, _AUDITED),
    )
    db.session.commit()
    return suggestion


def get_suggestion(actor: User, meeting: Meeting, suggestion_id: int) -> AgendaSuggestion:
    """Return a suggestion for the meeting's secretariat to decide, or raise NotFound."""
    require(actor, Action.MEETING_MANAGE, meeting)
    suggestion = db.session.scalar(
        select(AgendaSuggestion).where(
            AgendaSuggestion.id == suggestion_id, AgendaSuggestion.meeting_id == meeting.id
        )
    )
    if suggestion is None:
        raise NotFound()
    return suggestion


def _refuse_if_decided(suggestion: AgendaSuggestion) -> None:
    if suggestion.status == SuggestionStatus.ACCEPTED:
        raise Conflict(_("Über diesen Vorschlag ist bereits entschieden: Er wurde angenommen."))
    if suggestion.status == SuggestionStatus.DECLINED:
        raise Conflict(_("Über diesen Vorschlag ist bereits entschieden: Er wurde abgelehnt."))


def _reason_errors(reason: str, *, required: bool) -> list[tuple[str, str]]:
    if required and not reason:
        return [("reason", _("Bitte geben Sie an, warum der Vorschlag abgelehnt wird."))]
    if len(reason) > MAX_REASON:
        return [
            (
                "reason",
                _("Die Begründung darf höchstens %(max)d Zeichen lang sein.", max=MAX_REASON),
            )
        ]
    return []


def _decide(
    actor: User,
    suggestion: AgendaSuggestion,
    status: SuggestionStatus,
    reason: str,
    item: AgendaItem | None = None,
) -> None:
    """Record the decision, its audit entry and the proposer's mail (the caller commits).

    The row changes only while it is still pending, so of two people deciding at once the
    second gets a conflict (and their transaction, with any agenda item, is rolled back).
    """
    before = audit.snapshot(suggestion, _AUDITED)
    result = db.session.execute(
        update(AgendaSuggestion)
        .where(
            AgendaSuggestion.id == suggestion.id,
            AgendaSuggestion.status == SuggestionStatus.PENDING,
        )
        .values(
            status=status,
            decision_reason=reason,
            decided_by_id=actor.id,
            decided_at=utcnow(),
            agenda_item_id=item.id if item is not None else None,
        )
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise Conflict(_("Über diesen Vorschlag hat inzwischen jemand anderes entschieden."))
    audit.record(
        actor,
        f"agenda_suggestion.{'accept' if status == SuggestionStatus.ACCEPTED else 'decline'}",
        suggestion,
        label=suggestion.title,
        before=before,
        after=audit.snapshot(suggestion, _AUDITED),
    )
    _tell_proposer(actor, suggestion, status, item)


def _tell_proposer(
    actor: User, suggestion: AgendaSuggestion, status: SuggestionStatus, item: AgendaItem | None
) -> None:
    """Queue the decision mail for the proposer (not for a secretariat deciding its own)."""
    proposer = suggestion.proposer
    if proposer.id == actor.id:
        return
    meeting = suggestion.meeting
    number = next(
        (
            entry.number
            for entry in numbered_agenda(meeting.items)
            if item is not None and entry.item.id == item.id
        ),
        None,
    )
    notifications.queue_mail(
        proposer,
        _SUBJECTS[status],
        "suggestion_decided",
        kind=NotificationKind.SUGGESTION_DECIDED,
        title=suggestion.title,
        suggestion=suggestion,
        accepted=status == SuggestionStatus.ACCEPTED,
        meeting=meeting,
        number=number,
        link=meeting_link(meeting),
    )


def accept_suggestion(
    actor: User, suggestion: AgendaSuggestion, *, reason: str = ""
) -> AgendaSuggestion:
    """Put the suggested item on the agenda (as a supplement after the invitation)."""
    meeting = suggestion.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_if_decided(suggestion)
    reason = (reason or "").strip()
    errors = _reason_errors(reason, required=False)
    if errors:
        raise InvalidInput(errors)
    item = append_agenda_item(
        actor,
        meeting,
        title=suggestion.title,
        description=suggestion.description,
        kind=suggestion.kind.value,
        is_public=suggestion.is_public,
    )
    _decide(actor, suggestion, SuggestionStatus.ACCEPTED, reason, item)
    db.session.commit()
    return suggestion


def decline_suggestion(
    actor: User, suggestion: AgendaSuggestion, *, reason: str
) -> AgendaSuggestion:
    """Decline a suggestion; the proposer reads the reason."""
    require(actor, Action.MEETING_MANAGE, suggestion.meeting)
    _refuse_if_decided(suggestion)
    reason = (reason or "").strip()
    errors = _reason_errors(reason, required=True)
    if errors:
        raise InvalidInput(errors)
    _decide(actor, suggestion, SuggestionStatus.DECLINED, reason)
    db.session.commit()
    return suggestion
