"""Agenda suggestions: who may suggest and decide, when, and what a decision does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from meetings.models import AgendaItem, AgendaSuggestion, MeetingChange, SuggestionStatus
from meetings.services import queries, suggestions
from meetings.services.suggestion_panel import suggestion_panel
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import (
    AuditEvent,
    MembershipRole,
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
)
from tests.fixtures.mail import body_text
from tests.fixtures.meetings import in_days


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _mails_to(user) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    )


def test_a_member_suggests_an_item_that_waits_for_the_decision(personas, body, create_meeting):
    meeting = create_meeting(body, items=2)

    suggestion = suggestions.suggest_agenda_item(
        personas["member"],
        meeting,
        title="  Sprachkurse für Eltern in Jüchen  ",
        description="Bedarf aus der **AG Fallebene**.",
        kind="decision",
        is_public=False,
    )

    assert suggestion.status == SuggestionStatus.PENDING
    assert suggestion.title == "Sprachkurse für Eltern in Jüchen"
    assert suggestion.kind == "decision" and not suggestion.is_public
    assert suggestion.proposer_id == personas["member"].id
    assert _count(AgendaItem) == 2  # the agenda waits for the secretariat
    assert _actions() == ["agenda_suggestion.create"]


@pytest.mark.parametrize("role", ["member", "deputy", "advisory", "chair", "secretariat"])
def test_everyone_with_a_seat_or_role_but_guests_may_suggest(
    personas, body, create_meeting, create_user, create_membership, role
):
    meeting = create_meeting(body)
    person = create_user()
    create_membership(person, body, role)

    suggestions.suggest_agenda_item(person, meeting, title="Ein Punkt")

    assert _count(AgendaSuggestion) == 1


@pytest.mark.parametrize("who", ["anonymous", "guest", "other_member", "admin"])
def test_guests_outsiders_and_admins_may_not_suggest(personas, body, create_meeting, who):
    meeting = create_meeting(body)
    with pytest.raises(PermissionDenied):
        suggestions.suggest_agenda_item(personas[who], meeting, title="Ein Punkt")
    assert _count(AgendaSuggestion) == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "held", "starts_at": in_days(-2)},
        {"status": "minutes_approved", "starts_at": in_days(-40)},
        {"status": "cancelled"},
        {"status": "planned", "starts_at": in_days(-1)},
        {"status": "invited", "starts_at": in_days(-1)},
    ],
    ids=["held", "minutes-approved", "cancelled", "planned-but-past", "invited-but-past"],
)
def test_only_a_meeting_still_ahead_takes_suggestions(personas, body, create_meeting, fields):
    meeting = create_meeting(body, **fields)

    with pytest.raises(InvalidInput) as refused:
        suggestions.suggest_agenda_item(personas["member"], meeting, title="Zu spät")

    assert refused.value.errors[0] == (
        "",
        "Für diese Sitzung können keine Tagesordnungspunkte mehr vorgeschlagen werden.",
    )
    assert _count(AgendaSuggestion) == 0


def test_an_invited_meeting_still_takes_suggestions(personas, body, create_meeting):
    meeting = create_meeting(body, status="invited", invited_at=datetime.now(UTC))
    suggestions.suggest_agenda_item(personas["member"], meeting, title="Nachtrag bitte")
    assert _count(AgendaSuggestion) == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": " \t\n "}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "x" * 301}, "title", "Der Titel darf höchstens 300 Zeichen lang sein."),
        ({"title": "TOP", "kind": "vote"}, "kind", "Bitte wählen Sie eine Art aus der Liste."),
        (
            {"title": "TOP", "description": "x" * 20_001},
            "description",
            "Die Beschreibung darf höchstens 20000 Zeichen lang sein.",
        ),
    ],
)
def test_bad_suggestions_are_refused_in_german(
    personas, body, create_meeting, fields, field, message
):
    meeting = create_meeting(body)
    with pytest.raises(InvalidInput) as refused:
        suggestions.suggest_agenda_item(personas["member"], meeting, **fields)
    assert (field, message) in refused.value.errors
    assert _count(AgendaSuggestion) == 0 and _count(AuditEvent) == 0


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>",
        "Übergänge für Schülerinnen und Schüler – Größe ß",
        "Willkommenskultur 🎉🤝",
        "مساعدة اللاجئين في نويس",
        "x" * 300,
    ],
    ids=["script", "umlauts", "emoji", "rtl", "longest"],
)
def test_any_text_within_the_limits_is_kept_as_written(personas, body, create_meeting, title):
    meeting = create_meeting(body)
    suggestion = suggestions.suggest_agenda_item(personas["member"], meeting, title=title)
    db.session.expire_all()
    assert db.session.get(AgendaSuggestion, suggestion.id).title == title


def test_accepting_before_the_invitation_appends_a_numbered_item(
    personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body, items=2)
    suggestion = create_suggestion(meeting, personas["member"], kind="decision", is_public=False)

    suggestions.accept_suggestion(personas["secretariat"], suggestion, reason="Gern.")

    db.session.expire_all()
    suggestion = db.session.get(AgendaSuggestion, suggestion.id)
    item = suggestion.agenda_item
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.decision_reason == "Gern."
    assert suggestion.decided_by_id == personas["secretariat"].id
    assert suggestion.decided_at is not None
    assert (item.title, item.description) == (suggestion.title, suggestion.description)
    assert item.kind == "decision" and not item.is_public and not item.is_supplement
    numbers = [(e.number, e.item.id) for e in queries.numbered_agenda(meeting.items)]
    assert numbers[-1] == ("3", item.id)
    assert _count(MeetingChange) == 0
    assert _actions() == ["agenda_item.create", "agenda_suggestion.accept"]
    (mail,) = _mails_to(personas["member"])
    assert mail.kind == "suggestion_decided"
    assert mail.subject == f"Vorschlag angenommen: {suggestion.title}"
    assert "TOP 3" in mail.body and "Anmerkung:\nGern." in mail.body
    assert f"http://localhost/meetings/{meeting.id}" in mail.body


def test_accepting_after_the_invitation_adds_a_supplement_that_is_recorded_and_announced(
    personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body, items=2, status="invited", invited_at=datetime.now(UTC))
    suggestion = create_suggestion(meeting, personas["member"], title="Dringlich: Unterkünfte")

    suggestions.accept_suggestion(personas["secretariat"], suggestion)

    item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == suggestion.title))
    assert item.is_supplement
    change = db.session.scalar(select(MeetingChange))
    assert change.kind == "agenda" and change.after == {"added": "Dringlich: Unterkünfte"}
    kinds = {mail.kind for mail in _mails_to(personas["member"])}
    assert kinds == {"agenda_changed", "suggestion_decided"}
    assert {mail.kind for mail in _mails_to(personas["chair"])} == {"agenda_changed"}


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Bitte geben Sie an, warum der Vorschlag abgelehnt wird."),
        ("   \n ", "Bitte geben Sie an, warum der Vorschlag abgelehnt wird."),
        ("x" * 2001, "Die Begründung darf höchstens 2000 Zeichen lang sein."),
    ],
)
def test_declining_needs_a_reason(
    personas, body, create_meeting, create_suggestion, reason, message
):
    meeting = create_meeting(body)
    suggestion = create_suggestion(meeting, personas["member"])

    with pytest.raises(InvalidInput) as refused:
        suggestions.decline_suggestion(personas["secretariat"], suggestion, reason=reason)

    assert refused.value.errors == [("reason", message)]
    db.session.expire_all()
    assert db.session.get(AgendaSuggestion, suggestion.id).status == SuggestionStatus.PENDING
    assert _count(OutboxMessage) == 0 and _count(AuditEvent) == 0


def test_declining_keeps_the_reason_and_tells_the_proposer(
    personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body, items=1)
    suggestion = create_suggestion(meeting, personas["member"])

    suggestions.decline_suggestion(
        personas["secretariat"], suggestion, reason="Gehört in die AG Fallebene. 🙂"
    )

    db.session.expire_all()
    suggestion = db.session.get(AgendaSuggestion, suggestion.id)
    assert suggestion.status == SuggestionStatus.DECLINED
    assert suggestion.decision_reason == "Gehört in die AG Fallebene. 🙂"
    assert suggestion.agenda_item_id is None and _count(AgendaItem) == 1
    assert _actions() == ["agenda_suggestion.decline"]
    (mail,) = _mails_to(personas["member"])
    assert mail.subject == f"Vorschlag abgelehnt: {suggestion.title}"
    assert "Begründung:\nGehört in die AG Fallebene. 🙂" in mail.body


@pytest.mark.parametrize(
    ("first", "second"),
    [("accept", "accept"), ("accept", "decline"), ("decline", "accept"), ("decline", "decline")],
)
def test_a_decided_suggestion_cannot_be_decided_again(
    personas, body, create_meeting, create_suggestion, first, second
):
    meeting = create_meeting(body, items=1)
    suggestion = create_suggestion(meeting, personas["member"])
    decide = {
        "accept": lambda: suggestions.accept_suggestion(personas["secretariat"], suggestion),
        "decline": lambda: suggestions.decline_suggestion(
            personas["secretariat"], suggestion, reason="Nein."
        ),
    }
    decide[first]()
    before = (_count(AgendaItem), _count(OutboxMessage), _count(AuditEvent))

    with pytest.raises(Conflict) as refused:
        decide[second]()

    assert "bereits entschieden" in str(refused.value)
    assert (_count(AgendaItem), _count(OutboxMessage), _count(AuditEvent)) == before


def test_of_two_people_deciding_at_once_the_second_gets_a_conflict(
    personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body, items=1)
    suggestion = create_suggestion(meeting, personas["member"])
    # Someone else declined it meanwhile; this session still holds it as pending.
    db.session.execute(
        update(AgendaSuggestion)
        .values(status=SuggestionStatus.DECLINED, decision_reason="Schon erledigt.")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    set_committed_value(suggestion, "status", SuggestionStatus.PENDING)

    with pytest.raises(Conflict) as refused:
        suggestions.accept_suggestion(personas["secretariat"], suggestion)

    assert "inzwischen jemand anderes entschieden" in str(refused.value)
    assert _count(AgendaItem) == 1  # the item added in the refused transaction is gone
    assert _count(OutboxMessage) == 0 and _count(AuditEvent) == 0


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin", "other_member"])
def test_only_the_secretariat_decides(personas, body, create_meeting, create_suggestion, who):
    meeting = create_meeting(body)
    suggestion = create_suggestion(meeting, personas["member"])
    with pytest.raises(PermissionDenied):
        suggestions.accept_suggestion(personas[who], suggestion)
    with pytest.raises(PermissionDenied):
        suggestions.decline_suggestion(personas[who], suggestion, reason="Nein.")
    assert _count(AgendaItem) == 0


def test_a_working_groups_chair_decides_for_it(
    create_body, create_user, create_membership, create_meeting, create_suggestion
):
    group = create_body("working_group", slug="ag-wohnen")
    lead, member = create_user(), create_user()
    create_membership(lead, group, MembershipRole.CHAIR)
    create_membership(member, group)
    suggestion = create_suggestion(create_meeting(group), member)

    suggestions.accept_suggestion(lead, suggestion)

    assert suggestion.status == SuggestionStatus.ACCEPTED


def test_a_closed_agenda_takes_no_accepted_item_but_may_still_decline(
    personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body, items=1)
    suggestion = create_suggestion(meeting, personas["member"])
    meeting.status = "cancelled"
    db.session.commit()

    with pytest.raises(InvalidInput) as refused:
        suggestions.accept_suggestion(personas["secretariat"], suggestion)
    assert "kann nicht mehr geändert werden" in refused.value.errors[0][1]
    assert suggestion.status == SuggestionStatus.PENDING and _count(AgendaItem) == 1

    suggestions.decline_suggestion(personas["secretariat"], suggestion, reason="Abgesagt.")
    assert suggestion.status == SuggestionStatus.DECLINED


def test_no_mail_for_a_proposer_who_switched_it_off_or_decided_it_themselves(
    personas, body, create_meeting, create_suggestion
):
    meeting = create_meeting(body)
    db.session.add(
        NotificationPreference(
            user_id=personas["member"].id,
            kind=NotificationKind.SUGGESTION_DECIDED,
            is_enabled=False,
        )
    )
    suggestions.decline_suggestion(
        personas["secretariat"], create_suggestion(meeting, personas["member"]), reason="Nein."
    )
    suggestions.accept_suggestion(
        personas["secretariat"], create_suggestion(meeting, personas["secretariat"])
    )
    assert _count(OutboxMessage) == 0


def test_the_meeting_page_shows_everyone_their_share_of_the_suggestions(
    personas, body, create_meeting, create_suggestion, create_user, create_membership
):
    meeting = create_meeting(body, items=1)
    other = create_user()
    create_membership(other, body)
    mine = create_suggestion(meeting, personas["member"], title="Mein Punkt")
    create_suggestion(meeting, other, title="Fremder Punkt")
    suggestions.accept_suggestion(personas["secretariat"], mine)

    member_view = queries.meeting_page(personas["member"], meeting).suggestions
    ki_view = queries.meeting_page(personas["secretariat"], meeting).suggestions
    guest_view = queries.meeting_page(personas["guest"], meeting).suggestions

    assert [row.suggestion.title for row in member_view.decided] == ["Mein Punkt"]
    assert member_view.decided[0].number == "2" and member_view.pending == []
    assert member_view.may_suggest and not member_view.may_decide
    assert [row.suggestion.title for row in ki_view.pending] == ["Fremder Punkt"]
    assert ki_view.may_decide and ki_view.may_accept and not ki_view.may_suggest
    assert not guest_view.is_shown
    assert not suggestion_panel(None, meeting, []).is_shown


class TestTheProposersMail:
    """The decision reaches the proposer through the real SMTP server."""

    @pytest.fixture
    def app_config(self, mail_config):
        return mail_config

    def test_the_proposer_gets_the_decision_with_the_link(
        self, smtp_server, personas, body, create_meeting, create_suggestion
    ):
        meeting = create_meeting(body, items=4)
        accepted = create_suggestion(meeting, personas["member"], title="Ehrenamt stärken")
        declined = create_suggestion(meeting, personas["member"], title="Neues Logo")

        suggestions.accept_suggestion(personas["secretariat"], accepted)
        suggestions.decline_suggestion(
            personas["secretariat"], declined, reason="Kein Thema der Lenkungsgruppe."
        )

        first, second = smtp_server.wait_for(2)
        assert first["To"] == personas["member"].email
        assert first["Subject"] == "Vorschlag angenommen: Ehrenamt stärken"
        text = body_text(first)
        assert "wurde angenommen" in text and "TOP 5" in text
        assert f"http://localhost/meetings/{meeting.id}" in text
        assert second["Subject"] == "Vorschlag abgelehnt: Neues Logo"
        assert "Kein Thema der Lenkungsgruppe." in body_text(second)
