"""The lifecycle of a proposal: each step by the people allowed to take it, recorded with who,
when, in which body and meeting; refusals with a clear German message for everyone else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from meetings.models import (
    AgendaItem,
    AmendmentStatus,
    Decision,
    ProposalEvent,
)
from meetings.proposal_flow import Outcome, ProposalStatus, Step
from meetings.services import proposals
from meetings.tally import Counts
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import NotificationKind, NotificationPreference
from portal.timeutil import to_local
from tests.fixtures.meetings import in_days
from tests.integration.proposals.conftest import AMENDED_TEXT, ORIGINAL_TEXT, mails_to

FORWARD = {
    "recommendation": "Die AG empfiehlt die Annahme.",
    "votes_yes": 5,
    "votes_no": 0,
    "votes_abstain": 1,
}

# (step, from status, who, details, status after, the body the history names)
ALLOWED = [
    (Step.SUBMIT_FOR_DELIBERATION, "draft", "lead", {}, "in_deliberation", "ag"),
    (Step.SUBMIT_FOR_DELIBERATION, "draft", "ki", {}, "in_deliberation", "ag"),
    (Step.FORWARD, "in_deliberation", "lead", FORWARD, "forwarded", "ag"),
    (Step.FORWARD, "in_deliberation", "ki", FORWARD, "forwarded", "ag"),
    (Step.ACCEPT, "forwarded", "ki", {}, "accepted", "body"),
    (Step.RETURN, "forwarded", "ki", {"reason": "Kosten fehlen."}, "returned", "body"),
    (Step.RETURN, "accepted", "ki", {"reason": "Kosten fehlen."}, "returned", "body"),
    (Step.REVISE, "returned", "lead", {}, "in_deliberation", "ag"),
    (Step.UNSCHEDULE, "scheduled", "ki", {}, "accepted", "body"),
    (Step.UNSCHEDULE, "scheduled", "lg_chair", {}, "accepted", "body"),
    (Step.WITHDRAW, "draft", "submitter", {}, "withdrawn", "ag"),
    (Step.WITHDRAW, "in_deliberation", "submitter", {"reason": "Erledigt."}, "withdrawn", "ag"),
    (Step.WITHDRAW, "forwarded", "submitter", {}, "withdrawn", "body"),
    (Step.WITHDRAW, "scheduled", "submitter", {}, "withdrawn", "body"),
]


@pytest.mark.parametrize(
    ("step", "status", "who", "details", "after", "dealt_in"),
    ALLOWED,
    ids=[f"{row[0]}-{row[1]}-by-{row[2]}" for row in ALLOWED],
)
def test_each_step_is_taken_by_the_people_allowed_and_recorded(
    people, body, ag, create_proposal, step, status, who, details, after, dealt_in
):
    proposal = create_proposal(status=status)
    before = utcnow()

    proposals.take_step(people[who], proposal, step, **details)

    db.session.expire_all()
    assert proposal.status == after
    (event,) = proposal.events
    assert (event.step, event.status_after) == (step, after)
    assert event.actor_id == people[who].id
    assert event.at >= before
    assert event.body_id == {"ag": ag, "body": body}[dealt_in].id


# (step, from status, who, German refusal)
REFUSED = [
    (Step.SUBMIT_FOR_DELIBERATION, "draft", "submitter", "Nur die AG-Leitung oder das Sekretariat"),
    (Step.SUBMIT_FOR_DELIBERATION, "draft", "ag_member", None),
    (Step.FORWARD, "in_deliberation", "ag_member", "an die Lenkungsgruppe weiterleiten"),
    (Step.FORWARD, "in_deliberation", "lg_chair", "an die Lenkungsgruppe weiterleiten"),
    (Step.ACCEPT, "forwarded", "lead", "Nur das Sekretariat kann eine Vorlage als vollständig"),
    (Step.ACCEPT, "forwarded", "lg_chair", "Nur das Sekretariat kann eine Vorlage als vollständig"),
    (Step.ACCEPT, "forwarded", "admin", "Nur das Sekretariat kann eine Vorlage als vollständig"),
    (Step.RETURN, "forwarded", "lg_member", "Nur das Sekretariat kann eine Vorlage zurückgeben."),
    (Step.REVISE, "returned", "submitter", "zurückgegebene Vorlage wieder in die Beratung"),
    (Step.UNSCHEDULE, "scheduled", "lg_member", "von der Tagesordnung"),
    (Step.WITHDRAW, "forwarded", "lead", "Nur wer die Vorlage eingereicht hat"),
    (Step.WITHDRAW, "scheduled", "ki", "Nur wer die Vorlage eingereicht hat"),
]


@pytest.mark.parametrize(
    ("step", "status", "who", "message"),
    REFUSED,
    ids=[f"{row[0]}-{row[1]}-by-{row[2]}" for row in REFUSED],
)
def test_everyone_else_is_refused_with_a_clear_message(
    people, create_proposal, step, status, who, message
):
    proposal = create_proposal(status=status)
    details = {"reason": "x"} if step == Step.RETURN else {}
    details = FORWARD if step == Step.FORWARD else details

    if message is None:  # a draft is hidden from the group's members: they learn nothing
        with pytest.raises(NotFound):
            proposals.take_step(people[who], proposal, step, **details)
    else:
        with pytest.raises(PermissionDenied, match=message):
            proposals.take_step(people[who], proposal, step, **details)

    db.session.expire_all()
    assert proposal.status == status and proposal.events == []


@pytest.mark.parametrize(
    ("step", "status", "message"),
    [
        (
            Step.FORWARD,
            "draft",
            "Dieser Schritt ist im aktuellen Status der Vorlage nicht möglich.",
        ),
        (
            Step.ACCEPT,
            "accepted",
            "Dieser Schritt ist im aktuellen Status der Vorlage nicht möglich.",
        ),
        (Step.WITHDRAW, "decided", "Über diese Vorlage ist bereits entschieden."),
        (Step.REVISE, "withdrawn", "Diese Vorlage wurde zurückgezogen."),
    ],
)
def test_a_step_out_of_the_wrong_status_is_a_conflict(
    people, create_proposal, step, status, message
):
    proposal = create_proposal(status=status)
    who = "submitter" if step == Step.WITHDRAW else "ki"
    details = FORWARD if step == Step.FORWARD else {}

    with pytest.raises(Conflict, match=message):
        proposals.take_step(people[who], proposal, step, **details)


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        ({**FORWARD, "recommendation": "  "}, "recommendation", "Empfehlung der Arbeitsgruppe"),
        ({**FORWARD, "votes_yes": None}, "votes_yes", "Zahl der Ja-Stimmen"),
        ({**FORWARD, "votes_no": -1}, "votes_no", "darf nicht negativ sein"),
        ({**FORWARD, "votes_yes": 0, "votes_abstain": 0}, "votes_yes", "Abstimmungsergebnis"),
        ({**FORWARD, "votes_abstain": 1000}, "votes_abstain", "Höchstens 999 Stimmen."),
        ({**FORWARD, "recommendation": "x" * 2001}, "recommendation", "Höchstens 2000 Zeichen."),
    ],
)
def test_forwarding_needs_the_groups_recommendation_and_vote(
    people, create_proposal, details, field, message
):
    proposal = create_proposal(status="in_deliberation")

    with pytest.raises(InvalidInput) as refused:
        proposals.take_step(people["lead"], proposal, Step.FORWARD, **details)

    assert refused.value.errors[0][0] == field and message in refused.value.errors[0][1]
    db.session.expire_all()
    assert proposal.status == "in_deliberation" and proposal.recommendation == ""


def test_forwarding_records_the_recommendation_the_vote_and_the_start_of_waiting(
    people, create_proposal
):
    proposal = create_proposal(status="in_deliberation")

    proposals.take_step(people["lead"], proposal, Step.FORWARD, **FORWARD)

    assert proposal.recommendation == "Die AG empfiehlt die Annahme."
    assert (proposal.group_votes_yes, proposal.group_votes_no, proposal.group_votes_abstain) == (
        5,
        0,
        1,
    )
    assert proposal.waiting_since is not None
    assert proposal.events[0].note == (
        "Die AG empfiehlt die Annahme. (Abstimmung der AG: 5 Ja, 0 Nein, 1 Enthaltung)"
    )


def test_returning_needs_a_reason_and_stops_the_waiting(people, create_proposal):
    proposal = create_proposal(status="forwarded", waiting_since=utcnow())

    with pytest.raises(InvalidInput) as refused:
        proposals.take_step(people["ki"], proposal, Step.RETURN, reason="  ")
    assert refused.value.errors == [("reason", "Bitte geben Sie einen Grund für die Rückgabe an.")]

    proposals.take_step(people["ki"], proposal, Step.RETURN, reason="Die Kosten fehlen.")

    assert proposal.waiting_since is None
    assert proposal.events[-1].note == "Die Kosten fehlen."


# --- agendas ----------------------------------------------------------------------------------


def test_scheduling_puts_the_proposal_on_the_steering_groups_agenda(
    people, create_proposal, lg_meeting
):
    proposal = create_proposal(status="accepted")

    item = proposals.schedule_proposal(people["ki"], proposal, lg_meeting)

    assert proposal.status == ProposalStatus.SCHEDULED
    assert item.proposal_id == proposal.id and item.kind == "decision"
    assert (
        item.title == f"Beschlussvorlage {proposals.proposal_reference(proposal)}: {proposal.title}"
    )
    assert item.is_public is False
    (event,) = proposal.events
    assert (event.step, event.meeting_id, event.body_id) == (
        Step.SCHEDULE,
        lg_meeting.id,
        lg_meeting.body_id,
    )


def test_scheduling_refuses_a_meeting_of_another_body(people, create_proposal, ag_meeting):
    proposal = create_proposal(status="accepted")

    with pytest.raises(InvalidInput) as refused:
        proposals.schedule_proposal(people["ki"], proposal, ag_meeting)

    assert refused.value.errors[0][0] == "meeting"
    db.session.expire_all()
    assert proposal.status == "accepted"
    assert db.session.scalar(select(AgendaItem.id)) is None


def test_scheduling_refuses_a_meeting_whose_agenda_is_closed(
    people, body, create_proposal, create_meeting
):
    held = create_meeting(body, status="held", starts_at=in_days(-3))
    proposal = create_proposal(status="accepted")

    with pytest.raises(InvalidInput, match="Tagesordnung dieser Sitzung kann nicht mehr"):
        proposals.schedule_proposal(people["ki"], proposal, held)

    db.session.expire_all()
    assert proposal.status == "accepted" and proposal.events == []


def test_the_steering_groups_chair_may_schedule_but_not_edit_the_secretariats_agenda(
    people, create_proposal, lg_meeting
):
    proposal = create_proposal(status="accepted")

    with pytest.raises(InvalidInput, match="Tagesordnung dieser Sitzung können Sie nicht"):
        proposals.schedule_proposal(people["lg_chair"], proposal, lg_meeting)


def test_a_draft_put_on_the_groups_agenda_goes_into_deliberation(
    people, create_proposal, ag_meeting
):
    proposal = create_proposal()

    item = proposals.put_on_group_agenda(people["lead"], proposal, ag_meeting)

    assert proposal.status == ProposalStatus.IN_DELIBERATION
    assert item.proposal_id == proposal.id and item.kind == "discussion"
    assert [event.meeting_id for event in proposal.events] == [ag_meeting.id]


def test_a_proposal_in_deliberation_gets_a_further_reading(
    people, ag, create_proposal, ag_meeting, create_meeting
):
    proposal = create_proposal()
    proposals.put_on_group_agenda(people["lead"], proposal, ag_meeting)
    second = create_meeting(ag, title="Zweite Lesung", starts_at=in_days(40))

    proposals.put_on_group_agenda(people["lead"], proposal, second)

    assert proposal.status == ProposalStatus.IN_DELIBERATION
    assert len(proposal.events) == 1
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.proposal_id == proposal.id))
    assert {item.meeting_id for item in items} == {ag_meeting.id, second.id}


def test_a_forwarded_proposal_no_longer_goes_on_the_groups_agenda(
    people, create_proposal, ag_meeting
):
    proposal = create_proposal(status="forwarded")

    with pytest.raises(Conflict, match="Nur ein Entwurf oder eine Vorlage in Beratung"):
        proposals.put_on_group_agenda(people["lead"], proposal, ag_meeting)


def test_the_group_agenda_must_be_the_originating_groups(people, create_proposal, lg_meeting):
    proposal = create_proposal()

    with pytest.raises(InvalidInput) as refused:
        proposals.put_on_group_agenda(people["ki"], proposal, lg_meeting)

    assert refused.value.errors[0][0] == "meeting"


# --- decisions --------------------------------------------------------------------------------


@pytest.fixture
def held(body, create_meeting):
    """A meeting of the steering group two days ago."""
    return create_meeting(
        body, title="Sitzung von vorgestern", status="held", starts_at=in_days(-2)
    )


@pytest.mark.parametrize("when", ["coming", "cancelled"])
def test_a_decision_is_not_dated_to_a_meeting_that_did_not_take_place(
    people, body, create_proposal, create_meeting, when
):
    meeting = (
        create_meeting(body, starts_at=in_days(3))
        if when == "coming"
        else create_meeting(body, status="cancelled", starts_at=in_days(-3))
    )
    proposal = create_proposal(status="scheduled")

    with pytest.raises(InvalidInput) as refused:
        proposals.decide_proposal(people["ki"], proposal, "adopted", meeting=meeting)

    assert refused.value.errors == [
        ("meeting", "Diese Sitzung hat noch nicht stattgefunden oder wurde abgesagt.")
    ]
    assert _decisions() == []


def _decisions() -> list[Decision]:
    return list(db.session.scalars(select(Decision).order_by(Decision.id)))


def test_the_secretariat_enters_an_adopted_decision(people, body, create_proposal, held):
    proposal = create_proposal(status="scheduled", is_public=True)

    decision = proposals.decide_proposal(people["ki"], proposal, "adopted", meeting=held)

    assert proposal.status == ProposalStatus.DECIDED and proposal.outcome == Outcome.ADOPTED
    assert decision.body_id == body.id and decision.proposal_id == proposal.id
    assert decision.resolution_text == ORIGINAL_TEXT
    assert decision.meeting_id == held.id and decision.is_public
    assert decision.decided_on == to_local(held.starts_at).date()
    (event,) = proposal.events
    assert (event.step, event.body_id, event.note) == (Step.DECIDE, body.id, "beschlossen")


def test_a_deferred_proposal_waits_again_and_is_still_a_decision(people, create_proposal):
    proposal = create_proposal(status="scheduled", waiting_since=utcnow() - timedelta(days=90))

    proposals.decide_proposal(people["ki"], proposal, Outcome.DEFERRED)

    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.waiting_since > utcnow() - timedelta(minutes=1)
    assert [d.outcome for d in _decisions()] == [Outcome.DEFERRED]


def test_referring_back_needs_the_mandate_and_returns_to_the_group(people, create_proposal):
    proposal = create_proposal(status="scheduled")

    with pytest.raises(InvalidInput) as refused:
        proposals.decide_proposal(people["ki"], proposal, Outcome.REFERRED_BACK, mandate=" ")
    assert refused.value.errors == [
        ("mandate", "Bitte geben Sie den Auftrag an die Arbeitsgruppe an.")
    ]
    assert _decisions() == []

    proposals.decide_proposal(
        people["ki"], proposal, Outcome.REFERRED_BACK, mandate="Kosten mit dem Kreis klären."
    )

    assert proposal.status == ProposalStatus.IN_DELIBERATION
    assert proposal.events[-1].note == (
        "an die Arbeitsgruppe zurückverwiesen. Auftrag: Kosten mit dem Kreis klären."
    )


def test_an_unknown_outcome_is_refused(people, create_proposal):
    proposal = create_proposal(status="scheduled")
    with pytest.raises(InvalidInput) as refused:
        proposals.decide_proposal(people["ki"], proposal, "vielleicht")
    assert refused.value.errors[0][0] == "outcome"


@pytest.mark.parametrize("who", ["lead", "lg_chair", "lg_member", "submitter"])
def test_only_the_secretariat_enters_decisions(people, create_proposal, who):
    proposal = create_proposal(status="scheduled")
    with pytest.raises(PermissionDenied, match="Nur das Sekretariat kann die Entscheidung"):
        proposals.decide_proposal(people[who], proposal, Outcome.ADOPTED)
    assert _decisions() == []


def test_an_adopted_amendment_is_worked_into_the_decided_text(
    people, create_proposal, create_amendment
):
    proposal = create_proposal(status="scheduled")
    create_amendment(proposal, people["lg_member"], status=AmendmentStatus.REJECTED)
    create_amendment(proposal, people["lg_member"], resolution_text=AMENDED_TEXT, status="adopted")

    decision = proposals.decide_proposal(people["ki"], proposal, Outcome.ADOPTED)

    assert decision.outcome == Outcome.ADOPTED_WITH_CHANGES
    assert decision.resolution_text == AMENDED_TEXT
    assert proposal.resolution_text == ORIGINAL_TEXT  # the proposal stays as submitted


def test_a_ballot_service_records_the_outcome_after_checking_ballot_manage(
    people, create_proposal, lg_meeting
):
    """``checked=True``: the chair who closed the ballot acts as the secretariat would."""
    proposal = create_proposal(status="scheduled")

    decision = proposals.record_outcome(
        people["lg_chair"],
        proposal,
        Outcome.REJECTED,
        meeting=lg_meeting,
        counts=Counts(2, 9, 1),
        checked=True,
    )
    db.session.commit()

    assert proposal.status == ProposalStatus.DECIDED
    assert (decision.votes_yes, decision.votes_no, decision.votes_abstain) == (2, 9, 1)
    assert proposal.events[-1].note == "abgelehnt (2 Ja, 9 Nein, 1 Enthaltung)"


def test_without_the_check_the_chair_may_not_record_an_outcome(people, create_proposal):
    proposal = create_proposal(status="scheduled")
    with pytest.raises(PermissionDenied):
        proposals.record_outcome(people["lg_chair"], proposal, Outcome.ADOPTED)


def test_a_written_procedure_marks_the_proposal_scheduled(people, create_proposal):
    proposal = create_proposal(status="accepted")

    proposals.mark_scheduled(people["lg_chair"], proposal, checked=True)
    db.session.commit()

    assert proposal.status == ProposalStatus.SCHEDULED
    (event,) = proposal.events
    assert (event.meeting_id, event.note) == (None, "im Umlaufverfahren")


def test_marking_scheduled_twice_is_a_conflict(people, create_proposal):
    proposal = create_proposal(status="scheduled")
    with pytest.raises(Conflict):
        proposals.mark_scheduled(people["ki"], proposal)


def test_the_result_of_an_amendments_ballot_is_recorded_once(
    people, create_proposal, create_amendment
):
    proposal = create_proposal(status="scheduled")
    amendment = create_amendment(proposal, people["lg_member"])

    proposals.set_amendment_result(amendment, adopted=True)
    db.session.commit()

    assert amendment.status == AmendmentStatus.ADOPTED
    with pytest.raises(Conflict):
        proposals.set_amendment_result(amendment, adopted=False)


# --- the whole way, and the submitter's mail ---------------------------------------------------


def test_the_whole_way_from_draft_to_decision(people, body, ag, create_proposal, advance):
    proposal = advance(create_proposal(), "decided")

    steps = [(event.step, event.body_id) for event in proposal.events]
    assert steps == [
        (Step.SUBMIT_FOR_DELIBERATION, ag.id),
        (Step.FORWARD, ag.id),
        (Step.ACCEPT, body.id),
        (Step.SCHEDULE, body.id),
        (Step.DECIDE, body.id),
    ]
    assert (
        db.session.scalar(select(ProposalEvent.id).where(ProposalEvent.actor_id.is_(None))) is None
    )


def test_the_submitter_hears_of_every_step_someone_else_takes(people, create_proposal, advance):
    proposal = advance(create_proposal(), "decided")

    subjects = [mail.subject for mail in mails_to(people["submitter"])]
    reference = proposals.proposal_reference(proposal)
    assert subjects == [
        f"Beschlussvorlage {reference}: in die Beratung gegeben",
        f"Beschlussvorlage {reference}: an die Lenkungsgruppe weitergeleitet",
        f"Beschlussvorlage {reference}: als vollständig angenommen",
        f"Beschlussvorlage {reference}: auf die Tagesordnung gesetzt",
        f"Beschlussvorlage {reference}: entschieden",
    ]
    last = mails_to(people["submitter"])[-1]
    assert last.kind == NotificationKind.PROPOSAL_STEP
    assert "wurde entschieden" in last.body and "beschlossen" in last.body
    assert f"/proposals/{proposal.id}" in last.body


def test_no_mail_for_ones_own_step_nor_when_switched_off(people, create_proposal):
    own = create_proposal(submitter=people["lead"])
    proposals.take_step(people["lead"], own, Step.SUBMIT_FOR_DELIBERATION)
    db.session.add(
        NotificationPreference(
            user_id=people["submitter"].id, kind=NotificationKind.PROPOSAL_STEP, is_enabled=False
        )
    )
    other = create_proposal()
    proposals.take_step(people["lead"], other, Step.SUBMIT_FOR_DELIBERATION)

    assert mails_to(people["lead"]) == [] and mails_to(people["submitter"]) == []


def test_the_return_reason_reaches_the_submitter(people, create_proposal):
    proposal = create_proposal(status="forwarded")

    proposals.take_step(people["ki"], proposal, Step.RETURN, reason="Bitte Kosten beziffern.")

    (mail,) = mails_to(people["submitter"])
    assert "Kira Koordinierung hat Ihre Beschlussvorlage" in mail.body
    assert "Bitte Kosten beziffern." in mail.body


def test_adopted_with_changes_needs_an_adopted_amendment(people, create_proposal):
    proposal = create_proposal(status="scheduled")

    with pytest.raises(InvalidInput) as refused:
        proposals.decide_proposal(people["ki"], proposal, Outcome.ADOPTED_WITH_CHANGES)

    assert refused.value.errors[0][0] == "outcome"
    assert _decisions() == [] and proposal.status == "scheduled"


def test_each_step_is_audited_with_what_it_changed(people, create_proposal):
    from portal.models import AuditEvent

    proposal = create_proposal(status="in_deliberation")

    proposals.take_step(people["lead"], proposal, Step.FORWARD, **FORWARD)

    entry = db.session.scalar(select(AuditEvent))
    assert entry.action == "proposal.forward" and entry.actor_id == people["lead"].id
    assert entry.before["status"] == "in_deliberation" and entry.after["status"] == "forwarded"
    assert entry.before["recommendation"] == ""
    assert entry.after["recommendation"] == "Die AG empfiehlt die Annahme."
    assert entry.after["group_votes_yes"] == 5
