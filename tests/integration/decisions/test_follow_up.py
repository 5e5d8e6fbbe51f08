"""Follow-up actions, progress notes, overdue work, review dates, the report item and reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from meetings.models import ActionNote, ActionStatus, AgendaItem, FollowUpAction
from meetings.services import follow_up
from meetings.services.follow_up_cli import remind_follow_up, remind_reviews_command
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, BodyKind, NotificationKind, OutboxMessage
from portal.timeutil import today_local
from tests.fixtures.meetings import in_days

TODAY = today_local()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _mails_to(user) -> list[OutboxMessage]:
    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    )


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def decision(body, create_decision):
    return create_decision(body)


# --- actions ----------------------------------------------------------------------------------


def test_the_secretariat_adds_an_action_and_the_responsible_person_is_told(
    personas, decision, create_organisation
):
    neuss = create_organisation("Stadt Neuss")
    member = personas["member"]

    action = follow_up.add_action(
        personas["secretariat"],
        decision,
        description="  Konzept für Sprachkurse in Neuss vorlegen  ",
        organisation=neuss,
        responsible=member,
        due_on=TODAY + timedelta(days=60),
    )

    assert action.status == ActionStatus.OPEN
    assert action.description == "Konzept für Sprachkurse in Neuss vorlegen"
    assert (action.organisation, action.responsible) == (neuss, member)
    mails = _mails_to(member)
    assert len(mails) == 1 and mails[0].kind == NotificationKind.DECISION_FOLLOW_UP
    assert "LG 2026/01" in mails[0].subject
    assert f"/decisions/actions/{action.id}" in mails[0].body
    assert _actions()[-1] == "follow_up_action.create"


def test_naming_oneself_responsible_sends_no_mail(personas, decision):
    follow_up.add_action(
        personas["secretariat"], decision, description="Selbst", responsible=personas["secretariat"]
    )
    assert _mails_to(personas["secretariat"]) == []


@pytest.mark.parametrize(
    ("description", "field"),
    [("", "description"), ("   ", "description"), ("x" * 2001, "description")],
)
def test_an_action_needs_a_description(personas, decision, description, field):
    with pytest.raises(InvalidInput) as error:
        follow_up.add_action(personas["secretariat"], decision, description=description)
    assert error.value.errors[0][0] == field
    assert _count(FollowUpAction) == 0


def test_an_inactive_person_cannot_be_responsible(personas, decision, create_user):
    gone = create_user(is_active=False)
    with pytest.raises(InvalidInput) as error:
        follow_up.add_action(personas["secretariat"], decision, description="A", responsible=gone)
    assert error.value.errors[0][0] == "responsible_id"


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin", "other_member"])
def test_only_the_secretariat_adds_actions(personas, decision, who):
    with pytest.raises((PermissionDenied, NotFound)):
        follow_up.add_action(personas[who], decision, description="A")
    assert _count(FollowUpAction) == 0


def test_the_chair_of_a_working_group_manages_its_actions(
    personas, create_body, create_membership, create_decision
):
    group = create_body(kind=BodyKind.WORKING_GROUP, name="AG Verfahrensebene", slug="ag-v")
    create_membership(personas["member"], group, "chair")
    decision = create_decision(group)
    action = follow_up.add_action(personas["member"], decision, description="Bericht")
    assert action.id is not None


def test_changing_an_action_tells_only_a_new_responsible_person(personas, decision, create_action):
    action = create_action(decision, responsible=personas["member"])
    follow_up.update_action(
        personas["secretariat"],
        action,
        description="Neu gefasst",
        responsible=personas["member"],
        due_on=TODAY,
    )
    assert _mails_to(personas["member"]) == []
    follow_up.update_action(
        personas["secretariat"], action, description="Neu gefasst", responsible=personas["chair"]
    )
    assert len(_mails_to(personas["chair"])) == 1
    assert action.description == "Neu gefasst" and action.due_on is None
    assert _actions()[-1] == "follow_up_action.update"


# --- notes ------------------------------------------------------------------------------------


def test_the_responsible_person_reports_progress_and_moves_the_status(
    personas, decision, create_action
):
    action = create_action(decision, responsible=personas["member"])

    note = follow_up.add_action_note(
        personas["member"], action, text="Träger angefragt 🎉", status="in_progress"
    )

    assert note.status_after == ActionStatus.IN_PROGRESS and note.author_id == personas["member"].id
    assert action.status == ActionStatus.IN_PROGRESS
    follow_up.add_action_note(personas["secretariat"], action, text="Erledigt.", status="done")
    assert [n.status_after for n in action.notes] == ["in_progress", "done"]
    assert action.status == ActionStatus.DONE


@pytest.mark.parametrize("who", ["chair", "guest", "other_member", "admin"])
def test_others_may_not_report(personas, decision, create_action, who):
    action = create_action(decision, responsible=personas["member"])
    with pytest.raises(PermissionDenied):
        follow_up.add_action_note(personas[who], action, text="x", status="done")
    assert _count(ActionNote) == 0


@pytest.mark.parametrize(
    ("text", "status", "fields"),
    [
        ("", "done", {"text"}),
        ("x" * 5001, "done", {"text"}),
        ("ok", "finished", {"status"}),
        ("", "", {"text", "status"}),
    ],
)
def test_a_note_needs_text_and_a_known_status(
    personas, decision, create_action, text, status, fields
):
    action = create_action(decision)
    with pytest.raises(InvalidInput) as error:
        follow_up.add_action_note(personas["secretariat"], action, text=text, status=status)
    assert {field for field, _ in error.value.errors} == fields
    assert action.status == ActionStatus.OPEN and _count(ActionNote) == 0


# --- overdue actions and review dates ----------------------------------------------------------


def test_overdue_actions_are_those_past_due_and_not_finished(personas, decision, create_action):
    late = create_action(decision, due_on=TODAY - timedelta(days=1))
    create_action(decision, due_on=TODAY)  # due today: not yet overdue
    create_action(decision, due_on=TODAY - timedelta(days=5), status="done")
    create_action(decision, due_on=TODAY - timedelta(days=5), status="dropped")
    create_action(decision, due_on=None)
    running = create_action(decision, due_on=TODAY - timedelta(days=9), status="in_progress")

    assert follow_up.overdue_actions(personas["secretariat"]) == [running, late]


def test_the_responsible_person_sees_only_their_overdue_actions(personas, decision, create_action):
    mine = create_action(decision, due_on=TODAY - timedelta(1), responsible=personas["member"])
    create_action(decision, due_on=TODAY - timedelta(1), responsible=personas["chair"])

    assert follow_up.overdue_actions(personas["member"]) == [mine]
    assert follow_up.overdue_actions(personas["other_member"]) == []
    assert follow_up.overdue_actions(None) == []


def test_reviews_due_are_those_of_bodies_the_user_runs(personas, body, create_decision):
    due = create_decision(body, decided_on=TODAY)
    due.review_on = TODAY
    later = create_decision(body)
    later.review_on = TODAY + timedelta(days=1)
    db.session.commit()

    assert follow_up.reviews_due(personas["secretariat"]) == [due]
    assert follow_up.reviews_due(personas["member"]) == []


# --- the report item --------------------------------------------------------------------------


@pytest.fixture
def next_meeting(body, create_meeting):
    create_meeting(body, starts_at=in_days(-3), status="held")
    return create_meeting(body, starts_at=in_days(20), items=2)


def test_the_report_item_lists_overdue_actions_on_the_next_meeting(
    personas, body, decision, create_action, create_organisation, next_meeting, create_meeting
):
    create_meeting(body, starts_at=in_days(60))
    create_action(
        decision,
        description="Sprachkurse <script> planen",
        due_on=TODAY - timedelta(days=2),
        organisation=create_organisation("Stadt Dormagen"),
        responsible=personas["member"],
    )
    create_action(decision, description="Fertig", status="done")

    assert follow_up.next_meeting(body) == next_meeting
    item = follow_up.insert_report_item(personas["secretariat"], next_meeting)

    assert item.meeting_id == next_meeting.id and item.position == 2
    assert item.title == "Bericht: überfällige Maßnahmen" and not item.is_public
    assert "LG 2026/01: Sprachkurse <script> planen" in item.description
    assert "Stadt Dormagen, Mitglied" in item.description
    assert (TODAY - timedelta(days=2)).strftime("%d.%m.%Y") in item.description
    assert "Fertig" not in item.description


def test_the_report_item_is_put_on_a_meeting_once(personas, decision, create_action, next_meeting):
    create_action(decision, due_on=TODAY - timedelta(days=2))
    follow_up.insert_report_item(personas["secretariat"], next_meeting)
    with pytest.raises(Conflict):
        follow_up.insert_report_item(personas["secretariat"], next_meeting)
    assert _count(AgendaItem) == 3


def test_without_overdue_actions_there_is_nothing_to_report(personas, decision, next_meeting):
    with pytest.raises(InvalidInput):
        follow_up.insert_report_item(personas["secretariat"], next_meeting)
    assert _count(AgendaItem) == 2


def test_members_may_not_insert_the_report(personas, decision, create_action, next_meeting):
    create_action(decision, due_on=TODAY - timedelta(days=2))
    with pytest.raises(PermissionDenied):
        follow_up.insert_report_item(personas["chair"], next_meeting)


def test_a_long_report_is_cut_to_what_an_agenda_item_holds(
    personas, decision, create_action, next_meeting
):
    for number in range(120):
        create_action(
            decision, description=f"Maßnahme {number} " + "x" * 180, due_on=TODAY - timedelta(1)
        )
    item = follow_up.insert_report_item(personas["secretariat"], next_meeting)
    assert len(item.description) <= 20_000 and "gekürzt" in item.description


def test_a_due_review_goes_on_the_next_agenda_and_the_date_is_cleared(
    personas, decision, next_meeting
):
    decision.review_on = TODAY
    db.session.commit()
    item = follow_up.put_review_on_agenda(personas["secretariat"], decision, next_meeting)
    assert item.title == "Wiedervorlage: Beschluss LG 2026/01"
    assert f"/decisions/{decision.id}" in item.description
    assert decision.review_on is None
    assert _actions()[-1] == "decision.review_scheduled"


# --- reminders (kim-portal remind-follow-up) ----------------------------------------------------


def test_the_secretariat_is_reminded_of_a_due_review_once(personas, body, create_decision):
    due = create_decision(body, resolution_text="Bericht über **Wohnraum** in Kaarst")
    due.review_on = TODAY
    create_decision(body).review_on = TODAY + timedelta(days=3)
    db.session.commit()

    report = remind_follow_up()

    assert (report.review_decisions, report.review_mails) == (1, 1)
    (mail,) = _mails_to(personas["secretariat"])
    assert mail.subject == f"Wiedervorlage fällig: Beschlüsse des Gremiums {body.name}"
    assert "LG 2026/01" in mail.body and "Wohnraum" in mail.body
    assert mail.kind == NotificationKind.DECISION_FOLLOW_UP
    assert due.review_reminded_at is not None
    assert remind_follow_up().review_decisions == 0
    assert len(_mails_to(personas["secretariat"])) == 1


@pytest.mark.parametrize(("days_late", "mailed"), [(1, True), (3, False), (7, True), (0, False)])
def test_responsible_people_are_reminded_of_overdue_actions_on_day_one_and_weekly(
    personas, decision, create_action, days_late, mailed
):
    create_action(
        decision, due_on=TODAY - timedelta(days=days_late), responsible=personas["member"]
    )
    create_action(
        decision, due_on=TODAY - timedelta(days=days_late), responsible=personas["member"]
    )

    report = remind_follow_up()

    assert report.overdue_mails == int(mailed)
    mails = _mails_to(personas["member"])
    assert len(mails) == int(mailed)
    if mailed:
        assert mails[0].subject == "Überfällige Maßnahmen aus Beschlüssen"
        assert mails[0].body.count("LG 2026/01") == 2
        assert mails[0].body.count("/decisions/actions/") == 2


def test_the_command_runs_from_the_cli(app, runner, personas, decision, create_action):
    app.cli.add_command(remind_reviews_command)
    create_action(decision, due_on=TODAY - timedelta(days=1), responsible=personas["member"])

    result = runner.invoke(args=["remind-follow-up"])

    assert result.exit_code == 0, result.output
    assert "overdue actions: 1 mails" in result.output


def test_only_a_decision_with_a_review_date_goes_on_the_agenda_as_review(
    personas, decision, next_meeting
):
    with pytest.raises(InvalidInput):
        follow_up.put_review_on_agenda(personas["secretariat"], decision, next_meeting)
    assert _count(AgendaItem) == 2
