"""Feedback on barriers (BITV NRW § 5): stored, and e-mailed to the admins."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import N_
from portal.models import FeedbackMessage, GlobalRole, User
from portal.notifications import queue_mail, queue_mail_to_address
from portal.permissions import Action, require

_SUBJECT = N_("KIM-Portal: Rückmeldung zur Barrierefreiheit")


def submit_feedback(
    sender: User | None, *, name: str, email: str, page: str, message: str
) -> FeedbackMessage:
    """Store a feedback message and mail it to every active admin.

    Without an active admin it goes to the operator's address (``PORTAL_OPERATOR_EMAIL``), so a
    feedback the law requires an answer to always reaches someone.
    """
    feedback = FeedbackMessage(
        name=name.strip(),
        email=email.strip(),
        page=page.strip(),
        message=message.strip(),
        user_id=sender.id if sender is not None and sender.is_authenticated else None,
    )
    db.session.add(feedback)
    admins = db.session.scalars(
        select(User).where(User.role == GlobalRole.ADMIN, User.is_active.is_(True))
    ).all()
    for admin in admins:
        queue_mail(admin, _SUBJECT, "accessibility_feedback", feedback=feedback)
    if not admins:
        queue_mail_to_address(
            current_app.config["PORTAL_OPERATOR_EMAIL"],
            _SUBJECT,
            "accessibility_feedback",
            feedback=feedback,
        )
    db.session.commit()
    return feedback


def list_feedback(actor: User, *, page: int = 1, per_page: int = 25):
    """Return one page of feedback messages, newest first."""
    require(actor, Action.FEEDBACK_VIEW)
    query = select(FeedbackMessage).order_by(FeedbackMessage.created_at.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
