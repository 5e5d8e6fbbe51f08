"""Putting a version before the steering group, and adopting it when the decision is taken.

The version is linked to a proposal (Beschlussvorlage) of its owner body, created here or
chosen from the open ones; while that proposal waits for its decision the text is fixed. When
the steering group adopts the proposal, :func:`adopt_on_decision` — called by the decision
register inside the decision's own transaction — makes the version the one in force and the
previous one superseded: the decision, the adoption and the superseding commit together or not
at all. A rejection leaves the draft as it was (and editable again); a referral back releases it
for rework.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from documents.models import (
    CommentStatus,
    DocumentVersion,
    ReviewComment,
    ReviewRound,
    VersionStatus,
)
from documents.services.documents import version_in_force
from documents.services.versions import (
    load_sections,
    refuse_unless_editable,
    version_label,
)
from documents.versioning import OPEN_STATUSES, check_transition, content_hash
from meetings.models import Decision, Proposal
from meetings.proposal_flow import Outcome, ProposalStatus
from meetings.services.proposal_steps import proposal_reference
from meetings.services.proposal_writing import MAX_TITLE, create_proposal
from portal import audit
from portal.db import utcnow
from portal.errors import InvalidInput
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import Action, can, require

_ADOPTING = frozenset({Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES})


def version_hash(version: DocumentVersion) -> str:
    """Return the content hash of the version's current text."""
    return content_hash((s.level, s.heading, s.body) for s in load_sections(version))


def _check_submittable(version: DocumentVersion) -> None:
    if version.status == VersionStatus.IN_REVIEW:
        message = _(
            "Bitte beenden Sie zuerst die Abstimmung mit den Gremien und behandeln Sie die "
            "Anmerkungen."
        )
        raise InvalidInput([("", message)])
    if not version.sections:
        raise InvalidInput([("", _("Eine Version ohne Abschnitte kann nicht beschlossen werden."))])
    open_comments = db.session.scalar(
        select(func.count(ReviewComment.id))
        .join(ReviewComment.round)
        .where(ReviewRound.version_id == version.id, ReviewComment.status == CommentStatus.OPEN)
    )
    if open_comments:
        message = ngettext(
            "Eine Anmerkung aus der Abstimmung ist noch offen. Bitte behandeln Sie sie zuerst.",
            "%(num)d Anmerkungen aus der Abstimmung sind noch offen. Bitte behandeln Sie sie "
            "zuerst.",
            open_comments,
        )
        raise InvalidInput([("", message)])


def _check_link(actor: User, version: DocumentVersion, proposal: Proposal) -> None:
    deciding = version.document.owner_body.parent or version.document.owner_body
    errors = []
    if not can(actor, Action.PROPOSAL_VIEW, proposal):
        errors.append(("proposal", _("Diese Vorlage gibt es nicht.")))
    elif proposal.deciding_body.id != deciding.id:
        errors.append(("proposal", _("Über diese Vorlage entscheidet ein anderes Gremium.")))
    elif proposal.status in (ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN):
        errors.append(("proposal", _("Über diese Vorlage ist schon entschieden.")))
    else:
        other = db.session.scalar(
            select(DocumentVersion.id).where(
                DocumentVersion.proposal_id == proposal.id, DocumentVersion.id != version.id
            )
        )
        if other is not None:
            errors.append(("proposal", _("Diese Vorlage gehört schon zu einer anderen Version.")))
    if errors:
        raise InvalidInput(errors)


def _proposal_title(title: str, number: str) -> str:
    """Return "<title>: Version <number>", the title shortened to fit a proposal's title."""
    suffix = _(": Version %(number)s", number=number)
    room = MAX_TITLE - len(suffix)
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return title + suffix


