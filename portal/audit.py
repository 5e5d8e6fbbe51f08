"""Writing audit entries. Services call :func:`record` explicitly next to each change."""

from __future__ import annotations

import logging
from datetime import date, datetime
from enum import Enum
from typing import Any

from portal.extensions import db
from portal.models import AuditEvent, User

logger = logging.getLogger("portal.audit")


def _plain(value: Any) -> Any:
    """Turn a value into something JSON can hold."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """Return the named attributes of an object as a JSON-ready dict."""
    return {field: _plain(getattr(obj, field)) for field in fields}


def record(
    actor: User | None,
    action: str,
    target: Any,
    *,
    label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit entry to the current transaction (the caller commits)."""
    if before is not None and after is not None:
        changed = {key for key in after if before.get(key) != after.get(key)}
        before = {key: before[key] for key in changed if key in before}
        after = {key: after[key] for key in changed}
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=type(target).__name__,
        object_id=getattr(target, "id", None),
        object_label=label[:300],
        before=before,
        after=after,
    )
    db.session.add(event)
    logger.info("%s %s #%s by %s", action, event.object_type, event.object_id, event.actor_id)
    return event
