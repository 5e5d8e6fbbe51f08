"""Reading the audit log, for the secretariat and admins."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import AuditEvent, User
from portal.permissions import Action, require
from portal.services.accounts import person_matches
from portal.timeutil import BERLIN


def list_audit_events(
    actor: User,
    *,
    action: str = "",
    object_type: str = "",
    person: str = "",
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int = 25,
):
    """Return one page of audit events, newest first, filtered as asked.

    ``person`` matches part of the acting user's name or e-mail address, case-insensitively.
    """
    require(actor, Action.AUDIT_VIEW)
    query = (
        select(AuditEvent)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    if action:
        query = query.where(AuditEvent.action == action)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if person:
        query = query.where(AuditEvent.actor_id.in_(select(User.id).where(person_matches(person))))
    if since is not None:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(since, time(), BERLIN))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time(), BERLIN)
        query = query.where(AuditEvent.occurred_at < end)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def audit_filter_choices(actor: User) -> dict[str, list]:
    """Return the actions and object types that occur in the log, for the filter form."""
    require(actor, Action.AUDIT_VIEW)
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    types = db.session.scalars(
        select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
    )
    return {"actions": list(actions), "object_types": list(types)}
