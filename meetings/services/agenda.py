"""Agenda items: adding, changing, removing and reordering them, and the body's template.

Items added after the invitation are marked as supplements (Nachtrag); every change after the
invitation is recorded on the meeting and announced to the members.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from meetings.defaults import DEFAULT_AGENDA
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    AgendaTemplateItem,
    Meeting,
    MeetingChangeKind,
    MeetingStatus,
)
from meetings.services import announcements
from meetings.services.changes import record_change
from meetings.services.ordering import reorder
from portal import audit
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import NotificationKind, User
from portal.permissions import Action, require

_AUDITED = (
    "title",
    "description",
    "kind",
    "presenter",
    "duration_minutes",
    "is_public",
    "parent_id",
)
MAX_TITLE = 300
MAX_DESCRIPTION = 20_000
MAX_PRESENTER = 200
MAX_MINUTES = 600


def copy_template_items(meeting: Meeting) -> None:
    """Give a new meeting the agenda of its body's template (or the usual default agenda)."""
    rows = db.session.scalars(
        select(AgendaTemplateItem)
        .where(AgendaTemplateItem.body_id == meeting.body.id)
        .order_by(AgendaTemplateItem.position, AgendaTemplateItem.id)
    ).all()
    template = rows or DEFAULT_AGENDA
    for position, row in enumerate(template):
        meeting.items.append(
            AgendaItem(
                position=position,
                title=row.title,
                description=getattr(row, "description", ""),
                kind=AgendaItemKind(row.kind),
                is_public=row.is_public,
            )
        )


def _refuse_unless_open(meeting: Meeting) -> None:
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.INVITED):
        raise InvalidInput(
            [("", _("Die Tagesordnung dieser Sitzung kann nicht mehr geändert werden."))]
        )


def _clean(fields: dict) -> dict:
    minutes = fields.get("duration_minutes")
    return {
        "title": (fields.get("title") or "").strip(),
        "description": fields.get("description") or "",
        "kind": fields.get("kind") or AgendaItemKind.INFORMATION.value,
        "presenter": (fields.get("presenter") or "").strip(),
        "duration_minutes": minutes if minutes not in ("", None) else None,
        "is_public": bool(fields.get("is_public")),
        "parent_id": fields.get("parent_id") or None,
    }


def item_text_errors(fields: dict) -> list[tuple[str, str]]:
    """Return the German errors of an item's title, description and kind (shared by all items)."""
    errors: list[tuple[str, str]] = []
    if not fields["title"]:
        errors.append(("title", _("Bitte geben Sie einen Titel an.")))
    elif len(fields["title"]) > MAX_TITLE:
        errors.append(
            ("title", _("Der Titel darf höchstens %(max)d Zeichen lang sein.", max=MAX_TITLE))
        )
    if len(fields["description"]) > MAX_DESCRIPTION:
        errors.append(
            (
                "description",
                _(
                    "Die Beschreibung darf höchstens %(max)d Zeichen lang sein.",
                    max=MAX_DESCRIPTION,
                ),
            )
        )
    if fields["kind"] not in {kind.value for kind in AgendaItemKind}:
        errors.append(("kind", _("Bitte wählen Sie eine Art aus der Liste.")))
    return errors


def _validate(fields: dict, meeting: Meeting, item: AgendaItem | None) -> None:
    errors = item_text_errors(fields)
    if len(fields["presenter"]) > MAX_PRESENTER:
        errors.append(
            (
                "presenter",
                _("Die Angabe darf höchstens %(max)d Zeichen lang sein.", max=MAX_PRESENTER),
            )
        )
    minutes = fields["duration_minutes"]
    if minutes is not None and not (isinstance(minutes, int) and 1 <= minutes <= MAX_MINUTES):
        errors.append(
            (
                "duration_minutes",
                _("Die Dauer muss zwischen 1 und %(max)d Minuten liegen.", max=MAX_MINUTES),
            )
        )
    parent_id = fields["parent_id"]
    if parent_id is not None:
        parent = next((other for other in meeting.items if other.id == parent_id), None)
        if parent is None or parent.parent_id is not None:
            errors.append(
                ("parent_id", _("Bitte wählen Sie einen Tagesordnungspunkt der Sitzung."))
            )
        elif item is not None and (parent.id == item.id or item.children):
            errors.append(
                ("parent_id", _("Ein Punkt mit Unterpunkten kann selbst kein Unterpunkt werden."))
            )
    if errors:
        raise InvalidInput(errors)


