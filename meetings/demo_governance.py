"""Demo proposals, ballots and decisions: the governance cycle of the demo district.

A proposal stands on each step of its lifecycle, one is decided with follow-up actions (one of
them overdue), and a written procedure is open, with some seats still to vote (the demo member's
among them, so the start page shows "waiting for my vote"). Everything goes through the
services, as the people named in the demo would do it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from meetings.models import Meeting, MeetingStatus
from meetings.proposal_flow import Outcome, Step
from meetings.services import ballots, follow_up, proposals
from portal.db import utcnow
from portal.extensions import db
from portal.models import Body, Organisation, User
from portal.timeutil import today_local

#: Reference prefixes (``LG 2026/07``, ``AG-V 2026/004``).
PREFIXES = {"lenkungsgruppe": "LG", "ag-verfahrensebene": "AG-V", "ag-fallebene": "AG-F"}

_TEXT = {
    "rationale": (
        "In der Arbeitsgruppe haben die Kommunen, das Jobcenter und die Ausländerbehörde "
        "berichtet, dass junge Geflüchtete **mehrfach** dieselben Unterlagen vorlegen müssen.\n\n"
        "- Doppelte Termine kosten Zeit auf beiden Seiten\n"
        "- Fristen werden versäumt, Leistungen verzögern sich"
    ),
    "costs": "Keine zusätzlichen Kosten; Personal der beteiligten Stellen.",
    "affected_organisations": "Ausländerbehörde, Jobcenter Rhein-Kreis Neuss, Kommunen",
}


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _proposal(author: User, body: Body, title: str, resolution: str, **fields):
    return proposals.create_proposal(
        author, body, title=title, resolution_text=resolution, **{**_TEXT, **fields}
    )


def _forwarded(lead: User, proposal) -> None:
    proposals.take_step(lead, proposal, Step.SUBMIT_FOR_DELIBERATION)
    proposals.take_step(
        lead,
        proposal,
        Step.FORWARD,
        recommendation="Die Arbeitsgruppe empfiehlt der Lenkungsgruppe die Annahme.",
        votes_yes=6,
        votes_no=0,
        votes_abstain=1,
    )


def _meeting(body: Body, status: MeetingStatus, upcoming: bool) -> Meeting:
    now = utcnow()
    order = Meeting.starts_at if upcoming else Meeting.starts_at.desc()
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.body_id == body.id,
            Meeting.status == status,
            Meeting.starts_at > now if upcoming else Meeting.starts_at < now,
        )
        .order_by(order)
        .limit(1)
    )


def load_governance(steering: Body, procedure: Body) -> None:
    """Add the demo proposals, the decided one's actions and the open written procedure."""
    for body in db.session.scalars(select(Body).where(Body.slug.in_(PREFIXES))):
        body.reference_prefix = PREFIXES[body.slug]
    db.session.commit()
    lead, ki = _user("ag-leitung@demo.example"), _user("sekretariat@demo.example")

    _proposal(
        lead,
        procedure,
        "Mehrsprachige Erstinformation in den Bürgerbüros",
        "Die Kommunen legen in ihren Bürgerbüros eine gemeinsame mehrsprachige Erstinformation "
        "aus.",
    )
    deliberating = _proposal(
        lead,
        procedure,
        "Lotsenstellen für den Übergang Schule – Ausbildung",
        "Die Lenkungsgruppe bittet die Kommunen, Lotsenstellen für den Übergang Schule – "
        "Ausbildung zu benennen.",
    )
    proposals.take_step(lead, deliberating, Step.SUBMIT_FOR_DELIBERATION)
    forwarded = _proposal(
        lead,
        procedure,
        "Einheitliche Checkliste für die Beschäftigungserlaubnis",
        "Ausländerbehörde und Jobcenter verwenden eine gemeinsame Checkliste für Anträge auf "
        "Beschäftigungserlaubnis.",
        is_public=True,
    )
    _forwarded(lead, forwarded)
    returned = _proposal(
        lead,
        procedure,
        "Gemeinsame Datenbank der Sprachkursangebote",
        "Die Koordinierende Stelle richtet eine gemeinsame Übersicht der Sprachkursangebote ein.",
    )
    _forwarded(lead, returned)
    proposals.take_step(
        ki,
        returned,
        Step.RETURN,
        reason="Bitte ergänzen Sie eine Kostenschätzung und die Abstimmung mit dem Datenschutz.",
    )
    withdrawn = _proposal(
        lead,
        procedure,
        "Eigene Sprechstunde der AG in jeder Kommune",
        "Die Arbeitsgruppe bietet in jeder Kommune eine monatliche Sprechstunde an.",
    )
    proposals.take_step(
        lead,
        withdrawn,
        Step.WITHDRAW,
        reason="Wird in der Fortschreibung des Konzepts aufgegriffen.",
    )

    scheduled = _proposal(
        lead,
        procedure,
        "Gemeinsame Terminvergabe Ausländerbehörde und Jobcenter",
        "Ausländerbehörde und Jobcenter terminieren Erstberatungen für die Zielgruppe gemeinsam; "
        "Pilot in Neuss und Dormagen, Auswertung nach sechs Monaten.",
        is_public=True,
    )
    _forwarded(lead, scheduled)
    proposals.take_step(ki, scheduled, Step.ACCEPT)
    proposals.schedule_proposal(ki, scheduled, _meeting(steering, MeetingStatus.PLANNED, True))

    _decided_with_actions(lead, ki, procedure, steering)
    _open_written_procedure(lead, ki, procedure, steering)


