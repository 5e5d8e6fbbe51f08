"""Amendments (Änderungsanträge): a changed resolution text tabled in the deciding body.

An amendment holds the whole resolution text as it would read, and is shown as a word-level
difference to the proposal's text. Members of the deciding body table it while the proposal
waits for or sits on the agenda (``amendment.table``); its author may withdraw it until it is
voted on. The vote itself is a ballot on the amendment, held before the proposal's.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from meetings.models import Amendment, AmendmentStatus, Proposal
from meetings.services.proposal_steps import proposal_reference
from meetings.services.proposal_writing import MAX_TEXT, clean_text
from meetings.textdiff import Segment, diff_words
from portal import audit
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import User
from portal.permissions import Action, can, require

MAX_RATIONALE = 5_000
_AUDITED = ("proposal_id", "status", "resolution_text", "rationale")


@dataclass(frozen=True)
class AmendmentView:
    """An amendment with its difference to the proposal's resolution text, for the page."""

    amendment: Amendment
    segments: list[Segment]


def amendment_diff(proposal: Proposal, amendment: Amendment) -> list[Segment]:
    """Return the word-level difference from the proposal's text to the amendment's."""
    return diff_words(proposal.resolution_text, amendment.resolution_text)


def amendment_views(proposal: Proposal) -> list[AmendmentView]:
    """Return the proposal's amendments, oldest first, each with its difference."""
    return [AmendmentView(a, amendment_diff(proposal, a)) for a in proposal.amendments]


def _validate(proposal: Proposal, resolution_text: str, rationale: str) -> None:
    errors: list[tuple[str, str]] = []
    if not resolution_text:
        errors.append(("resolution_text", _("Bitte geben Sie den geänderten Beschlusstext an.")))
    elif len(resolution_text) > MAX_TEXT:
        errors.append(("resolution_text", _("Höchstens %(max)d Zeichen.", max=MAX_TEXT)))
    elif resolution_text == proposal.resolution_text.strip():
        errors.append(
            (
                "resolution_text",
                _("Der Text ist derselbe wie im Beschlussvorschlag. Bitte ändern Sie ihn."),
            )
        )
    if len(rationale) > MAX_RATIONALE:
        errors.append(("rationale", _("Höchstens %(max)d Zeichen.", max=MAX_RATIONALE)))
    if errors:
        raise InvalidInput(errors)


def table_amendment(
    actor: User, proposal: Proposal, resolution_text: str, rationale: str = ""
) -> Amendment:
    """Table an amendment: the resolution text as the deciding body should adopt it."""
    require(actor, Action.PROPOSAL_VIEW, proposal)
    require(actor, Action.AMENDMENT_TABLE, proposal)
    resolution_text, rationale = clean_text(resolution_text), clean_text(rationale)
    _validate(proposal, resolution_text, rationale)
    amendment = Amendment(
        proposal=proposal,
        author_id=actor.id,
        author=actor,
        resolution_text=resolution_text,
        rationale=rationale,
        status=AmendmentStatus.TABLED,
    )
    db.session.add(amendment)
    db.session.flush()
    audit.record(
        actor,
        "amendment.create",
        amendment,
        label=proposal_reference(proposal),
        after=audit.snapshot(amendment, _AUDITED),
    )
    db.session.commit()
    return amendment


def get_amendment(proposal: Proposal, amendment_id: int) -> Amendment:
    """Return an amendment of the proposal (already checked as visible), or raise NotFound."""
    amendment = next((a for a in proposal.amendments if a.id == amendment_id), None)
    if amendment is None:
        raise NotFound()
    return amendment


def withdraw_amendment(actor: User, amendment: Amendment) -> Amendment:
    """Withdraw one's own amendment before it is voted on."""
    proposal = amendment.proposal
    require(actor, Action.PROPOSAL_VIEW, proposal)
    if not can(actor, Action.AMENDMENT_WITHDRAW, amendment):
        raise PermissionDenied(
            _("Nur wer den Änderungsantrag eingebracht hat, kann ihn zurückziehen.")
        )
    if amendment.status == AmendmentStatus.WITHDRAWN:
        raise Conflict(_("Der Änderungsantrag ist bereits zurückgezogen."))
    if amendment.status != AmendmentStatus.TABLED:
        raise Conflict(_("Über diesen Änderungsantrag ist bereits abgestimmt."))
    before = audit.snapshot(amendment, ("status",))
    amendment.status = AmendmentStatus.WITHDRAWN
    audit.record(
        actor,
        "amendment.withdraw",
        amendment,
        label=proposal_reference(proposal),
        before=before,
        after=audit.snapshot(amendment, ("status",)),
    )
    db.session.commit()
    return amendment
