"""A body's agenda template: the items its new meetings start from.

A body without rows of its own uses the usual default agenda (``meetings.defaults``). The first
change makes the default the body's own rows; resetting deletes them, and the default applies
again. A meeting copies the template when it is planned, so editing the template changes the
meetings planned afterwards and never one that exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from meetings.defaults import DEFAULT_AGENDA, TemplateItem
from meetings.models import AgendaItemKind, AgendaTemplateItem
from meetings.services.agenda import item_text_errors
from meetings.services.ordering import reorder
from portal import audit
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import Action, meeting_bodies, require
from portal.services.bodies import get_body

_AUDITED = ("title", "description", "kind", "is_public")


@dataclass(frozen=True)
class TemplateBody:
    """A body whose template the user may edit, and how many items of its own it has."""

    body: Body
    own_items: int


@dataclass(frozen=True)
class AgendaTemplate:
    """The items a body's new meetings start with; ``is_default`` if it has none of its own."""

    body: Body
    items: Sequence[AgendaTemplateItem | TemplateItem]
    is_default: bool


def template_bodies(actor: User | None) -> list[TemplateBody]:
    """Return the bodies whose template the actor may edit, in one query."""
    if actor is None or not actor.is_authenticated:
        return []
    rows = db.session.execute(
        select(Body, func.count(AgendaTemplateItem.id))
        .outerjoin(AgendaTemplateItem, AgendaTemplateItem.body_id == Body.id)
        .where(meeting_bodies(actor))
        .group_by(Body.id)
        .order_by(Body.name)
    ).all()
    return [TemplateBody(body, count) for body, count in rows]


def get_template_body(actor: User, slug: str) -> Body:
    """Return the body whose template the actor edits (404 if hidden, 403 if not theirs)."""
    body = get_body(actor, slug)
    require(actor, Action.MEETING_MANAGE, body)
    return body


def _rows(body: Body) -> list[AgendaTemplateItem]:
    return list(
        db.session.scalars(
            select(AgendaTemplateItem)
            .where(AgendaTemplateItem.body_id == body.id)
            .order_by(AgendaTemplateItem.position, AgendaTemplateItem.id)
        )
    )


def template_items(actor: User, body: Body) -> AgendaTemplate:
    """Return the body's template, or the default agenda (saying so) if it has none."""
    require(actor, Action.MEETING_MANAGE, body)
    rows = _rows(body)
    return AgendaTemplate(body, rows or DEFAULT_AGENDA, is_default=not rows)


def get_template_item(actor: User, body: Body, item_id: int) -> AgendaTemplateItem:
    """Return one item of the body's own template, or raise NotFound."""
    require(actor, Action.MEETING_MANAGE, body)
    item = db.session.scalar(
        select(AgendaTemplateItem).where(
            AgendaTemplateItem.id == item_id, AgendaTemplateItem.body_id == body.id
        )
    )
    if item is None:
        raise NotFound()
    return item


def _clean(title: str, description: str, kind: str, is_public: bool) -> dict:
    fields = {
        "title": (title or "").strip(),
        "description": description or "",
        "kind": kind or AgendaItemKind.INFORMATION.value,
        "is_public": bool(is_public),
    }
    errors = item_text_errors(fields)
    if errors:
        raise InvalidInput(errors)
    return {**fields, "kind": AgendaItemKind(fields["kind"])}


def _adopt_default(actor: User, body: Body) -> list[AgendaTemplateItem]:
    """Store the default agenda as the body's own rows (the caller commits)."""
    rows = [
        AgendaTemplateItem(
            body_id=body.id,
            position=position,
            title=item.title,
            kind=AgendaItemKind(item.kind),
            is_public=item.is_public,
        )
        for position, item in enumerate(DEFAULT_AGENDA)
    ]
    db.session.add_all(rows)
    audit.record(
        actor,
        "agenda_template.adopt_default",
        body,
        label=body.name,
        after={"items": [row.title for row in rows]},
    )
    return rows