def _decided_with_actions(lead: User, ki: User, procedure: Body, steering: Body) -> None:
    decided = _proposal(
        lead,
        procedure,
        "Case-Management in allen acht Kommunen",
        "Die Lenkungsgruppe beschließt, das Case-Management in allen acht kreisangehörigen "
        "Kommunen mit festen Ansprechpersonen anzubieten.",
        is_public=True,
    )
    _forwarded(lead, decided)
    proposals.take_step(ki, decided, Step.ACCEPT)
    past = _meeting(steering, MeetingStatus.MINUTES_APPROVED, False)
    proposals.mark_scheduled(ki, decided, meeting=past)
    db.session.commit()
    decision = proposals.decide_proposal(ki, decided, Outcome.ADOPTED, meeting=past)
    decision.review_on = today_local() + timedelta(days=90)
    db.session.commit()
    organisations = {
        organisation.name: organisation for organisation in db.session.scalars(select(Organisation))
    }
    today = today_local()
    overdue = follow_up.add_action(
        ki,
        decision,
        description="Ansprechpersonen aller Kommunen an die Koordinierende Stelle melden",
        organisation=organisations.get("Stadt Dormagen"),
        responsible=_user("dezernat.dormagen@demo.example"),
        due_on=today - timedelta(days=21),
    )
    running = follow_up.add_action(
        ki,
        decision,
        description="Gemeinsame Schulung der Case-Managerinnen und Case-Manager",
        responsible=_user("ki-referentin@demo.example"),
        due_on=today + timedelta(days=45),
    )
    follow_up.add_action_note(
        ki, running, text="Termin mit der Volkshochschule abgestimmt.", status="in_progress"
    )
    done = follow_up.add_action(
        ki,
        decision,
        description="Stellenausschreibungen in Neuss und Grevenbroich veröffentlichen",
        due_on=today - timedelta(days=60),
    )
    follow_up.add_action_note(ki, done, text="Beide Stellen sind besetzt.", status="done")
    assert overdue.status == "open"


def _open_written_procedure(lead: User, ki: User, procedure: Body, steering: Body) -> None:
    proposal = _proposal(
        lead,
        procedure,
        "Dolmetscherpool für Beratungsgespräche",
        "Die Lenkungsgruppe beschließt, einen kreisweiten Pool von Sprachmittlerinnen und "
        "Sprachmittlern für Beratungsgespräche aufzubauen.",
    )
    _forwarded(lead, proposal)
    proposals.take_step(ki, proposal, Step.ACCEPT)
    ballot = ballots.open_ballot(
        ki,
        body=steering,
        kind="written",
        secrecy="named",
        title="Umlaufverfahren: Dolmetscherpool für Beratungsgespräche",
        proposal=proposal,
        closes_at=utcnow() + timedelta(days=7),
    )
    for email in ("dezernat.dormagen@demo.example", "jobcenter@demo.example"):
        ballots.cast_vote(_user(email), ballot, "yes")
