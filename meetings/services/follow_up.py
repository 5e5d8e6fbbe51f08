"""Follow-up of decisions: actions (Maßnahmen), progress notes, overdue work and review dates.

The secretariat adds actions to a decision and names who carries them out; that person and the
secretariat report progress in dated notes, each of which may move the action's status. Overdue
actions and due review dates come back to the secretariat: on the start page, by mail
(``follow_up_cli``), and, with one click, as an item on the next meeting's agenda.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from meetings.implementation import PENDING_STATUSES
from meetings.models import (
    ActionNote,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    Decision,
    FollowUpAction,
    Meeting,
    MeetingStatus,
)
from meetings.services.agenda import MAX_DESCRIPTION as ITEM_MAX_DESCRIPTION
from meetings.services.agenda import append_agenda_item
from meetings.services.decisions import decision_reference
from portal import audit, notifications
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.i18n import N_
from portal.models import Body, NotificationKind, Organisation, User
from portal.permissions import Action, meeting_bodies, require
from portal.timeutil import date_text, today_local

MAX_DESCRIPTION = 2_000
MAX_NOTE = 5_000
#: The title of the report item on the agenda; at most one per meeting.
REPORT_TITLE = "Bericht: überfällige Maßnahmen"
_AUDITED = ("description", "organisation_id", "responsible_id", "due_on", "status")
_ASSIGNED_SUBJECT = N_("Neue Maßnahme für Sie: %(reference)s")


def decision_link(decision: Decision) -> str:
    """Return the decision page's public address, for mail and agenda texts."""
    return f"{current_app.config['PORTAL_BASE_URL']}/decisions/{decision.id}"


def action_link(action: FollowUpAction) -> str:
    """Return the action page's public address (where its progress is reported)."""
    return f"{current_app.config['PORTAL_BASE_URL']}/decisions/actions/{action.id}"


def get_action(actor: User | None, action_id: int) -> FollowUpAction:
    """Return the action if the actor may see its decision, or raise NotFound."""
    action = db.session.scalar(
        select(FollowUpAction)
        .where(FollowUpAction.id == action_id)
        .options(
            joinedload(FollowUpAction.decision).joinedload(Decision.body),
            joinedload(FollowUpAction.organisation),
            joinedload(FollowUpAction.responsible),
            selectinload(FollowUpAction.notes).joinedload(ActionNote.author),
        )
    )
    if action is None:
        raise NotFound()
    require(actor, Action.DECISION_VIEW, action.decision)
    return action


def action_choices() -> tuple[list[Organisation], list[User]]:
    """Return the organisations and the active people an action may be given to."""
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    people = db.session.scalars(
        select(User).where(User.is_active.is_(True)).order_by(User.name, User.id)
    )
    return list(organisations), list(people)


def _action_errors(description: str, responsible: User | None) -> list[tuple[str, str]]:
    errors = []
    if not description:
        errors.append(("description", _("Bitte beschreiben Sie die Maßnahme.")))
    elif len(description) > MAX_DESCRIPTION:
        errors.append(
            (
                "description",
                _(
                    "Die Beschreibung darf höchstens %(max)d Zeichen lang sein.",
                    max=MAX_DESCRIPTION,
                ),
            )
        )
    if responsible is not None and not responsible.is_active:
        errors.append(("responsible_id", _("Bitte wählen Sie eine aktive Person aus der Liste.")))
    return errors


def _tell_responsible(actor: User, action: FollowUpAction) -> None:
    """Mail the person newly responsible for the action (not the one who named themselves)."""
    person = action.responsible
    if person is None or person.id == actor.id:
        return
    decision = action.decision
    notifications.queue_mail(
        person,
        _ASSIGNED_SUBJECT,
        "follow_up_assigned",
        kind=NotificationKind.DECISION_FOLLOW_UP,
        reference=decision_reference(decision),
        action=action,
        decision=decision,
        link=action_link(action),
    )


