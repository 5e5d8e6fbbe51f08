"""Writing proposals: the text of a new proposal, numbered per body and year, and its edits.

A proposal is numbered when it is created: the originating body's next number of the year,
taken race-safe against the unique constraint. Its text is edited while the lifecycle allows
(``proposal.edit``); every save names the state it started from, so a save over someone
else's is refused and the view keeps the text.
"""

from __future__ import annotations

import logging
import re

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from meetings.models import Proposal
from meetings.proposal_flow import ProposalStatus
from meetings.services.proposal_steps import proposal_reference
from portal import audit
from portal.errors import Conflict, InvalidInput
from portal.extensions import db
from portal.models import Body, User
from portal.permissions import Action, require
from portal.timeutil import today_local

logger = logging.getLogger(__name__)

MAX_TITLE = 200
MAX_TEXT = 20_000
MAX_EFFECTS = 5_000
_NUMBERING_ATTEMPTS = 5
_TEXT_FIELDS = ("rationale", "resolution_text", "costs", "affected_organisations")
_AUDITED = ("title", "body_id", "year", "number", "is_public", *_TEXT_FIELDS)
#: Control characters other than tab and line breaks: PostgreSQL refuses NUL in text.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value) -> str:
    """Return user text without surrounding blanks and control characters (tab, breaks stay)."""
    return _CONTROLS.sub("", str(value or "")).strip()


def _clean(fields: dict) -> dict:
    cleaned = {name: clean_text(fields.get(name)) for name in _TEXT_FIELDS}
    cleaned["title"] = " ".join(clean_text(fields.get("title")).split())
    cleaned["is_public"] = bool(fields.get("is_public"))
    return cleaned


def too_long(field: str, limit: int) -> tuple[str, str]:
    return (field, _("Höchstens %(max)d Zeichen.", max=limit))


def _validate(fields: dict) -> None:
    errors: list[tuple[str, str]] = []
    if not fields["title"]:
        errors.append(("title", _("Bitte geben Sie einen Titel an.")))
    elif len(fields["title"]) > MAX_TITLE:
        errors.append(too_long("title", MAX_TITLE))
    if not fields["resolution_text"]:
        errors.append(("resolution_text", _("Bitte geben Sie den Beschlussvorschlag an.")))
    for name in ("rationale", "resolution_text"):
        if len(fields[name]) > MAX_TEXT:
            errors.append(too_long(name, MAX_TEXT))
    for name in ("costs", "affected_organisations"):
        if len(fields[name]) > MAX_EFFECTS:
            errors.append(too_long(name, MAX_EFFECTS))
    if errors:
        raise InvalidInput(errors)


def _next_number(body_id: int, year: int) -> int:
    highest = db.session.scalar(
        select(func.max(Proposal.number)).where(Proposal.body_id == body_id, Proposal.year == year)
    )
    return (highest or 0) + 1


def _insert_numbered(proposal: Proposal) -> None:
    """Give the proposal the next number of its body and year, and flush it.

    Two people creating a proposal of the same body at once both see the same highest number;
    the unique constraint refuses the second insert, whose savepoint is rolled back, and it
    counts again (on PostgreSQL the new statement sees the other's commit).
    """
    for _attempt in range(_NUMBERING_ATTEMPTS):
        proposal.number = _next_number(proposal.body_id, proposal.year)
        try:
            with db.session.begin_nested():
                db.session.add(proposal)
        except IntegrityError:
            logger.info("proposal number %s taken, counting again", proposal.number)
            continue
        return
    db.session.rollback()
    raise Conflict(_("Die Vorlage konnte nicht nummeriert werden. Bitte versuchen Sie es erneut."))


def create_proposal(
    actor: User,
    body: Body,
    *,
    title: str,
    rationale: str = "",
    resolution_text: str = "",
    costs: str = "",
    affected_organisations: str = "",
    is_public: bool = False,
) -> Proposal:
    """Write a new proposal of the body as a draft, numbered per body and year."""
    require(actor, Action.PROPOSAL_CREATE, body)
    fields = _clean(
        {
            "title": title,
            "rationale": rationale,
            "resolution_text": resolution_text,
            "costs": costs,
            "affected_organisations": affected_organisations,
            "is_public": is_public,
        }
    )
    _validate(fields)
    proposal = Proposal(
        body_id=body.id,
        body=body,
        year=today_local().year,
        submitter_id=actor.id,
        submitter=actor,
        status=ProposalStatus.DRAFT,
        **fields,
    )
    _insert_numbered(proposal)
    audit.record(
        actor,
        "proposal.create",
        proposal,
        label=proposal_reference(proposal),
        after=audit.snapshot(proposal, _AUDITED),
    )
    db.session.commit()
    return proposal


def _changed_meanwhile() -> str:
    return _(
        "Die Vorlage wurde inzwischen von jemand anderem geändert. Ihr Text ist unten erhalten. "
        "Bitte laden Sie die Vorlage neu, übernehmen Sie, was bleiben soll, und speichern Sie "
        "erneut."
    )


def update_proposal(
    actor: User, proposal: Proposal, *, lock_version: int | None, **fields
) -> Proposal:
    """Change the proposal's text, effects or visibility, if nobody saved it meanwhile."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    require(actor, Action.PROPOSAL_EDIT, proposal)
    if lock_version != proposal.lock_version:
        raise Conflict(_changed_meanwhile())
    fields = _clean(fields)
    _validate(fields)
    before = audit.snapshot(proposal, _AUDITED)
    for name, value in fields.items():
        setattr(proposal, name, value)
    after = audit.snapshot(proposal, _AUDITED)
    if before == after:
        return proposal
    audit.record(
        actor,
        "proposal.update",
        proposal,
        label=proposal_reference(proposal),
        before=before,
        after=after,
    )
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(_changed_meanwhile()) from None
    return proposal
