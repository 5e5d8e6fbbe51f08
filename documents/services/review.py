"""Review of a draft by named bodies: opening and ending it, comments and their handling.

While a draft is in review its text can still change — accepting a comment applies its proposed
text — so each comment records the section's identity, and the report shows what became of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from documents.models import (
    CommentStatus,
    DocumentVersion,
    ReviewComment,
    ReviewRound,
    VersionSection,
    VersionStatus,
)
from documents.services.versions import refuse_unless_editable, version_label
from documents.versioning import check_transition
from portal import audit
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import Action, can, current_memberships, require

MAX_COMMENT = 20_000
MAX_NOTE = 5000
MAX_PROPOSED = 200_000


def current_round(version: DocumentVersion) -> ReviewRound | None:
    """Return the round the version is in review in, if it is."""
    return next((r for r in version.review_rounds if r.closed_at is None), None)


def start_review(
    actor: User,
    version: DocumentVersion,
    bodies: Iterable[Body],
    deadline: datetime | None,
    *,
    note: str = "",
) -> ReviewRound:
    """Put the draft in review for the bodies until the deadline."""
    require(actor, Action.DOCUMENT_MANAGE, version.document)
    refuse_unless_editable(actor, version)
    bodies = list(dict.fromkeys(bodies))
    note = (note or "").strip()
    errors = []
    if version.status != VersionStatus.DRAFT:
        errors.append(("", _("Diese Version ist bereits in der Abstimmung mit den Gremien.")))
    if not bodies:
        errors.append(("bodies", _("Bitte wählen Sie mindestens ein Gremium.")))
    if deadline is None:
        errors.append(("deadline", _("Bitte geben Sie eine Frist an.")))
    elif deadline <= utcnow():
        errors.append(("deadline", _("Die Frist muss in der Zukunft liegen.")))
    if len(note) > MAX_NOTE:
        errors.append(("note", _("Höchstens %(max)d Zeichen.", max=MAX_NOTE)))
    if errors:
        raise InvalidInput(errors)
    check_transition(version.status, VersionStatus.IN_REVIEW)
    round_ = ReviewRound(version=version, deadline=deadline, note=note, opened_by_id=actor.id)
    round_.bodies = bodies
    version.status = VersionStatus.IN_REVIEW
    db.session.add(round_)
    db.session.flush()
    audit.record(
        actor,
        "document_review.start",
        version,
        label=version_label(version),
        after={
            "bodies": [body.name for body in bodies],
            "deadline": deadline.isoformat(),
            "note": note,
        },
    )
    db.session.commit()
    return round_


def end_review(actor: User, version: DocumentVersion) -> DocumentVersion:
    """End the review: the version is a draft again, its comments stay with their handling."""
    require(actor, Action.DOCUMENT_MANAGE, version.document)
    round_ = current_round(version)
    if round_ is None or version.status != VersionStatus.IN_REVIEW:
        raise Conflict(_("Diese Version ist nicht in der Abstimmung."))
    check_transition(version.status, VersionStatus.DRAFT)
    round_.closed_at = utcnow()
    version.status = VersionStatus.DRAFT
    audit.record(
        actor,
        "document_review.end",
        version,
        label=version_label(version),
        after={"open_comments": sum(c.status == CommentStatus.OPEN for c in round_.comments)},
    )
    db.session.commit()
    return version


def commenting_bodies(actor: User, round_: ReviewRound) -> list[Body]:
    """Return the round's bodies the actor may comment for (member, not guest)."""
    return [
        body
        for body in round_.bodies
        if any(m.role != "guest" for m in current_memberships(actor, body))
    ]