def add_action(
    actor: User,
    decision: Decision,
    *,
    description: str,
    organisation: Organisation | None = None,
    responsible: User | None = None,
    due_on: date | None = None,
) -> FollowUpAction:
    """Add a follow-up action to a decision; the responsible person hears of it."""
    require(actor, Action.DECISION_MANAGE, decision)
    description = (description or "").strip()
    errors = _action_errors(description, responsible)
    if errors:
        raise InvalidInput(errors)
    action = FollowUpAction(
        decision=decision,
        description=description,
        organisation=organisation,
        responsible=responsible,
        due_on=due_on,
        status=ActionStatus.OPEN,
    )
    db.session.add(action)
    db.session.flush()
    audit.record(
        actor,
        "follow_up_action.create",
        action,
        label=f"{decision_reference(decision)}: {description}",
        after=audit.snapshot(action, _AUDITED),
    )
    _tell_responsible(actor, action)
    db.session.commit()
    return action


def update_action(
    actor: User,
    action: FollowUpAction,
    *,
    description: str,
    organisation: Organisation | None = None,
    responsible: User | None = None,
    due_on: date | None = None,
) -> FollowUpAction:
    """Change what an action is, who carries it out and by when (its status moves by notes)."""
    require(actor, Action.DECISION_MANAGE, action.decision)
    description = (description or "").strip()
    errors = _action_errors(description, responsible)
    if errors:
        raise InvalidInput(errors)
    before = audit.snapshot(action, _AUDITED)
    newly_responsible = responsible is not None and responsible.id != action.responsible_id
    action.description = description
    action.organisation = organisation
    action.responsible = responsible
    action.due_on = due_on
    db.session.flush()
    audit.record(
        actor,
        "follow_up_action.update",
        action,
        label=f"{decision_reference(action.decision)}: {description}",
        before=before,
        after=audit.snapshot(action, _AUDITED),
    )
    if newly_responsible:
        _tell_responsible(actor, action)
    db.session.commit()
    return action


def add_action_note(
    actor: User, action: FollowUpAction, *, text: str, status: ActionStatus | str
) -> ActionNote:
    """Report progress on an action in a dated note; the note sets the action's status."""
    require(actor, Action.ACTION_REPORT, action)
    text = (text or "").strip()
    errors = []
    if not text:
        errors.append(("text", _("Bitte beschreiben Sie den Stand der Umsetzung.")))
    elif len(text) > MAX_NOTE:
        errors.append(
            ("text", _("Der Bericht darf höchstens %(max)d Zeichen lang sein.", max=MAX_NOTE))
        )
    if status not in {value.value for value in ActionStatus}:
        errors.append(("status", _("Bitte wählen Sie einen Stand aus der Liste.")))
    if errors:
        raise InvalidInput(errors)
    before = audit.snapshot(action, ("status",))
    note = ActionNote(action=action, author_id=actor.id, text=text, status_after=status)
    action.status = ActionStatus(status)
    db.session.add(note)
    db.session.flush()
    audit.record(
        actor,
        "follow_up_action.report",
        action,
        label=f"{decision_reference(action.decision)}: {action.description}",
        before=before,
        after={**audit.snapshot(action, ("status",)), "note": text[:300]},
    )
    db.session.commit()
    return note


def overdue_query(today: date) -> Select:
    """Select the actions past their due date and not done, with decision, body and people."""
    return (
        select(FollowUpAction)
        .join(FollowUpAction.decision)
        .join(Decision.body)
        .where(FollowUpAction.status.in_(PENDING_STATUSES), FollowUpAction.due_on < today)
        .options(
            contains_eager(FollowUpAction.decision).contains_eager(Decision.body),
            joinedload(FollowUpAction.organisation),
            joinedload(FollowUpAction.responsible),
        )
        .order_by(FollowUpAction.due_on, FollowUpAction.id)
    )


def overdue_actions(user: User | None, *, today: date | None = None) -> list[FollowUpAction]:
    """Return the overdue actions the user follows up: of bodies they run, and their own."""
    if user is None or not user.is_authenticated:
        return []
    query = overdue_query(today or today_local()).where(
        or_(meeting_bodies(user), FollowUpAction.responsible_id == user.id)
    )
    return list(db.session.scalars(query))


