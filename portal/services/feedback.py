"""Feedback on barriers (BITV NRW § 5): stored, and e-mailed to the admins."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import FeedbackMessage, GlobalRole, User
from portal.notifications import send_mail
from portal.permissions import Action, require


def submit_feedback(
    sender: User | None, *, name: str, email: str, page: str, message: str
) -> FeedbackMessage:
    """Store a feedback message and send it to every active admin."""
    feedback = FeedbackMessage(
        name=name.strip(),
        email=email.strip(),
        page=page.strip(),
        message=message.strip(),
        user_id=sender.id if sender is not None and sender.is_authenticated else None,
    )
    db.session.add(feedback)
    db.session.commit()
    admins = db.session.scalars(
        select(User.email).where(User.role == GlobalRole.ADMIN, User.is_active.is_(True))
    ).all()
    send_mail(
        list(admins),
        _("KIM-Portal: Rückmeldung zur Barrierefreiheit"),
        "accessibility_feedback",
        feedback=feedback,
    )
    return feedback


def list_feedback(actor: User, *, page: int = 1, per_page: int = 25):
    """Return one page of feedback messages, newest first."""
    require(actor, Action.FEEDBACK_VIEW)
    query = select(FeedbackMessage).order_by(FeedbackMessage.created_at.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
