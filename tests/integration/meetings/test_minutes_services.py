"""The rules of the minutes: meetings/services/minutes*.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesEntry,
    MinutesRevision,
    MinutesStatus,
)
from meetings.services import minutes as writing
from meetings.services import minutes_history, minutes_queries, minutes_workflow, roll_call
from meetings.services.roll_call import PresenceRecord
from meetings.textdiff import CHANGED, DELETE, INSERT, SAME
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, Membership, NotificationKind, OutboxMessage
from portal.timeutil import today_local
from tests.fixtures.meetings import in_days
from tests.integration.test_bad_input import snapshot

TODAY = today_local()
AFTER_DEADLINE = TODAY + timedelta(days=8)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def held(body, create_meeting, create_agenda_item):
    """A meeting two days ago: a report, a decision, a non-public item with a sub-item."""
    meeting = create_meeting(body, starts_at=in_days(-2), title="Frühjahrssitzung")
    create_agenda_item(meeting, title="Bericht der KI")
    create_agenda_item(meeting, title="Gemeinsame Terminvergabe", kind=AgendaItemKind.DECISION)
    personal = create_agenda_item(meeting, title="Personalangelegenheit", is_public=False)
    create_agenda_item(meeting, title="Stellenbesetzung", parent=personal)
    return meeting


@pytest.fixture
def ki(personas):
    return personas["secretariat"]


def _item(meeting, title: str) -> AgendaItem:
    return next(item for item in meeting.items if item.title == title)


def _entry(minutes: Minutes, title: str) -> MinutesEntry:
    return next(e for e in minutes.entries if e.agenda_item.title == title)


def _present(actor, meeting, *users) -> None:
    """Record the users' seats in the meeting's body as present from start to end."""
    seats = db.session.scalars(
        select(Membership).where(
            Membership.body_id == meeting.body_id,
            Membership.user_id.in_([user.id for user in users]),
        )
    )
    roll_call.record_presence(actor, meeting, [PresenceRecord(seat.id, True) for seat in seats])


def _circulated(ki, meeting) -> Minutes:
    record = writing.start_minutes(ki, meeting)
    minutes_workflow.circulate_minutes(ki, record, comments_due_on=TODAY + timedelta(days=7))
    return record


def _approved(ki, meeting) -> Minutes:
    record = _circulated(ki, meeting)
    minutes_workflow.approve_minutes(ki, record, mode="chair", today=AFTER_DEADLINE)
    return record


# --- starting ---------------------------------------------------------------------------------


def test_starting_fills_the_header_from_the_data_and_opens_one_entry_per_item(ki, held):
    record = writing.start_minutes(ki, held)

    assert record.status == MinutesStatus.DRAFT
    assert record.chair == "Vorsitz"  # the name of the body's current chair
    assert record.minute_taker == ki.name
    assert (record.started_at, record.ended_at) == (held.starts_at, held.ends_at)
    assert {e.agenda_item_id for e in record.entries} == {item.id for item in held.items}
    assert held.status == MeetingStatus.HELD
    assert [r.number for r in record.revisions] == [1]
    assert _count(AuditEvent, AuditEvent.action == "minutes.create") == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"starts_at": in_days(1)}, "begonnen"),
        ({"starts_at": in_days(-2), "status": "cancelled"}, "abgesagt"),
    ],
)
def test_minutes_are_started_only_for_a_meeting_that_has_begun(
    ki, body, create_meeting, fields, message
):
    meeting = create_meeting(body, items=2, **fields)

    with pytest.raises(InvalidInput, match=message):
        writing.start_minutes(ki, meeting)
    assert _count(Minutes) == 0


def test_a_meeting_has_one_set_of_minutes(ki, held):
    writing.start_minutes(ki, held)

    with pytest.raises(InvalidInput, match="schon eine Niederschrift"):
        writing.start_minutes(ki, held)
    assert _count(Minutes) == 1


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin", "other_member"])
def test_only_the_secretariat_starts_and_writes_the_minutes(personas, ki, held, who):
    with pytest.raises(PermissionDenied):
        writing.start_minutes(personas[who], held)
    record = writing.start_minutes(ki, held)
    entry = _entry(record, "Bericht der KI")
    before = snapshot()

    with pytest.raises(PermissionDenied):
        writing.save_minutes_entry(
            personas[who], entry, lock_version=entry.lock_version, discussion="Fremder Text"
        )
    with pytest.raises(PermissionDenied):
        writing.update_minutes_header(
            personas[who],
            record,
            lock_version=record.lock_version,
            chair="Jemand",
            minute_taker="Jemand",
            started_at=held.starts_at,
            ended_at=held.ends_at,
        )
    db.session.rollback()
    assert snapshot() == before


# --- writing ----------------------------------------------------------------------------------


def test_an_entry_keeps_discussion_and_actions_in_order_without_empty_rows(ki, held):
    record = writing.start_minutes(ki, held)
    entry = _entry(record, "Bericht der KI")

    writing.save_minutes_entry(
        ki,
        entry,
        lock_version=entry.lock_version,
        discussion="  Die KI berichtet.\n\n- Neuss\n- Dormagen  ",
        actions=[
            ("Bericht versenden", "KI", date(2027, 1, 15)),
            ("", "", None),
            ("Zahlen nachliefern", "", None),
        ],
    )

    db.session.expire_all()
    entry = db.session.get(MinutesEntry, entry.id)
    assert entry.discussion == "Die KI berichtet.\n\n- Neuss\n- Dormagen"
    assert [(a.what, a.who, a.due_on) for a in entry.actions] == [
        ("Bericht versenden", "KI", date(2027, 1, 15)),
        ("Zahlen nachliefern", "", None),
    ]
    assert entry.lock_version == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"discussion": "x" * 50_001}, "discussion"),
        ({"actions": [("", "KI", None)]}, "actions-0-what"),
        ({"actions": [("a", "b", None), ("x" * 2001, "", None)]}, "actions-1-what"),
        ({"actions": [("Tun", "y" * 201, None)]}, "actions-0-who"),
    ],
)
def test_bad_entries_are_refused_and_change_nothing(ki, held, fields, field):
    entry = _entry(writing.start_minutes(ki, held), "Bericht der KI")
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        writing.save_minutes_entry(ki, entry, lock_version=entry.lock_version, **fields)

    assert field in {name for name, _ in refused.value.errors}
    db.session.rollback()
    assert snapshot() == before


def test_a_decision_only_under_a_decision_item(ki, body, held):
    body.quorum_rule = "none"
    record = writing.start_minutes(ki, held)
    report = _entry(record, "Bericht der KI")

    with pytest.raises(InvalidInput, match="kein Beschlusspunkt"):
        writing.save_minutes_entry(
            ki, report, lock_version=report.lock_version, decision_text="Beschlossen."
        )

    decision = _entry(record, "Gemeinsame Terminvergabe")
    writing.save_minutes_entry(
        ki,
        decision,
        lock_version=decision.lock_version,
        decision_text="Die Lenkungsgruppe beschließt den Pilot.",
        votes_yes=5,
        votes_no=1,
        votes_abstain=0,
        outcome="adopted",
    )
    assert decision.outcome == "adopted" and decision.votes_yes == 5


def test_no_decision_without_recorded_quorum(personas, ki, held):
    record = writing.start_minutes(ki, held)
    decision = _entry(record, "Gemeinsame Terminvergabe")

    with pytest.raises(InvalidInput, match="Anwesenheit ist noch nicht erfasst"):
        writing.save_minutes_entry(
            ki, decision, lock_version=decision.lock_version, decision_text="Beschlossen."
        )
    _present(ki, held, personas["member"])  # one of two voting seats
    with pytest.raises(InvalidInput, match="nicht beschlussfähig"):
        writing.save_minutes_entry(
            ki, decision, lock_version=decision.lock_version, decision_text="Beschlossen."
        )
    _present(ki, held, personas["member"], personas["chair"])
    writing.save_minutes_entry(
        ki, decision, lock_version=decision.lock_version, decision_text="Beschlossen."
    )
    assert decision.decision_text == "Beschlossen."


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"decision_text": "B", "votes_yes": -1}, "votes_yes"),
        ({"decision_text": "B", "votes_no": 10_001}, "votes_no"),
        ({"votes_abstain": 2}, "decision_text"),
        ({"decision_text": "B", "outcome": "vertagt"}, "outcome"),
        ({"decision_text": "x" * 10_001}, "decision_text"),
    ],
)
def test_bad_decisions_are_refused(ki, body, held, fields, field):
    body.quorum_rule = "none"
    decision = _entry(writing.start_minutes(ki, held), "Gemeinsame Terminvergabe")

    with pytest.raises(InvalidInput) as refused:
        writing.save_minutes_entry(ki, decision, lock_version=decision.lock_version, **fields)

    assert field in {name for name, _ in refused.value.errors}


def test_the_header_can_be_corrected(ki, held):
    record = writing.start_minutes(ki, held)

    writing.update_minutes_header(
        ki,
        record,
        lock_version=record.lock_version,
        chair="Kreisdirektor Dr. Beispiel",
        minute_taker="Anna Protokoll",
        started_at=held.starts_at + timedelta(minutes=10),
        ended_at=held.ends_at + timedelta(minutes=25),
    )

    assert record.chair == "Kreisdirektor Dr. Beispiel"
    assert record.started_at == held.starts_at + timedelta(minutes=10)
    assert record.revisions[-1].content["header"]["chair"] == "Kreisdirektor Dr. Beispiel"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"chair": ""}, "chair"),
        ({"minute_taker": "   "}, "minute_taker"),
        ({"chair": "x" * 201}, "chair"),
        ({"ended_at": "start"}, "ends_time"),
        ({"ended_at": "day after"}, "ends_time"),
    ],
)
def test_a_bad_header_is_refused(ki, held, fields, field):
    record = writing.start_minutes(ki, held)
    values = {
        "chair": "Vorsitz",
        "minute_taker": "KI",
        "started_at": held.starts_at,
        "ended_at": held.ends_at,
        **fields,
    }
    if values["ended_at"] == "start":
        values["ended_at"] = held.starts_at
    elif values["ended_at"] == "day after":
        values["ended_at"] = held.starts_at + timedelta(hours=25)

    with pytest.raises(InvalidInput) as refused:
        writing.update_minutes_header(ki, record, lock_version=record.lock_version, **values)

    assert field in {name for name, _ in refused.value.errors}


# --- optimistic locking -----------------------------------------------------------------------


def test_a_save_based_on_an_older_state_is_refused(ki, held):
    entry = _entry(writing.start_minutes(ki, held), "Bericht der KI")
    seen = entry.lock_version
    writing.save_minutes_entry(ki, entry, lock_version=seen, discussion="Erster Text")

    with pytest.raises(Conflict, match="inzwischen von jemand anderem"):
        writing.save_minutes_entry(ki, entry, lock_version=seen, discussion="Zweiter Text")

    db.session.expire_all()
    assert db.session.get(MinutesEntry, entry.id).discussion == "Erster Text"


def test_only_new_actions_count_up_the_version_too(ki, held):
    entry = _entry(writing.start_minutes(ki, held), "Bericht der KI")
    seen = entry.lock_version
    writing.save_minutes_entry(ki, entry, lock_version=seen, actions=[("Tun", "KI", None)])

    with pytest.raises(Conflict):
        writing.save_minutes_entry(ki, entry, lock_version=seen, actions=[("Lassen", "", None)])


def test_a_save_that_races_another_is_refused_at_commit(ki, held):
    """Someone saved between loading and writing: the version check of the UPDATE catches it."""
    entry = _entry(writing.start_minutes(ki, held), "Bericht der KI")
    seen = entry.lock_version
    db.session.execute(
        update(MinutesEntry)
        .where(MinutesEntry.id == entry.id)
        .values(discussion="Text der Kollegin", lock_version=seen + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    # This process still holds the entry as it was when its editor loaded the form.
    set_committed_value(entry, "lock_version", seen)

    with pytest.raises(Conflict):
        writing.save_minutes_entry(ki, entry, lock_version=seen, discussion="Mein Text")

    db.session.expire_all()
    assert db.session.get(MinutesEntry, entry.id).discussion == "Text der Kollegin"


def test_a_stale_header_is_refused(ki, held):
    record = writing.start_minutes(ki, held)
    seen = record.lock_version
    fields = {
        "minute_taker": "KI",
        "started_at": held.starts_at,
        "ended_at": held.ends_at,
    }
    writing.update_minutes_header(ki, record, lock_version=seen, chair="Erste", **fields)

    with pytest.raises(Conflict):
        writing.update_minutes_header(ki, record, lock_version=seen, chair="Zweite", **fields)
    assert record.chair == "Erste"


# --- the workflow -----------------------------------------------------------------------------


def test_the_workflow_goes_draft_circulated_approved_locked(personas, ki, held):
    record = writing.start_minutes(ki, held)
    with pytest.raises(InvalidInput, match="zuerst zur Stellungnahme"):
        minutes_workflow.approve_minutes(ki, record, mode="chair", today=AFTER_DEADLINE)
    with pytest.raises(InvalidInput, match="Nur eine genehmigte"):
        minutes_workflow.lock_minutes(ki, record)

    minutes_workflow.circulate_minutes(ki, record, comments_due_on=TODAY + timedelta(days=7))
    assert record.status == MinutesStatus.CIRCULATED
    with pytest.raises(InvalidInput, match="schon zur Stellungnahme"):
        minutes_workflow.circulate_minutes(ki, record, comments_due_on=TODAY + timedelta(days=9))
    with pytest.raises(InvalidInput, match="noch bis"):
        minutes_workflow.approve_minutes(ki, record, mode="chair", today=TODAY)

    minutes_workflow.approve_minutes(personas["chair"], record, mode="chair", today=AFTER_DEADLINE)
    assert record.status == MinutesStatus.APPROVED
    assert record.approved_by_id == personas["chair"].id
    assert held.status == MeetingStatus.MINUTES_APPROVED

    minutes_workflow.lock_minutes(ki, record)
    assert record.status == MinutesStatus.LOCKED and record.locked_at is not None
    statuses = [r.status for r in record.revisions]
    assert statuses == ["draft", "circulated", "approved", "locked"]


@pytest.mark.parametrize("days", [-1, 0, 366])
def test_the_comment_deadline_lies_in_the_coming_year(ki, held, days):
    record = writing.start_minutes(ki, held)

    with pytest.raises(InvalidInput) as refused:
        minutes_workflow.circulate_minutes(ki, record, comments_due_on=TODAY + timedelta(days=days))

    assert refused.value.errors[0][0] == "comments_due_on"
    assert record.status == MinutesStatus.DRAFT


def test_circulating_tells_the_members_with_link_and_deadline(personas, ki, held):
    _circulated(ki, held)

    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == NotificationKind.MINUTES_CIRCULATED)
    ).all()
    invited = {personas[who].email for who in ("guest", "member", "chair", "secretariat")}
    assert {m.recipient for m in messages} == invited
    assert all(f"/meetings/{held.id}/minutes" in m.body for m in messages)
    due = (TODAY + timedelta(days=7)).strftime("%d.%m.%Y")
    assert all(due in m.body for m in messages)


@pytest.mark.parametrize("who", ["member", "guest", "other_member", "admin"])
def test_only_the_secretariat_and_the_chair_approve(personas, ki, held, who):
    record = _circulated(ki, held)

    with pytest.raises((PermissionDenied, NotFound)):
        minutes_workflow.approve_minutes(personas[who], record, mode="chair", today=AFTER_DEADLINE)
    assert record.status == MinutesStatus.CIRCULATED


def test_the_body_approves_in_a_later_meeting_of_its_own(
    ki, body, held, create_body, create_meeting
):
    record = _circulated(ki, held)
    earlier = create_meeting(body, starts_at=in_days(-30))
    upcoming = create_meeting(body, starts_at=in_days(10))
    elsewhere = create_meeting(create_body(slug="ag-x"), starts_at=in_days(-1))
    later = create_meeting(body, starts_at=in_days(-1))

    assert minutes_workflow.approval_meetings(ki, record) == [later]
    for wrong in (None, earlier, upcoming, elsewhere):
        with pytest.raises(InvalidInput) as refused:
            minutes_workflow.approve_minutes(
                ki, record, mode="body", approved_in_meeting=wrong, today=AFTER_DEADLINE
            )
        assert refused.value.errors[0][0] == "approved_in_meeting_id"
    with pytest.raises(InvalidInput):
        minutes_workflow.approve_minutes(ki, record, mode="vorstand", today=AFTER_DEADLINE)

    minutes_workflow.approve_minutes(
        ki, record, mode="body", approved_in_meeting=later, today=AFTER_DEADLINE
    )
    assert record.approved_in_meeting == later and record.approval_mode == "body"
    assert _count(OutboxMessage, OutboxMessage.kind == NotificationKind.MINUTES_APPROVED) >= 1


def test_approved_minutes_refuse_every_change(ki, held):
    record = _approved(ki, held)
    entry = _entry(record, "Bericht der KI")
    before = snapshot()

    for attempt in (
        lambda: writing.save_minutes_entry(
            ki, entry, lock_version=entry.lock_version, discussion="Nachträglich"
        ),
        lambda: writing.update_minutes_header(
            ki,
            record,
            lock_version=record.lock_version,
            chair="Andere",
            minute_taker="KI",
            started_at=held.starts_at,
            ended_at=held.ends_at,
        ),
        lambda: minutes_workflow.circulate_minutes(
            ki, record, comments_due_on=TODAY + timedelta(days=3)
        ),
        lambda: minutes_workflow.approve_minutes(ki, record, mode="chair", today=AFTER_DEADLINE),
    ):
        with pytest.raises(InvalidInput):
            attempt()
        db.session.rollback()
    assert snapshot() == before


def test_an_amendment_copies_the_approved_minutes_which_stay_unchanged(ki, held):
    record = _approved(ki, held)
    entry = _entry(record, "Bericht der KI")
    with pytest.raises(InvalidInput, match="Grund"):
        minutes_workflow.start_amendment(ki, record, reason="  ")

    amendment = minutes_workflow.start_amendment(ki, record, reason="Tippfehler in TOP 1")

    assert amendment.amends_id == record.id and amendment.status == MinutesStatus.DRAFT
    assert len(amendment.entries) == len(record.entries)
    fix = _entry(amendment, "Bericht der KI")
    writing.save_minutes_entry(ki, fix, lock_version=fix.lock_version, discussion="Richtig.")
    db.session.expire_all()
    assert db.session.get(MinutesEntry, entry.id).discussion == ""
    assert db.session.get(Minutes, record.id).status == MinutesStatus.APPROVED
    with pytest.raises(InvalidInput, match="schon eine Berichtigung"):
        minutes_workflow.start_amendment(ki, record, reason="Noch einer")

    minutes_workflow.circulate_minutes(ki, amendment, comments_due_on=TODAY + timedelta(days=7))
    minutes_workflow.approve_minutes(ki, amendment, mode="chair", today=AFTER_DEADLINE)
    assert amendment.status == MinutesStatus.APPROVED
    page = minutes_queries.minutes_page(ki, held, record.id)
    assert page.amendments == [amendment]
    assert minutes_queries.minutes_page(ki, held).minutes == amendment


def test_an_amendment_needs_approved_minutes(ki, held):
    record = _circulated(ki, held)

    with pytest.raises(InvalidInput, match="Nur eine genehmigte"):
        minutes_workflow.start_amendment(ki, record, reason="Zu früh")


# --- comments ---------------------------------------------------------------------------------


def test_members_comment_until_the_deadline(personas, ki, held):
    record = _circulated(ki, held)
    member = personas["member"]
    item = _item(held, "Gemeinsame Terminvergabe")

    comment = minutes_workflow.comment_on_minutes(
        member, record, body="Bitte „Pilot“ ergänzen.", agenda_item_id=item.id
    )
    assert comment.agenda_item_id == item.id
    with pytest.raises(InvalidInput, match="abgelaufen"):
        minutes_workflow.comment_on_minutes(member, record, body="Spät", today=AFTER_DEADLINE)
    for body, field in (("", "body"), ("x" * 5001, "body")):
        with pytest.raises(InvalidInput) as refused:
            minutes_workflow.comment_on_minutes(member, record, body=body)
        assert refused.value.errors[0][0] == field
    with pytest.raises(InvalidInput):
        minutes_workflow.comment_on_minutes(member, record, body="Hm", agenda_item_id=999_999)
    assert _count(MinutesComment) == 1


@pytest.mark.parametrize("who", ["guest", "other_member", "admin"])
def test_only_members_of_the_body_comment(personas, ki, held, who):
    record = _circulated(ki, held)

    with pytest.raises(PermissionDenied):
        minutes_workflow.comment_on_minutes(personas[who], record, body="Meinung")


def test_draft_minutes_take_no_comments(personas, ki, held):
    record = writing.start_minutes(ki, held)

    with pytest.raises(PermissionDenied):
        minutes_workflow.comment_on_minutes(personas["member"], record, body="Zu früh")


# --- revisions and comparison -----------------------------------------------------------------


def test_every_save_is_a_revision_and_an_unchanged_save_is_none(ki, held):
    record = writing.start_minutes(ki, held)
    entry = _entry(record, "Bericht der KI")
    writing.save_minutes_entry(ki, entry, lock_version=1, discussion="Die KI berichtet.")
    writing.save_minutes_entry(ki, entry, lock_version=2, discussion="Die KI berichtet.")

    revisions = db.session.scalars(select(MinutesRevision).order_by(MinutesRevision.number)).all()
    assert [r.number for r in revisions] == [1, 2]
    content = revisions[-1].content
    assert set(content) == {"header", "items"}
    first = content["items"][0]
    assert (first["number"], first["title"], first["discussion"]) == (
        "1",
        "Bericht der KI",
        "Die KI berichtet.",
    )
    assert [i["number"] for i in content["items"]] == ["1", "2", "3", "3.1"]


def test_two_revisions_compare_word_by_word(ki, held):
    record = writing.start_minutes(ki, held)
    entry = _entry(record, "Bericht der KI")
    writing.save_minutes_entry(ki, entry, lock_version=1, discussion="Der Bericht wird vertagt.")
    writing.save_minutes_entry(ki, entry, lock_version=2, discussion="Der Bericht wird angenommen.")

    comparison = minutes_history.compare_revisions(ki, held)

    assert (comparison.old.number, comparison.new.number) == (2, 3)
    states = {section.key: section.state for section in comparison.sections}
    changed = _item(held, "Bericht der KI").id
    assert states.pop(f"item-{changed}") == CHANGED
    assert set(states.values()) == {SAME}
    (field,) = [f for s in comparison.changed for f in s.fields if f.changed]
    kinds = [(segment.kind, segment.text) for segment in field.segments]
    assert (DELETE, "vertagt.") in kinds and (INSERT, "angenommen.") in kinds


def test_comparing_unknown_states_is_bad_input(ki, held):
    writing.start_minutes(ki, held)

    for numbers in ({"from_number": 1, "to_number": 7}, {"from_number": "abc"}):
        with pytest.raises(InvalidInput):
            minutes_history.compare_revisions(ki, held, **numbers)
    assert minutes_history.compare_revisions(ki, held).old is None  # one state only


def test_readers_see_no_draft_states_and_no_non_public_items(
    ki, body, create_meeting, create_agenda_item
):
    body.is_public = True
    meeting = create_meeting(body, starts_at=in_days(-2), is_public=True)
    create_agenda_item(meeting, title="Öffentlicher Bericht")
    create_agenda_item(meeting, title="Geheime Personalie", is_public=False)
    record = _approved(ki, meeting)

    history = minutes_history.minutes_history(None, meeting)
    assert [r.status for r in history.revisions] == ["circulated", "approved"]
    comparison = minutes_history.compare_revisions(None, meeting)
    titles = " ".join(section.title for section in comparison.sections)
    assert "Öffentlicher Bericht" in titles and "Geheime Personalie" not in titles
    page = minutes_queries.minutes_page(None, meeting)
    assert page.minutes == record
    assert [view.item.title for view in page.entries] == ["Öffentlicher Bericht"]


def test_circulated_minutes_stay_inside_the_body(personas, ki, body, create_meeting):
    body.is_public = True
    meeting = create_meeting(body, starts_at=in_days(-2), is_public=True, items=1)
    _circulated(ki, meeting)

    assert minutes_queries.minutes_page(None, meeting).minutes is None
    assert minutes_queries.minutes_page(personas["other_member"], meeting).minutes is None
    with pytest.raises(NotFound):
        minutes_queries.shown_minutes(None, meeting)