def overdue_actions_of_body(body: Body, *, today: date | None = None) -> list[FollowUpAction]:
    """Return the body's overdue actions (for its report item and the reminders)."""
    query = overdue_query(today or today_local()).where(Decision.body_id == body.id)
    return list(db.session.scalars(query))


def reviews_due(user: User | None, *, today: date | None = None) -> list[Decision]:
    """Return the decisions whose review date has come, of the bodies the user runs."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        db.session.scalars(
            select(Decision)
            .join(Decision.body)
            .where(meeting_bodies(user), Decision.review_on <= (today or today_local()))
            .options(contains_eager(Decision.body))
            .order_by(Decision.review_on, Decision.id)
        )
    )


def next_meeting(body: Body) -> Meeting | None:
    """Return the body's next meeting whose agenda is still open, or None."""
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.body_id == body.id,
            Meeting.status.in_((MeetingStatus.PLANNED, MeetingStatus.INVITED)),
            Meeting.starts_at >= utcnow(),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def _action_line(action: FollowUpAction) -> str:
    parts = [f"{decision_reference(action.decision)}: {action.description}"]
    who = ", ".join(
        name
        for name in (
            action.organisation.name if action.organisation else "",
            action.responsible.name if action.responsible else "",
        )
        if name
    )
    if who:
        parts.append(f"({who})")
    parts.append(_("fällig seit %(date)s", date=date_text(action.due_on)))
    return "- " + " ".join(parts).replace("\n", " ")


def report_text(actions: list[FollowUpAction]) -> str:
    """Write the report item's description: one Markdown line per overdue action."""
    intro = _("Die Geschäftsführung berichtet über die Maßnahmen, die überfällig sind:")
    return "\n".join([intro, "", *(_action_line(action) for action in actions)])


def insert_report_item(actor: User, meeting: Meeting) -> AgendaItem:
    """Put one report item on overdue actions of the meeting's body onto its agenda.

    The item is non-public: it names people and organisations that are behind. A meeting gets
    one such item; the list is the one of the day it was inserted.
    """
    require(actor, Action.DECISION_MANAGE, meeting.body)
    if any(item.title == REPORT_TITLE for item in meeting.items):
        raise Conflict(
            _("Der Bericht über überfällige Maßnahmen steht bereits auf der Tagesordnung.")
        )
    actions = overdue_actions_of_body(meeting.body)
    if not actions:
        raise InvalidInput([("", _("Es gibt keine überfälligen Maßnahmen dieses Gremiums."))])
    item = append_agenda_item(
        actor,
        meeting,
        title=REPORT_TITLE,
        description=_truncated(report_text(actions)),
        kind=AgendaItemKind.INFORMATION.value,
        is_public=False,
    )
    db.session.commit()
    return item


def _truncated(text: str) -> str:
    """Keep a description within what an agenda item holds; the portal has the rest."""
    if len(text) <= ITEM_MAX_DESCRIPTION:
        return text
    cut = text[: ITEM_MAX_DESCRIPTION - 200].rsplit("\n", 1)[0]
    return cut + "\n\n" + _("… (gekürzt; vollständig im Portal)")


def put_review_on_agenda(actor: User, decision: Decision, meeting: Meeting) -> AgendaItem:
    """Put a decision whose review date has come on the agenda, and clear the date."""
    require(actor, Action.DECISION_MANAGE, decision)
    if meeting.body_id != decision.body_id:
        raise NotFound()
    if decision.review_on is None:
        raise InvalidInput([("", _("Für diesen Beschluss ist keine Wiedervorlage festgelegt."))])
    reference = decision_reference(decision)
    item = append_agenda_item(
        actor,
        meeting,
        title=_("Wiedervorlage: Beschluss %(reference)s", reference=reference),
        description=_truncated(f"{decision_link(decision)}\n\n{decision.resolution_text}"),
        kind=AgendaItemKind.DISCUSSION.value,
        is_public=decision.is_public and meeting.is_public,
    )
    before = audit.snapshot(decision, ("review_on",))
    decision.review_on = None
    audit.record(
        actor,
        "decision.review_scheduled",
        decision,
        label=reference,
        before=before,
        after={"review_on": None, "meeting_id": meeting.id},
    )
    db.session.commit()
    return item
