"""Agenda items: adding, numbering, moving, supplements and removal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from meetings.models import AgendaItem, AgendaTemplateItem, MeetingChange
from meetings.services import agenda, queries, scheduling
from portal.errors import InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import OutboxMessage
from tests.fixtures.meetings import in_days


def _numbers(meeting):
    db.session.expire(meeting, ["items"])
    return [(entry.number, entry.item.title) for entry in queries.numbered_agenda(meeting.items)]


def test_items_are_numbered_and_sub_items_get_their_parents_number(personas, body, create_meeting):
    meeting = create_meeting(body, items=3)
    ki = personas["secretariat"]
    parent = meeting.items[2]

    agenda.add_agenda_item(ki, meeting, title="Bericht AG Verfahrensebene", parent_id=parent.id)
    agenda.add_agenda_item(ki, meeting, title="Bericht AG Fallebene", parent_id=parent.id)
    agenda.add_agenda_item(ki, meeting, title="Verschiedenes")

    assert _numbers(meeting) == [
        ("1", "Punkt 1"),
        ("2", "Punkt 2"),
        ("3", "Punkt 3"),
        ("3.1", "Bericht AG Verfahrensebene"),
        ("3.2", "Bericht AG Fallebene"),
        ("4", "Verschiedenes"),
    ]


def test_moving_renumbers_and_moving_past_the_end_changes_nothing(personas, body, create_meeting):
    meeting = create_meeting(body, items=3)
    first, second, third = meeting.items

    agenda.move_agenda_item(personas["secretariat"], third, offset=-1)
    assert [title for _n, title in _numbers(meeting)] == ["Punkt 1", "Punkt 3", "Punkt 2"]

    with pytest.raises(InvalidInput):
        agenda.move_agenda_item(personas["secretariat"], first, offset=-1)
    with pytest.raises(InvalidInput):
        agenda.move_agenda_item(personas["secretariat"], first, index=7)
    assert [title for _n, title in _numbers(meeting)] == ["Punkt 1", "Punkt 3", "Punkt 2"]

    agenda.move_agenda_item(personas["secretariat"], first, index=2)
    assert [title for _n, title in _numbers(meeting)] == ["Punkt 3", "Punkt 2", "Punkt 1"]


def test_items_added_after_the_invitation_are_supplements_and_announced(
    personas, body, create_meeting
):
    meeting = create_meeting(body, items=2, status="invited", invited_at=datetime.now(UTC))

    item = agenda.add_agenda_item(personas["secretariat"], meeting, title="Dringlicher Antrag")

    assert item.is_supplement
    change = db.session.scalar(select(MeetingChange))
    assert change.kind == "agenda" and change.after == {"added": "Dringlicher Antrag"}
    assert db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.recipient == personas["member"].email)
    )


def test_items_before_the_invitation_are_not_supplements(personas, body, create_meeting):
    meeting = create_meeting(body)
    item = agenda.add_agenda_item(personas["secretariat"], meeting, title="Haushalt 2027")
    assert not item.is_supplement
    assert db.session.scalar(select(MeetingChange)) is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"title": "TOP", "kind": "vote"}, "kind"),
        ({"title": "TOP", "duration_minutes": 0}, "duration_minutes"),
        ({"title": "TOP", "duration_minutes": 601}, "duration_minutes"),
        ({"title": "TOP", "parent_id": 999_999}, "parent_id"),
        ({"title": "TOP", "description": "x" * 20_001}, "description"),
    ],
)
def test_bad_items_are_refused(personas, body, create_meeting, fields, field):
    meeting = create_meeting(body, items=1)
    with pytest.raises(InvalidInput) as refused:
        agenda.add_agenda_item(personas["secretariat"], meeting, **fields)
    assert refused.value.errors[0][0] == field
    assert len(db.session.scalars(select(AgendaItem)).all()) == 1


def test_sub_items_stay_one_level_deep(personas, body, create_meeting, create_agenda_item):
    meeting = create_meeting(body, items=1)
    parent = meeting.items[0]
    child = create_agenda_item(meeting, parent=parent, title="Unterpunkt")
    with pytest.raises(InvalidInput):
        agenda.add_agenda_item(personas["secretariat"], meeting, title="x", parent_id=child.id)
    other = create_agenda_item(meeting, title="Anderer Punkt")
    with pytest.raises(InvalidInput):
        agenda.update_agenda_item(
            personas["secretariat"], parent, title=parent.title, parent_id=other.id
        )


def test_removing_an_item_removes_its_sub_items(personas, body, create_meeting, create_agenda_item):
    meeting = create_meeting(body, items=2)
    create_agenda_item(meeting, parent=meeting.items[0], title="Unterpunkt")

    agenda.remove_agenda_item(personas["secretariat"], meeting.items[0])

    assert [item.title for item in db.session.scalars(select(AgendaItem))] == ["Punkt 2"]


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin"])
def test_only_the_secretariat_edits_the_steering_groups_agenda(personas, body, create_meeting, who):
    meeting = create_meeting(body, items=1)
    with pytest.raises(PermissionDenied):
        agenda.add_agenda_item(personas[who], meeting, title="Eigener Punkt")
    with pytest.raises(PermissionDenied):
        agenda.move_agenda_item(personas[who], meeting.items[0], offset=1)


def test_a_cancelled_meetings_agenda_is_closed(personas, body, create_meeting):
    meeting = create_meeting(body, items=1, status="cancelled")
    with pytest.raises(InvalidInput):
        agenda.add_agenda_item(personas["secretariat"], meeting, title="Zu spät")


def test_a_bodys_own_template_replaces_the_default_agenda(personas, body):
    db.session.add_all(
        [
            AgendaTemplateItem(body_id=body.id, position=1, title="Aktuelles aus den Kommunen"),
            AgendaTemplateItem(body_id=body.id, position=0, title="Eröffnung", kind="information"),
        ]
    )
    db.session.commit()
    starts = in_days(30)
    meeting = scheduling.schedule_meeting(
        personas["secretariat"],
        body,
        title="Sitzung",
        starts_at=starts,
        ends_at=starts.replace(hour=15),
    )
    assert [title for _n, title in _numbers(meeting)] == ["Eröffnung", "Aktuelles aus den Kommunen"]


def test_the_public_sees_the_public_part_with_the_same_numbers(
    personas, create_body, create_meeting, create_agenda_item
):
    public_body = create_body(is_public=True, name="Öffentliche LG", slug="oeffentliche-lg")
    meeting = create_meeting(public_body, items=1, is_public=True)
    secret = create_agenda_item(meeting, title="Personalangelegenheit", is_public=False)
    create_agenda_item(meeting, parent=secret, title="Unterpunkt", is_public=True)
    create_agenda_item(meeting, title="Verschiedenes")

    page = queries.meeting_page(None, meeting)

    assert [(e.number, e.item.title) for e in page.agenda] == [
        ("1", "Punkt 1"),
        ("3", "Verschiedenes"),
    ]
    assert page.changes == []