def _new_proposal(actor: User, version: DocumentVersion, digest: str) -> Proposal:
    document = version.document
    # The configured public address, as every link the portal sends (mail, proposals).
    base = current_app.config["PORTAL_BASE_URL"]
    address = f"{base}/documents/{document.slug}/versions/{version.number}"
    rationale = _(
        "Die Koordinierende Stelle legt die Version %(number)s vor.\n\n"
        "**Änderungen:** %(note)s\n\n"
        "Text der Version: %(address)s",
        number=version.number,
        note=version.change_note or _("siehe Vergleich"),
        address=address,
    )
    resolution = _(
        "Die Lenkungsgruppe beschließt „%(title)s“ in der Version %(number)s "
        "(Prüfsumme SHA-256: %(digest)s).",
        title=document.title,
        number=version.number,
        digest=digest,
    )
    return create_proposal(
        actor,
        document.owner_body,
        title=_proposal_title(document.title, version.number),
        rationale=rationale,
        resolution_text=resolution,
        is_public=document.is_public,
    )


def open_proposals(actor: User, version: DocumentVersion) -> list[Proposal]:
    """Return the proposals the version could be linked to, newest first.

    The same rules as linking one: open, decided by the owner body's deciding body, seen by the
    actor, and not linked to another version.
    """
    owner = version.document.owner_body
    deciding = owner.parent or owner
    linked = select(DocumentVersion.proposal_id).where(
        DocumentVersion.proposal_id.is_not(None), DocumentVersion.id != version.id
    )
    candidates = db.session.scalars(
        select(Proposal)
        .join(Proposal.body)
        .where(
            or_(Body.id == deciding.id, Body.parent_id == deciding.id),
            Proposal.status.not_in((ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN)),
            Proposal.id.not_in(linked),
        )
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )
    return [
        proposal
        for proposal in candidates
        if proposal.deciding_body.id == deciding.id and can(actor, Action.PROPOSAL_VIEW, proposal)
    ]


def submit_for_decision(
    actor: User, version: DocumentVersion, *, proposal: Proposal | None = None
) -> Proposal:
    """Put the version before the steering group: link it to a new or an open proposal.

    A new proposal is written (and committed) by the proposals service first, with the version's
    number and content hash in its resolution text; linking it is the second transaction. The
    text is fixed from then on until the proposal is decided or withdrawn.
    """
    require(actor, Action.DOCUMENT_MANAGE, version.document)
    refuse_unless_editable(actor, version)
    _check_submittable(version)
    if proposal is not None:
        _check_link(actor, version, proposal)
    else:
        proposal = _new_proposal(actor, version, version_hash(version))
    version.proposal = proposal
    audit.record(
        actor,
        "document_version.submit",
        version,
        label=version_label(version),
        after={"proposal": proposal_reference(proposal), "content_hash": version_hash(version)},
    )
    db.session.commit()
    return proposal


def adopt_on_decision(actor: User, decision: Decision) -> None:
    """Adopt, release or keep the version whose proposal was just decided; no commit."""
    if decision.proposal_id is None:
        return
    version = db.session.scalar(
        select(DocumentVersion).where(
            DocumentVersion.proposal_id == decision.proposal_id,
            DocumentVersion.status.in_(OPEN_STATUSES),
        )
    )
    if version is None:
        return
    if decision.outcome in _ADOPTING:
        _adopt(actor, version, decision)
    elif decision.outcome == Outcome.REFERRED_BACK:
        version.proposal = None
        audit.record(
            actor,
            "document_version.release",
            version,
            label=version_label(version),
            after={"decision_id": decision.id, "outcome": decision.outcome.value},
        )


def _adopt(actor: User, version: DocumentVersion, decision: Decision) -> None:
    check_transition(version.status, VersionStatus.ADOPTED)
    previous = version_in_force(version.document)
    now = utcnow()
    if previous is not None and previous is not version:
        check_transition(previous.status, VersionStatus.SUPERSEDED)
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_at = now
        # The in-force index allows one adopted version: the old one must leave first.
        db.session.flush()
    version.content_hash = version_hash(version)
    version.status = VersionStatus.ADOPTED
    version.stand = decision.decided_on
    version.adopted_at = now
    version.decision = decision
    db.session.flush()
    audit.record(
        actor,
        "document_version.adopt",
        version,
        label=version_label(version),
        after={
            "decision_id": decision.id,
            "content_hash": version.content_hash,
            "superseded": previous.number if previous is not None else None,
        },
    )
