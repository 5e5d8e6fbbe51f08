"""Proposals, ballots and the decision register in the benchmark, and the cost of casting a vote.

The issue's targets: the proposal page with 10 consultations and 5 amendments, the register with
2,000 decisions (``benchmarks.seed``: ``Scale.decisions``, 20,000 at 10×) and the proposal list
need at most 10 SQL statements each, the *same* number at small and at 10× data; casting a vote
needs at most 6 statements.

The measured proposal is made through the services, as the people in the demo would make it: the
working group forwards it, the secretariat returns it, the group revises and forwards it again,
the secretariat accepts, schedules, takes it off the agenda and schedules it again (ten entries
in the consultation path), and five steering group members table amendments.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select

from benchmarks.pages import MEMBER, SECRETARIAT, Page, csrf_token
from benchmarks.sqlcount import StatementCounter, log_in
from meetings.models import Ballot, BallotKind, Meeting, MeetingStatus, Proposal
from meetings.proposal_flow import Step
from meetings.services import amendments, ballots, proposals
from portal.db import write_intent
from portal.extensions import db
from portal.models import Body, User

MAX_SQL = 10
MAX_VOTE_SQL = 6
CONSULTATIONS, AMENDMENTS = 10, 5
#: Steering group members who table the amendments (demo district).
AMENDING = (
    "mitglied@demo.example",
    "dezernat.dormagen@demo.example",
    "jobcenter@demo.example",
    "arbeitsagentur@demo.example",
    "wohlfahrt@demo.example",
)
RESOLUTION = (
    "Die Lenkungsgruppe beschließt, für junge Geflüchtete in allen Kommunen eine gemeinsame "
    "Anlaufstelle von Ausländerbehörde, Jobcenter und Agentur für Arbeit einzurichten. Die "
    "Koordinierende Stelle legt bis zum Ende des Quartals ein Konzept vor."
)


@dataclass(frozen=True)
class GovernanceIds:
    """The measured proposal and the demo district's open written procedure."""

    proposal: int
    written_ballot: int


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _forward(lead: User, proposal: Proposal) -> None:
    proposals.take_step(
        lead,
        proposal,
        Step.FORWARD,
        recommendation="Die Arbeitsgruppe empfiehlt die Annahme.",
        votes_yes=7,
        votes_no=1,
        votes_abstain=0,
    )


def seed_governance() -> GovernanceIds:
    """Make the measured proposal through the services; return its id and the ballot's."""
    write_intent.set(True)
    lead, ki = _user("ag-leitung@demo.example"), _user("sekretariat@demo.example")
    group = db.session.scalar(select(Body).where(Body.slug == "ag-verfahrensebene"))
    meeting = db.session.scalar(
        select(Meeting)
        .join(Meeting.body)
        .where(Body.slug == "lenkungsgruppe", Meeting.status == MeetingStatus.PLANNED)
        .order_by(Meeting.starts_at)
        .limit(1)
    )
    proposal = proposals.create_proposal(
        lead,
        group,
        title="Gemeinsame Anlaufstelle für junge Geflüchtete in allen Kommunen",
        rationale="Die Arbeitsgruppe hat **Doppelstrukturen** festgestellt.\n\n- Termine\n- Akten",
        resolution_text=RESOLUTION,
        costs="Personal der beteiligten Stellen",
        affected_organisations="Ausländerbehörde, Jobcenter, Agentur für Arbeit, Kommunen",
        is_public=True,
    )
    proposals.take_step(lead, proposal, Step.SUBMIT_FOR_DELIBERATION)
    _forward(lead, proposal)
    proposals.take_step(ki, proposal, Step.RETURN, reason="Bitte Kostenschätzung ergänzen.")
    proposals.take_step(lead, proposal, Step.REVISE)
    _forward(lead, proposal)
    proposals.take_step(ki, proposal, Step.ACCEPT)
    proposals.schedule_proposal(ki, proposal, meeting)
    proposals.take_step(ki, proposal, Step.UNSCHEDULE)
    proposals.schedule_proposal(ki, proposal, meeting)
    for number, email in enumerate(AMENDING, start=1):
        amendments.table_amendment(
            _user(email),
            proposal,
            resolution_text=RESOLUTION.replace("Quartals", f"{number}. Quartals"),
            rationale=f"Änderungsantrag {number}",
        )
    written = db.session.scalar(select(Ballot.id).where(Ballot.kind == BallotKind.WRITTEN))
    return GovernanceIds(proposal=proposal.id, written_ballot=written)


