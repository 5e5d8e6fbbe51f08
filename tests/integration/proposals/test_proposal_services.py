"""Writing proposals: who may, numbering per body and year, checks, and edits that collide."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from meetings.models import Proposal
from meetings.proposal_flow import ProposalStatus
from meetings.services import proposal_writing, proposals
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, BodyKind, MembershipRole
from portal.timeutil import today_local


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _write(actor, body, **overrides) -> Proposal:
    fields = {
        "title": "Lotsenstelle für Neuzugewanderte",
        "rationale": "In **Neuss** fehlt eine erste Anlaufstelle.",
        "resolution_text": "Die Lenkungsgruppe beschließt die Einführung einer Lotsenstelle.",
        "costs": "50.000 € jährlich",
        "affected_organisations": "Jobcenter, Ausländerbehörde",
        "is_public": False,
    }
    fields.update(overrides)
    return proposals.create_proposal(actor, body, **fields)


def test_a_member_writes_a_draft_numbered_in_the_working_groups_year(people, ag):
    proposal = _write(people["submitter"], ag)

    assert proposal.status == ProposalStatus.DRAFT
    assert (proposal.year, proposal.number) == (today_local().year, 1)
    assert proposal.submitter_id == people["submitter"].id
    assert proposals.proposal_reference(proposal) == f"AG-V {today_local().year}/001"
    assert proposal.events == []  # a draft has no consultation path yet
    assert list(db.session.scalars(select(AuditEvent.action))) == ["proposal.create"]


def test_numbers_run_per_body_and_year_and_are_never_reused(people, ag, body, create_proposal):
    year = today_local().year
    create_proposal(ag, year=year, number=7)
    create_proposal(ag, year=year - 1, number=12)
    create_proposal(body, year=year, number=30)

    first = _write(people["submitter"], ag)
    steering = _write(people["ki"], body)

    assert first.number == 8
    assert steering.number == 31
    assert proposals.proposal_reference(steering) == f"LG {year}/031"


def test_a_body_with_its_own_prefix_uses_it(people, ag):
    ag.reference_prefix = "AGV"
    db.session.commit()

    proposal = _write(people["submitter"], ag)

    assert proposals.proposal_reference(proposal) == f"AGV {today_local().year}/001"


def test_a_number_taken_meanwhile_is_counted_again(people, ag, create_proposal, monkeypatch):
    """Another process took the number between counting and inserting: count again."""
    taken = create_proposal(ag, year=today_local().year)
    counted = iter([taken.number])
    real = proposal_writing._next_number
    monkeypatch.setattr(
        proposal_writing, "_next_number", lambda *a: next(counted, None) or real(*a)
    )

    proposal = _write(people["submitter"], ag)

    assert proposal.number == taken.number + 1
    assert _count(Proposal) == 2


@pytest.mark.parametrize("role", ["member", "chair", "deputy_chair", "secretariat"])
def test_members_chairs_and_the_secretariat_may_propose(ag, create_user, create_membership, role):
    person = create_user("secretariat" if role == "secretariat" else "member")
    create_membership(person, ag, role)

    _write(person, ag)

    assert _count(Proposal) == 1


@pytest.mark.parametrize(
    "who",
    ["anonymous", "lg_member", "lg_guest", "outsider", "admin"],
)
def test_people_without_a_proposing_seat_in_the_body_may_not(people, ag, who):
    with pytest.raises(PermissionDenied):
        _write(people[who], ag)
    assert _count(Proposal) == 0


@pytest.mark.parametrize("role", ["deputy", "advisory", "guest"])
def test_deputies_advisers_and_guests_may_not_propose(ag, create_user, create_membership, role):
    person = create_user()
    create_membership(person, ag, role)
    with pytest.raises(PermissionDenied):
        _write(person, ag)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": " \t\n "}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "x" * 201}, "title", "Höchstens 200 Zeichen."),
        (
            {"resolution_text": "   "},
            "resolution_text",
            "Bitte geben Sie den Beschlussvorschlag an.",
        ),
        ({"resolution_text": "x" * 20_001}, "resolution_text", "Höchstens 20000 Zeichen."),
        ({"rationale": "x" * 20_001}, "rationale", "Höchstens 20000 Zeichen."),
        ({"costs": "x" * 5_001}, "costs", "Höchstens 5000 Zeichen."),
        (
            {"affected_organisations": "x" * 5_001},
            "affected_organisations",
            "Höchstens 5000 Zeichen.",
        ),
    ],
)
def test_bad_proposals_are_refused_in_german_and_nothing_is_stored(
    people, ag, fields, field, message
):
    with pytest.raises(InvalidInput) as refused:
        _write(people["submitter"], ag, **fields)

    assert (field, message) in refused.value.errors
    assert _count(Proposal) == 0 and _count(AuditEvent) == 0


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Übergänge für Schülerinnen – Größe ß",
        "Willkommenskultur 🎉🤝",
        "مساعدة اللاجئين في نويس",
    ],
    ids=["script", "umlauts", "emoji", "rtl"],
)
def test_any_text_within_the_limits_is_kept_as_written(people, ag, text):
    proposal = _write(people["submitter"], ag, title=text, resolution_text=text, rationale=text)
    db.session.expire_all()

    assert (proposal.title, proposal.resolution_text, proposal.rationale) == (text, text, text)


def test_control_characters_are_dropped_so_every_database_takes_the_text(people, ag):
    proposal = _write(people["submitter"], ag, title="Lotsen\x00stelle", costs="keine\x07")

    assert (proposal.title, proposal.costs) == ("Lotsenstelle", "keine")


# --- editing ----------------------------------------------------------------------------------


def _edit(actor, proposal, lock_version=None, **changes):
    fields = {
        "title": proposal.title,
        "rationale": proposal.rationale,
        "resolution_text": proposal.resolution_text,
        "costs": proposal.costs,
        "affected_organisations": proposal.affected_organisations,
        "is_public": proposal.is_public,
    }
    fields.update(changes)
    version = proposal.lock_version if lock_version is None else lock_version
    return proposals.update_proposal(actor, proposal, lock_version=version, **fields)


def test_the_submitter_edits_the_draft(people, create_proposal):
    proposal = create_proposal()

    _edit(people["submitter"], proposal, title="Neuer Titel", costs="keine")

    assert (proposal.title, proposal.costs) == ("Neuer Titel", "keine")
    assert proposal.lock_version == 2
    assert db.session.scalar(select(AuditEvent.action)) == "proposal.update"


def test_an_unchanged_save_writes_nothing(people, create_proposal):
    proposal = create_proposal()

    _edit(people["submitter"], proposal)

    assert proposal.lock_version == 1 and _count(AuditEvent) == 0


def test_a_save_over_someone_elses_is_refused(people, create_proposal):
    proposal = create_proposal(status="in_deliberation")
    _edit(people["lead"], proposal, title="Fassung der AG-Leitung")

    with pytest.raises(Conflict, match="inzwischen von jemand anderem geändert"):
        _edit(people["ki"], proposal, lock_version=1, title="Fassung des Sekretariats")

    db.session.expire_all()
    assert proposal.title == "Fassung der AG-Leitung"


@pytest.mark.parametrize(
    ("status", "who", "allowed"),
    [
        ("draft", "submitter", True),
        ("draft", "lead", False),
        ("in_deliberation", "lead", True),
        ("in_deliberation", "ki", True),
        ("in_deliberation", "submitter", False),
        ("forwarded", "lead", False),
        ("forwarded", "ki", False),
        ("scheduled", "ki", False),
        ("decided", "ki", False),
    ],
)
def test_who_may_edit_follows_the_lifecycle(people, create_proposal, status, who, allowed):
    proposal = create_proposal(status=status)

    if allowed:
        _edit(people[who], proposal, title="Geändert")
        assert proposal.title == "Geändert"
    else:
        with pytest.raises(PermissionDenied):
            _edit(people[who], proposal, title="Geändert")


def test_an_outsider_does_not_learn_the_draft_exists(people, create_proposal):
    proposal = create_proposal()
    with pytest.raises(NotFound):
        _edit(people["outsider"], proposal, title="Geändert")


def test_a_working_group_without_parent_decides_itself(people, create_body, create_membership):
    lonely = create_body(BodyKind.WORKING_GROUP, name="AG Sprache", slug="ag-sprache")
    create_membership(people["submitter"], lonely, MembershipRole.MEMBER)

    proposal = _write(people["submitter"], lonely)

    assert proposal.deciding_body.id == lonely.id
    assert proposals.proposal_reference(proposal).startswith("AG-S ")


@pytest.mark.postgres
def test_people_writing_at_the_same_moment_get_distinct_numbers(app, people, ag):
    """Four processes' worth of sessions take the next number at once: 1, 2, 3 and 4."""
    import threading

    from portal.models import Body, User

    user_id, body_id = people["submitter"].id, ag.id
    barrier = threading.Barrier(4)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def write() -> None:
        with app.app_context():
            try:
                user, body = db.session.get(User, user_id), db.session.get(Body, body_id)
                barrier.wait(timeout=10)
                numbers.append(_write(user, body).number)
            except BaseException as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]
