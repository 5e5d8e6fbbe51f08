"""Opening a ballot: its subject, kind and rules checked, its electorate fixed, the seats told.

The electorate is fixed when the ballot opens: one seat per current membership of the body with a
voting right, not a deputy, guest or advisory member. The majority rule (the ballot's own, or the
body's default; for a written procedure the body's written-procedure rule) and the quorum rule
are copied onto the ballot, so a later change of the body's settings does not touch it.

Amendments are voted before their proposal: a ballot on a proposal is refused while one of its
amendments is still tabled without a closed ballot.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload

from meetings.models import (
    AgendaItem,
    Amendment,
    AmendmentStatus,
    Ballot,
    BallotKind,
    BallotSeat,
    BallotSecrecy,
    BallotStatus,
    Meeting,
    MeetingStatus,
    Proposal,
    SecretTally,
)
from meetings.proposal_flow import ProposalStatus
from meetings.services import proposals
from meetings.services.ballot_closing import mail_context
from portal import audit, notifications
from portal.db import in_effect_on, utcnow
from portal.errors import InvalidInput
from portal.extensions import db
from portal.i18n import N_
from portal.models import Body, MajorityRule, Membership, MembershipRole, NotificationKind, User
from portal.permissions import Action, require
from portal.timeutil import today_local

MAX_TITLE = 200
#: Roles that never hold a voting seat, whatever their voting-right flag says.
_NO_SEAT_ROLES = (MembershipRole.DEPUTY, MembershipRole.GUEST, MembershipRole.ADVISORY)
_AUDITED = (
    "title",
    "kind",
    "secrecy",
    "rule",
    "quorum_rule",
    "allows_changes",
    "shows_live_results",
    "meeting_id",
    "agenda_item_id",
    "proposal_id",
    "amendment_id",
    "closes_at",
)
_OPENED_SUBJECT = N_("Umlaufverfahren „%(title)s“: Bitte stimmen Sie bis %(closes)s ab")


def _enum(enum_class, value, field: str, message: str, errors: list):
    try:
        return enum_class(value)
    except ValueError:
        errors.append((field, message))
        return None


def _subject_errors(body, meeting, agenda_item, proposal, amendment) -> list[tuple[str, str]]:
    if agenda_item is None and proposal is None and amendment is None:
        return [
            (
                "",
                _(
                    "Eine Abstimmung braucht einen Gegenstand: einen Tagesordnungspunkt, eine "
                    "Vorlage oder einen Änderungsantrag."
                ),
            )
        ]
    errors = []
    if meeting is not None and meeting.body_id != body.id:
        errors.append(("", _("Die Sitzung gehört zu einem anderen Gremium.")))
    if agenda_item is not None and meeting is not None and agenda_item.meeting_id != meeting.id:
        errors.append(("", _("Der Tagesordnungspunkt gehört zu einer anderen Sitzung.")))
    if proposal is not None and proposal.deciding_body.id != body.id:
        errors.append(("", _("Über diese Vorlage entscheidet ein anderes Gremium.")))
    if amendment is not None and amendment.status != AmendmentStatus.TABLED:
        errors.append(("", _("Über diesen Änderungsantrag kann nicht mehr abgestimmt werden.")))
    return errors


def _kind_errors(kind, meeting, agenda_item, closes_at, now) -> list[tuple[str, str]]:
    if kind is None:
        return []
    errors = []
    if kind != BallotKind.WRITTEN:
        if agenda_item is None:
            errors.append(
                (
                    "kind",
                    _(
                        "Eine Abstimmung in der Sitzung wird bei ihrem Tagesordnungspunkt "
                        "eröffnet. Ohne Sitzung ist nur ein Umlaufverfahren möglich."
                    ),
                )
            )
        elif meeting is not None and meeting.status == MeetingStatus.CANCELLED:
            errors.append(("kind", _("Die Sitzung ist abgesagt.")))
    if kind == BallotKind.WRITTEN and closes_at is None:
        errors.append(("closes_at", _("Bitte geben Sie an, bis wann abgestimmt werden kann.")))
    elif kind == BallotKind.RECORDED and closes_at is not None:
        errors.append(("closes_at", _("Eine in der Sitzung erfasste Abstimmung hat keine Frist.")))
    elif closes_at is not None and closes_at <= now:
        errors.append(("closes_at", _("Die Frist muss in der Zukunft liegen.")))
    return errors


def _tabled_amendments(proposal: Proposal) -> bool:
    closed = exists().where(
        Ballot.amendment_id == Amendment.id, Ballot.status == BallotStatus.CLOSED
    )
    return db.session.scalar(
        select(
            exists().where(
                Amendment.proposal_id == proposal.id,
                Amendment.status == AmendmentStatus.TABLED,
                ~closed,
            )
        )
    )


def _proposal_errors(kind, proposal, amendment) -> list[tuple[str, str]]:
    if proposal is None or amendment is not None or kind is None:
        return []
    if kind == BallotKind.WRITTEN:
        if proposal.status not in (ProposalStatus.ACCEPTED, ProposalStatus.SCHEDULED):
            return [
                (
                    "kind",
                    _(
                        "Ein Umlaufverfahren ist nur für eine Vorlage möglich, die das "
                        "Sekretariat angenommen hat und über die noch nicht entschieden ist."
                    ),
                )
            ]
    elif proposal.status != ProposalStatus.SCHEDULED:
        return [
            (
                "",
                _(
                    "Über die Vorlage kann in der Sitzung erst abgestimmt werden, wenn sie auf "
                    "der Tagesordnung steht."
                ),
            )
        ]
    if _tabled_amendments(proposal):
        return [
            (
                "",
                _(
                    "Zu dieser Vorlage liegt noch ein Änderungsantrag vor, über den nicht "
                    "abgestimmt wurde. Änderungsanträge werden vor der Vorlage abgestimmt."
                ),
            )
        ]
    return []


def _running(agenda_item, proposal, amendment) -> bool:
    """Tell whether a ballot on the same subject is open already."""
    condition = (
        Ballot.amendment_id == amendment.id
        if amendment is not None
        else (Ballot.proposal_id == proposal.id) & Ballot.amendment_id.is_(None)
        if proposal is not None
        else Ballot.agenda_item_id == agenda_item.id
    )
    return db.session.scalar(select(exists().where(condition, Ballot.status == BallotStatus.OPEN)))


def _seat_memberships(body: Body) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .options(joinedload(Membership.user))
            .where(
                Membership.body_id == body.id,
                Membership.has_voting_right.is_(True),
                Membership.role.not_in(_NO_SEAT_ROLES),
                in_effect_on(Membership, today_local()),
            )
            .order_by(Membership.id)
        )
    )


def open_ballot(
    actor: User,
    *,
    body: Body,
    kind: str | BallotKind,
    secrecy: str | BallotSecrecy,
    title: str,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    proposal: Proposal | None = None,
    amendment: Amendment | None = None,
    rule: str | MajorityRule | None = None,
    closes_at: datetime | None = None,
    allows_changes: bool = True,
    now: datetime | None = None,
) -> Ballot:
    """Open a ballot of the body on an agenda item, a proposal or an amendment.

    An agenda item brings its meeting and its proposal; an amendment its proposal. A written
    procedure has no meeting; on an accepted proposal it takes the schedule step, and the seats
    get a mail.
    """
    now = now or utcnow()
    if agenda_item is not None:
        meeting = meeting or agenda_item.meeting
        if proposal is None and amendment is None and agenda_item.proposal_id is not None:
            proposal = db.session.get(Proposal, agenda_item.proposal_id)
    if amendment is not None:
        proposal = amendment.proposal
    require(actor, Action.BALLOT_OPEN, meeting if meeting is not None else body)
    errors: list[tuple[str, str]] = []
    kind = _enum(BallotKind, kind, "kind", _("Bitte wählen Sie eine Art der Abstimmung."), errors)
    secrecy = _enum(
        BallotSecrecy, secrecy, "secrecy", _("Bitte wählen Sie namentlich oder geheim."), errors
    )
    if rule:
        rule = _enum(
            MajorityRule,
            rule,
            "rule",
            _("Bitte wählen Sie eine Mehrheitsregel aus der Liste."),
            errors,
        )
    title = (title or "").strip()
    if not title:
        errors.append(("title", _("Bitte geben Sie einen Titel an.")))
    elif len(title) > MAX_TITLE:
        errors.append(("title", _("Höchstens %(max)d Zeichen.", max=MAX_TITLE)))
    errors += _subject_errors(body, meeting, agenda_item, proposal, amendment)
    errors += _kind_errors(kind, meeting, agenda_item, closes_at, now)
    if errors:
        raise InvalidInput(errors)
    errors += _proposal_errors(kind, proposal, amendment)
    if _running(agenda_item, proposal, amendment):
        errors.append(("", _("Über diesen Gegenstand läuft bereits eine Abstimmung.")))
    seats = _seat_memberships(body)
    if not seats:
        errors.append(("", _("Das Gremium hat keine stimmberechtigten Sitze.")))
    if errors:
        raise InvalidInput(errors)
    written = kind == BallotKind.WRITTEN
    named = secrecy == BallotSecrecy.NAMED
    ballot = Ballot(
        body=body,
        meeting=None if written else meeting,
        agenda_item=agenda_item,
        proposal=proposal,
        amendment=amendment,
        title=title,
        kind=kind,
        secrecy=secrecy,
        rule=rule or (body.written_procedure_rule if written else body.default_majority_rule),
        quorum_rule=body.quorum_rule,
        allows_changes=named and bool(allows_changes),
        shows_live_results=named and body.shows_live_results,
        status=BallotStatus.OPEN,
        opened_by_id=actor.id,
        opened_at=now,
        closes_at=closes_at if kind != BallotKind.RECORDED else None,
        seats=[BallotSeat(membership_id=membership.id) for membership in seats],
    )
    db.session.add(ballot)
    db.session.flush()
    if not named:
        db.session.add(SecretTally(ballot_id=ballot.id, yes=0, no=0, abstain=0))
    if (
        written
        and proposal is not None
        and amendment is None
        and proposal.status == ProposalStatus.ACCEPTED
    ):
        proposals.mark_scheduled(actor, proposal, checked=True)
    audit.record(
        actor,
        "ballot.open",
        ballot,
        label=title,
        after={**audit.snapshot(ballot, _AUDITED), "seats": len(seats)},
    )
    if written:
        notifications.queue_mails(
            [membership.user for membership in seats],
            _OPENED_SUBJECT,
            "ballot_opened",
            kind=NotificationKind.BALLOT_OPENED,
            **mail_context(ballot),
        )
    db.session.commit()
    return ballot