def pages(ids: GovernanceIds) -> tuple[Page, ...]:
    """Return the measured pages of proposals, ballots and the register."""
    label = f"/proposals/<{CONSULTATIONS} consultations, {AMENDMENTS} amendments>"
    measured = (
        (f"{label} (anonymous)", f"/proposals/{ids.proposal}", None),
        (f"{label} (member)", f"/proposals/{ids.proposal}", MEMBER),
        (f"{label} (secretariat)", f"/proposals/{ids.proposal}", SECRETARIAT),
        ("/proposals/ (member)", "/proposals/", MEMBER),
        ("/ballots/<written procedure> (member)", f"/ballots/{ids.written_ballot}", MEMBER),
        ("/decisions/ (anonymous)", "/decisions/", None),
        ("/decisions/ (member)", "/decisions/", MEMBER),
        ("/decisions/?year=2020 (member)", "/decisions/?year=2020", MEMBER),
    )
    return tuple(Page(label, path, user, max_sql=MAX_SQL) for label, path, user in measured)


def unequal_counts(rows) -> list[str]:
    """Return a line for each governance page whose SQL count grows from small to 10× data."""
    return [
        f"{row.label}: {row.sql_small} SQL statements at small data, {row.sql_large} at 10×"
        for row in rows
        if row.label.startswith(("/proposals/", "/ballots/", "/decisions/"))
        and row.sql_small != row.sql_large
    ]


def measure_vote(app: Flask, ids: GovernanceIds) -> dict[str, int]:
    """Count the statements of casting a vote: the service, and the whole POST request.

    The demo member votes in the open written procedure (named, changes allowed): first a new
    vote, then a changed one; each is counted through the service and through ``POST
    /ballots/<id>/vote`` (which also loads the session's user and answers with a redirect).
    """
    figures: dict[str, int] = {}
    for label, choice in (("new", "yes"), ("changed", "no")):
        with app.app_context():
            # As in a request: the voter and the ballot are loaded (the login and the view
            # load them), nothing else is.
            write_intent.set(True)
            member = _user(MEMBER)
            ballot = db.session.get(Ballot, ids.written_ballot)
            with StatementCounter(db.engine) as counter:
                ballots.cast_vote(member, ballot, choice)
            figures[f"service_{label}"] = len(counter.statements)
            db.session.remove()
    client = app.test_client()
    log_in(client, MEMBER)
    path = f"/ballots/{ids.written_ballot}"
    for label, choice in (("request_changed", "abstain"), ("request_again", "yes")):
        token = csrf_token(client.get(path).get_data(as_text=True))
        with app.app_context(), StatementCounter(db.engine) as counter:
            response = client.post(f"{path}/vote", data={"choice": choice, "csrf_token": token})
        if response.status_code != 302:
            raise RuntimeError(f"vote answered {response.status_code}")
        figures[label] = len(counter.statements)
    return figures


def vote_summary(figures: dict[str, int]) -> str:
    return (
        f"Casting a vote: {figures['service_new']} SQL statements for a new vote, "
        f"{figures['service_changed']} for a changed one (service, target ≤ {MAX_VOTE_SQL}); "
        f"the whole POST request {figures['request_changed']}"
    )


def vote_missed(figures: dict[str, int]) -> list[str]:
    return [
        f"casting a vote ({kind}): {figures[key]} SQL statements, target {MAX_VOTE_SQL}"
        for kind, key in (("new", "service_new"), ("changed", "service_changed"))
        if figures[key] > MAX_VOTE_SQL
    ]