def adopt_default_template(actor: User, body: Body) -> list[AgendaTemplateItem]:
    """Make the default agenda the body's own template, to change it item by item."""
    require(actor, Action.MEETING_MANAGE, body)
    rows = _rows(body)
    if rows:
        return rows
    rows = _adopt_default(actor, body)
    db.session.commit()
    return rows


def add_template_item(
    actor: User,
    body: Body,
    *,
    title: str,
    description: str = "",
    kind: str = AgendaItemKind.INFORMATION.value,
    is_public: bool = True,
) -> AgendaTemplateItem:
    """Add an item at the end of the body's template (starting from the default if needed)."""
    require(actor, Action.MEETING_MANAGE, body)
    fields = _clean(title, description, kind, is_public)
    rows = _rows(body) or _adopt_default(actor, body)
    item = AgendaTemplateItem(body_id=body.id, position=rows[-1].position + 1, **fields)
    db.session.add(item)
    db.session.flush()
    audit.record(
        actor,
        "agenda_template.create",
        item,
        label=item.title,
        after=audit.snapshot(item, _AUDITED),
    )
    db.session.commit()
    return item


def update_template_item(
    actor: User,
    item: AgendaTemplateItem,
    *,
    title: str,
    description: str = "",
    kind: str = AgendaItemKind.INFORMATION.value,
    is_public: bool = True,
) -> AgendaTemplateItem:
    """Change an item of the template (meetings planned earlier keep theirs)."""
    require(actor, Action.MEETING_MANAGE, _body(item))
    fields = _clean(title, description, kind, is_public)
    before = audit.snapshot(item, _AUDITED)
    for name, value in fields.items():
        setattr(item, name, value)
    after = audit.snapshot(item, _AUDITED)
    if before == after:
        return item
    audit.record(
        actor, "agenda_template.update", item, label=item.title, before=before, after=after
    )
    db.session.commit()
    return item


def remove_template_item(actor: User, item: AgendaTemplateItem) -> None:
    """Take an item out of the template; the last one stays (reset to go back to the default)."""
    body = _body(item)
    require(actor, Action.MEETING_MANAGE, body)
    if len(_rows(body)) <= 1:
        raise InvalidInput(
            [
                (
                    "",
                    _(
                        "Die Vorlage braucht mindestens einen Punkt. Um zur Standardvorlage "
                        "zurückzukehren, setzen Sie die Vorlage zurück."
                    ),
                )
            ]
        )
    audit.record(
        actor,
        "agenda_template.delete",
        item,
        label=item.title,
        before=audit.snapshot(item, _AUDITED),
    )
    db.session.delete(item)
    db.session.commit()


def move_template_item(
    actor: User, item: AgendaTemplateItem, *, offset: int | None = None, index: int | None = None
) -> AgendaTemplateItem:
    """Move an item up or down (``offset`` -1/+1) or to a place in the template (``index``)."""
    require(actor, Action.MEETING_MANAGE, _body(item))
    moved = reorder(_rows(_body(item)), item, offset=offset, index=index)
    if moved is None:
        return item
    audit.record(
        actor,
        "agenda_template.move",
        item,
        label=item.title,
        before={"position": moved[0]},
        after={"position": moved[1]},
    )
    db.session.commit()
    return item


def reset_template(actor: User, body: Body) -> None:
    """Delete the body's own template, so its new meetings start from the default again."""
    require(actor, Action.MEETING_MANAGE, body)
    rows = _rows(body)
    if not rows:
        return
    audit.record(
        actor,
        "agenda_template.reset",
        body,
        label=body.name,
        before={"items": [row.title for row in rows]},
    )
    for row in rows:
        db.session.delete(row)
    db.session.commit()


def _body(item: AgendaTemplateItem) -> Body:
    body = db.session.get(Body, item.body_id)
    if body is None:
        raise NotFound()
    return body