def add_comment(
    actor: User,
    version: DocumentVersion,
    section: VersionSection,
    *,
    text: str,
    proposed_text: str | None = None,
    body: Body | None = None,
) -> ReviewComment:
    """Comment on a section of a version in review, until the deadline."""
    require(actor, Action.VERSION_VIEW, version)
    if not can(actor, Action.VERSION_COMMENT, version):
        raise PermissionDenied()
    round_ = current_round(version)
    if round_ is None:
        raise Conflict(_("Diese Version ist nicht in der Abstimmung."))
    allowed = commenting_bodies(actor, round_)
    if not allowed:
        # Asked in an earlier round only: this round's bodies speak, not theirs.
        raise PermissionDenied()
    if round_.deadline <= utcnow():
        raise Conflict(_("Die Frist für Anmerkungen ist abgelaufen."))
    if body is None and len(allowed) == 1:
        body = allowed[0]
    text = (text or "").strip()
    proposed = (proposed_text or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    # Blank lines only are no proposal: accepting them would empty the section.
    proposed = proposed if proposed.strip() else None
    errors = []
    if not text:
        errors.append(("text", _("Bitte schreiben Sie Ihre Anmerkung.")))
    elif len(text) > MAX_COMMENT:
        errors.append(("text", _("Höchstens %(max)d Zeichen.", max=MAX_COMMENT)))
    if proposed is not None and len(proposed) > MAX_PROPOSED:
        errors.append(("proposed_text", _("Höchstens %(max)d Zeichen.", max=MAX_PROPOSED)))
    if body is None or body not in allowed:
        errors.append(("body", _("Bitte wählen Sie das Gremium, für das Sie anmerken.")))
    if errors:
        raise InvalidInput(errors)
    comment = ReviewComment(
        round=round_,
        section_id=section.section_id,
        author_id=actor.id,
        author=actor,
        body=body,
        text=text,
        proposed_text=proposed,
    )
    db.session.add(comment)
    db.session.flush()
    audit.record(
        actor,
        "review_comment.create",
        comment,
        label=f"{version_label(version)}: {section.heading}",
        after={"text": text, "proposed_text": proposed, "body": body.name},
    )
    db.session.commit()
    return comment


def get_comment(version: DocumentVersion, comment_id: int) -> ReviewComment:
    comment = db.session.get(ReviewComment, comment_id)
    if comment is None or comment.round.version_id != version.id:
        raise NotFound()
    return comment


def handle_comment(
    actor: User,
    version: DocumentVersion,
    comment: ReviewComment,
    *,
    decision: str,
    response: str = "",
) -> ReviewComment:
    """Accept, decline (with a reason) or answer a comment; accepting applies its text.

    Accepting a comment with proposed text replaces the section's text in the draft, as a save by
    the secretariat would; without proposed text it records that the point was taken up.
    """
    require(actor, Action.DOCUMENT_MANAGE, version.document)
    if version.is_frozen:
        raise Conflict(_("Diese Version ist beschlossen; ihre Anmerkungen bleiben, wie sie sind."))
    response = (response or "").strip()
    errors = []
    if decision not in (CommentStatus.ACCEPTED, CommentStatus.DECLINED, CommentStatus.ANSWERED):
        errors.append(("decision", _("Bitte wählen Sie, wie die Anmerkung behandelt wird.")))
    if decision in (CommentStatus.DECLINED, CommentStatus.ANSWERED) and not response:
        field_message = (
            _("Bitte begründen Sie die Ablehnung.")
            if decision == CommentStatus.DECLINED
            else _("Bitte schreiben Sie Ihre Antwort.")
        )
        errors.append(("response", field_message))
    if len(response) > MAX_COMMENT:
        errors.append(("response", _("Höchstens %(max)d Zeichen.", max=MAX_COMMENT)))
    if errors:
        raise InvalidInput(errors)
    if comment.status != CommentStatus.OPEN:
        raise Conflict(_("Diese Anmerkung ist bereits behandelt."))
    before = {"status": comment.status.value, "response": comment.response}
    after = {"status": decision, "response": response}
    if decision == CommentStatus.ACCEPTED and comment.proposed_text is not None:
        refuse_unless_editable(actor, version)
        section = db.session.scalar(
            select(VersionSection).where(
                VersionSection.version_id == version.id,
                VersionSection.section_id == comment.section_id,
            )
        )
        if section is None:
            message = _(
                "Der Abschnitt ist nicht mehr im Entwurf; der Text kann nicht übernommen werden."
            )
            raise InvalidInput([("decision", message)])
        # The audit entry keeps the replaced text: the section's history shows the change.
        before["section_text"], after["section_text"] = section.body, comment.proposed_text
        section.body = comment.proposed_text
        section.updated_by_id, section.updated_at = actor.id, utcnow()
    comment.status = CommentStatus(decision)
    comment.response = response
    comment.handled_by_id, comment.handled_at = actor.id, utcnow()
    audit.record(
        actor,
        "review_comment.handle",
        comment,
        label=version_label(version),
        before=before,
        after=after,
    )
    db.session.commit()
    return comment


def version_comments(version: DocumentVersion) -> list[ReviewComment]:
    """Return every comment on the version, of every round, with author and body (one query)."""
    return list(
        db.session.scalars(
            select(ReviewComment)
            .join(ReviewComment.round)
            .where(ReviewRound.version_id == version.id)
            .options(
                joinedload(ReviewComment.author),
                joinedload(ReviewComment.body),
                joinedload(ReviewComment.handled_by),
            )
            .order_by(ReviewComment.id)
        )
    )