def _siblings(meeting: Meeting, parent_id: int | None) -> list[AgendaItem]:
    return sorted(
        (item for item in meeting.items if item.parent_id == parent_id),
        key=lambda item: (item.position, item.id),
    )


def _after_invitation(actor: User, meeting: Meeting, before: dict, after: dict) -> None:
    """Record and announce an agenda change once the members have been invited."""
    if meeting.status != MeetingStatus.INVITED:
        return
    record_change(actor, meeting, MeetingChangeKind.AGENDA, before, after)
    announcements.announce(meeting, NotificationKind.AGENDA_CHANGED, changed=["agenda"])


def add_agenda_item(actor: User, meeting: Meeting, **fields) -> AgendaItem:
    """Add an item at the end of the agenda (or of its parent's sub-items)."""
    item = append_agenda_item(actor, meeting, **fields)
    db.session.commit()
    return item


def append_agenda_item(actor: User, meeting: Meeting, **fields) -> AgendaItem:
    """Add an item as :func:`add_agenda_item` does, but leave the commit to the caller.

    Accepting a member's suggestion adds its item this way, in the same transaction.
    """
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_unless_open(meeting)
    fields = _clean(fields)
    _validate(fields, meeting, None)
    siblings = _siblings(meeting, fields["parent_id"])
    item = AgendaItem(
        position=(siblings[-1].position + 1) if siblings else 0,
        is_supplement=meeting.status == MeetingStatus.INVITED,
        **{**fields, "kind": AgendaItemKind(fields["kind"])},
    )
    meeting.items.append(item)
    db.session.flush()
    after = audit.snapshot(item, _AUDITED)
    audit.record(actor, "agenda_item.create", item, label=item.title, after=after)
    _after_invitation(actor, meeting, {}, {"added": item.title})
    return item


def update_agenda_item(actor: User, item: AgendaItem, **fields) -> AgendaItem:
    """Change an agenda item's text, kind, presenter, duration, part or parent."""
    meeting = item.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_unless_open(meeting)
    fields = _clean(fields)
    _validate(fields, meeting, item)
    before = audit.snapshot(item, _AUDITED)
    if fields["parent_id"] != item.parent_id:
        siblings = _siblings(meeting, fields["parent_id"])
        item.position = (siblings[-1].position + 1) if siblings else 0
    for name, value in fields.items():
        setattr(item, name, AgendaItemKind(value) if name == "kind" else value)
    after = audit.snapshot(item, _AUDITED)
    if before == after:
        return item
    audit.record(actor, "agenda_item.update", item, label=item.title, before=before, after=after)
    changed = {key for key in after if before[key] != after[key]}
    _after_invitation(
        actor,
        meeting,
        {"item": before["title"], **{key: before[key] for key in changed}},
        {"item": item.title, **{key: after[key] for key in changed}},
    )
    db.session.commit()
    return item


def remove_agenda_item(actor: User, item: AgendaItem) -> Meeting:
    """Take an item (and its sub-items) off the agenda."""
    meeting = item.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_unless_open(meeting)
    audit.record(
        actor, "agenda_item.delete", item, label=item.title, before=audit.snapshot(item, _AUDITED)
    )
    _after_invitation(actor, meeting, {"removed": item.title}, {})
    # The database removes the sub-items with their parent (ON DELETE CASCADE).
    meeting.items.remove(item)
    db.session.flush()
    db.session.expire(meeting, ["items"])
    db.session.commit()
    return meeting


def move_agenda_item(
    actor: User, item: AgendaItem, *, offset: int | None = None, index: int | None = None
) -> AgendaItem:
    """Move an item up or down (``offset`` -1/+1) or to a place among its siblings (``index``)."""
    meeting = item.meeting
    require(actor, Action.MEETING_MANAGE, meeting)
    _refuse_unless_open(meeting)
    moved = reorder(_siblings(meeting, item.parent_id), item, offset=offset, index=index)
    if moved is None:
        return item
    audit.record(
        actor,
        "agenda_item.move",
        item,
        label=item.title,
        before={"position": moved[0]},
        after={"position": moved[1]},
    )
    _after_invitation(actor, meeting, {"moved": item.title}, {})
    db.session.commit()
    return item
